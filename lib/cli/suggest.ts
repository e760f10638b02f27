import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseCatalogJson } from '../catalog/schema';
import { prospectContextSchema, type ProspectContext } from '../context/schema';
import type { StoredItem } from '../db/database';
import { rank } from '../match/suggest';
import type { CliIo, Command } from './io';

const USAGE = 'Usage: pitchside suggest --catalog <catalog.json> --context <context.json> [--limit N] [--query "words"] [--json]';

interface Args {
  catalog?: string;
  context?: string;
  limit: number;
  query?: string;
  json: boolean;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { limit: 10, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--json':
        out.json = true;
        break;
      case '--catalog':
        out.catalog = value();
        break;
      case '--context':
        out.context = value();
        break;
      case '--query':
        out.query = value();
        break;
      case '--limit': {
        const raw = value();
        const limit = Number(raw);
        if (!Number.isInteger(limit) || limit < 1) return `--limit must be a whole number of at least 1 (got ${raw ?? 'nothing'}).`;
        out.limit = limit;
        break;
      }
      default:
        return `Unknown option ${arg}.`;
    }
  }
  if (!out.catalog) return 'Missing --catalog <catalog.json>.';
  if (!out.context) return 'Missing --context <context.json>.';
  return out;
}

async function readText(path: string, what: string, io: CliIo): Promise<string | undefined> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`Cannot read the ${what} file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    return undefined;
  }
}

/** Parses a context file: the prospect context JSON of ../shared/spec/prospect-context.md. */
export function parseContext(text: string): { ok: true; context: ProspectContext } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'expected a JSON object' };
  // A context saved by hand may leave out where it came from.
  const parsed = prospectContextSchema.safeParse({ source: 'manual', url: '', ...value });
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`).join('; ') };
  }
  return { ok: true, context: parsed.data };
}

/** `pitchside suggest`: ranks a catalog file for a context file, as the panel would. */
export const run: Command = async (args, io) => {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed);
    io.err(USAGE);
    return 2;
  }
  const catalogText = await readText(parsed.catalog!, 'catalog', io);
  const contextText = await readText(parsed.context!, 'context', io);
  if (catalogText === undefined || contextText === undefined) return 2;

  const catalog = parseCatalogJson(catalogText);
  if (!catalog.ok) {
    io.err(`The catalog ${parsed.catalog} is not usable: ${catalog.error}`);
    return 2;
  }
  for (const problem of catalog.problems.filter((p) => !p.warning)) io.err(`Skipped catalog item ${problem.where}: ${problem.reason}`);
  const context = parseContext(contextText);
  if (!context.ok) {
    io.err(`The context ${parsed.context} is not a prospect context: ${context.error}`);
    return 2;
  }

  const items: StoredItem[] = catalog.catalog.items.map((item) => ({ ...item, key: `cli\u001f${item.id}`, sourceId: 'cli' }));
  const suggestions = rank(context.context, { items, vocabulary: catalog.catalog.vocabulary }, { limit: parsed.limit, query: parsed.query });

  if (parsed.json) {
    io.out(
      JSON.stringify({ suggestions: suggestions.map((s) => ({ id: s.item.id, title: s.item.title, url: s.item.url, score: s.score, reasons: s.reasons })) }),
    );
    return 0;
  }
  if (suggestions.length === 0) {
    io.out('No suggestions: nothing in the catalog matches this context.');
    return 0;
  }
  suggestions.forEach((s, i) => {
    const marks = [s.item.internalOnly ? 'internal only' : '', s.item.gated ? 'gated' : ''].filter(Boolean).join(', ');
    io.out(`${String(i + 1).padStart(2)}. ${s.item.title}${marks ? ` [${marks}]` : ''}  (${s.score.toFixed(2)})`);
    io.out(`    ${s.item.url}`);
    if (s.reasons.length > 0) io.out(`    ${s.reasons.join(' · ')}`);
  });
  return 0;
};
