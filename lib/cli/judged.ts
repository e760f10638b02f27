import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseCatalogJson } from '../catalog/schema';
import type { ProspectContext } from '../context/schema';
import type { StoredItem } from '../db/database';
import type { Judgment } from '../match/metrics';
import type { CatalogView } from '../match/suggest';
import { parseContext } from './suggest';

/**
 * Reading a judged set from files: a catalog (JSON catalog format), judgments
 * (`{"<context id>": {"must": [...], "good": [...], "never": [...], "why": "..."}}`) and a
 * directory of prospect contexts named `<context id>.json`. Every problem is one line; a
 * caller prints them all and exits 2.
 */
export interface Problems {
  problems: string[];
}

export async function readText(path: string, what: string, cwd: string, problems: string[]): Promise<string | undefined> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      `Cannot read the ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`,
    );
    return undefined;
  }
}

export async function loadCatalogFile(path: string, cwd: string, problems: string[], label = 'catalog'): Promise<CatalogView | undefined> {
  const text = await readText(path, `${label} file`, cwd, problems);
  if (text === undefined) return undefined;
  const parsed = parseCatalogJson(text);
  if (!parsed.ok) {
    problems.push(`The ${label} ${path} is not usable: ${parsed.error}`);
    return undefined;
  }
  const items: StoredItem[] = parsed.catalog.items.map((item) => ({ ...item, key: `cli\u001f${item.id}`, sourceId: 'cli' }));
  return { items, vocabulary: parsed.catalog.vocabulary };
}

/** The contexts of a directory, by file name without `.json`. */
export async function loadContexts(dir: string, cwd: string, problems: string[]): Promise<Map<string, ProspectContext> | undefined> {
  const full = resolve(cwd, dir);
  let names: string[];
  try {
    names = (await readdir(full)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      `Cannot read the contexts directory ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (error as Error).message}.`,
    );
    return undefined;
  }
  if (names.length === 0) {
    problems.push(`The contexts directory ${dir} holds no .json files.`);
    return undefined;
  }
  const out = new Map<string, ProspectContext>();
  for (const name of names) {
    const text = await readText(join(dir, name), 'context file', cwd, problems);
    if (text === undefined) continue;
    const parsed = parseContext(text);
    if (!parsed.ok) problems.push(`The context ${join(dir, name)} is not a prospect context: ${parsed.error}`);
    else out.set(basename(name, '.json'), parsed.context);
  }
  return out;
}

/** Judgments checked for shape; ids are checked against the catalog by `checkJudgments`. */
export async function loadJudgments(path: string, cwd: string, problems: string[]): Promise<Record<string, Judgment> | undefined> {
  const text = await readText(path, 'judgments file', cwd, problems);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    problems.push(`The judgments ${path} are not valid JSON (${(error as Error).message}).`);
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`The judgments ${path} must be an object of context id → {"must": [...], "good": [...], "never": [...]}.`);
    return undefined;
  }
  const out: Record<string, Judgment> = {};
  const before = problems.length;
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`Judgment ${id}: expected an object with "must" (and optionally "good", "never", "why").`);
      continue;
    }
    const j = raw as Record<string, unknown>;
    const list = (key: string, required: boolean): string[] | undefined => {
      const v = j[key];
      if (v === undefined && !required) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        problems.push(`Judgment ${id}: "${key}" must be a list of item ids${required ? '' : ' when given'}.`);
        return undefined;
      }
      return v as string[];
    };
    const must = list('must', true);
    const good = list('good', false);
    const never = list('never', false);
    if (must && must.length === 0) problems.push(`Judgment ${id}: "must" is empty; name at least one item that belongs in the top 5.`);
    if (must && good && never) out[id] = { must, good, never, why: typeof j.why === 'string' ? j.why : undefined };
  }
  if (Object.keys(value).length === 0) problems.push(`The judgments ${path} judge no context.`);
  return problems.length === before ? out : undefined;
}

/** Ids the judgments name that the catalog does not hold, and judged contexts without a file. */
export function checkJudgments(judgments: Record<string, Judgment>, view: CatalogView, contexts: Map<string, ProspectContext>, problems: string[]): void {
  const ids = new Set(view.items.map((item) => item.id));
  for (const [id, j] of Object.entries(judgments)) {
    if (!contexts.has(id)) problems.push(`Judgment ${id}: no context file ${id}.json in the contexts directory.`);
    for (const key of ['must', 'good', 'never'] as const) {
      const unknown = (j[key] ?? []).filter((x) => !ids.has(x));
      if (unknown.length > 0)
        problems.push(`Judgment ${id}: ${key} names ${unknown.length === 1 ? 'an id' : 'ids'} not in the catalog: ${unknown.join(', ')}.`);
    }
  }
}
