import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { readPage, readerFor } from '../context/registry';
import { contextFields } from '../context/schema';
import { withTrace, type TraceEntry } from '../context/trace';
import type { Command } from './io';

const USAGE =
  'Usage: pitchside read <saved-page.html> --url <url> [--explain]   (the URL the page was saved from; --explain prints where each field was read from)';

/** The URL a browser noted when saving the page: `<!-- saved from url=(0045)https://… -->`, else the canonical link. */
function savedFrom(html: string): string | null {
  const comment = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 2000));
  if (comment) return comment[1]!;
  const canonical =
    /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)["']/i.exec(html) ?? /<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']/i.exec(html);
  return canonical?.[1] ?? null;
}

/**
 * Prints the prospect context the readers get from a saved page, as the extension would on the
 * live page: the page is loaded into happy-dom at its URL, without running its scripts.
 * Exit 0 read, 1 nothing could be read, 2 bad arguments or no such file.
 */
export const run: Command = async (args, io) => {
  let file: string | undefined;
  let url: string | undefined;
  let explain = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--url') url = args[++i];
    else if (arg.startsWith('--url=')) url = arg.slice(6);
    else if (arg === '--explain') explain = true;
    else if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
      return 0;
    } else if (arg.startsWith('-') || file) {
      io.err(`pitchside read: unexpected argument ${arg}\n${USAGE}`);
      return 2;
    } else file = arg;
  }
  if (!file) {
    io.err(`pitchside read: which saved page?\n${USAGE}`);
    return 2;
  }
  let html: string;
  try {
    html = await readFile(resolve(io.cwd, file), 'utf8');
  } catch {
    io.err(`pitchside read: cannot read ${file}: no such file, or not readable.`);
    return 2;
  }
  url ??= savedFrom(html) ?? undefined;
  if (!url) {
    io.err(`pitchside read: the page does not say where it was saved from; pass --url <url>.\n${USAGE}`);
    return 2;
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    io.err(`pitchside read: ${url} is not an http(s) URL.`);
    return 2;
  }

  const window = new Window({
    url,
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
  });
  try {
    window.document.write(html);
    const { result, trace } = withTrace(() => readPage(window.document as unknown as Document, url!));
    if (result.status === 'read') {
      io.out(JSON.stringify({ status: result.status, context: result.context }, null, 2));
      if (explain) io.out(explainText(result.context as Record<string, unknown>, trace, readerFor(new URL(url))?.name ?? 'none'));
      return 0;
    }
    if (explain) io.err(`pitchside read: reader ${readerFor(new URL(url))?.name ?? 'none'}; what it looked at:\n${trace.map(line).join('\n') || '  nothing'}`);
    io.out(JSON.stringify(result, null, 2));
    io.err(
      result.status === 'unsupported'
        ? `pitchside read: no reader knows ${url}. (LinkedIn and CRM list views, feeds and setup pages are not records.)`
        : `pitchside read: could not read a prospect from ${file} as ${url} (reader: ${result.source}). Was the record fully loaded when the page was saved?`,
    );
    return 1;
  } finally {
    await window.happyDOM.close();
  }
};

function line(entry: TraceEntry): string {
  return `  ${entry.field}: ${entry.how}${entry.element ? `  ←  ${entry.element}` : ''}`;
}

/** One line per context field: its value and the element or label it was read from. */
export function explainText(context: Record<string, unknown>, trace: readonly TraceEntry[], reader: string): string {
  const out = [`\nRead by the ${reader} reader. Where each field came from:`];
  for (const [field, label] of [...contextFields, ['text', 'Text'] as const]) {
    const value = context[field];
    const shown = Array.isArray(value) ? value.join('; ') : typeof value === 'string' ? (value.length > 60 ? `${value.slice(0, 57)}…` : value) : '';
    const from = trace.filter((t) => t.field === field);
    if (!shown) {
      out.push(`${label}: (empty)`);
      continue;
    }
    out.push(`${label}: ${shown}`);
    if (!from.length) out.push('  from: derived (record type, URL, page title or another field)');
    for (const entry of from.slice(0, 3)) out.push(`  from: ${entry.how}${entry.element ? `  ←  ${entry.element}` : ''}`);
  }
  return out.join('\n');
}
