import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

/** Saved record pages, one folder per reader, each page with `<page>.expected.json`. */
export const FIXTURES = 'tests/fixtures/pages';

export interface Expectation {
  /** The page's real URL. */
  url: string;
  /** Fields the reader must get exactly right. */
  expected: Record<string, string | string[] | null>;
  /** Strings the context's text must contain. */
  textContains?: string[];
  /** Strings nowhere in the context: the previous record, the signed-in user, rails. */
  absent?: string[];
}

export interface Fixture extends Expectation {
  reader: string;
  file: string;
  html: string;
}

export function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const reader of readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const file of readdirSync(join(FIXTURES, reader))
      .filter((f) => f.endsWith('.html'))
      .sort()) {
      const path = join(FIXTURES, reader, file);
      const expectationPath = path.replace(/\.html$/, '.expected.json');
      if (!existsSync(expectationPath)) continue;
      const expectation = JSON.parse(readFileSync(expectationPath, 'utf8')) as Expectation;
      out.push({ reader, file: path, html: readFileSync(path, 'utf8'), ...expectation });
    }
  }
  return out;
}

/** A saved page loaded into happy-dom at its real URL, without running its scripts. */
export function load(html: string, url: string): { window: Window; document: Document } {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  window.document.write(html);
  return { window, document: window.document as unknown as Document };
}
