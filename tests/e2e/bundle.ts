import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { extensionPath } from './harness';

export interface Script {
  file: string;
  gzip: number;
}

const gzipped = (file: string): Script => ({ file, gzip: gzipSync(readFileSync(join(extensionPath, file)), { level: 9 }).byteLength });

/**
 * What an extension page of the built extension loads, gzipped as a store package or a CDN
 * compresses it: `first` is what the page's HTML names (its module script and the modules it
 * preloads: all of it before the first paint); `later` the chunks reached only through dynamic
 * `import()` from those, transitively (the worker script aside: it is a file of its own).
 */
export function pageScripts(page: 'sidepanel' | 'options' | 'insights'): { first: Script[]; later: Script[] } {
  const html = readFileSync(join(extensionPath, `${page}.html`), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
  const first = closure(named, false);
  const later = closure(first, true).filter((file) => !first.includes(file));
  return { first: first.map(gzipped), later: later.map(gzipped) };
}

/** The files `start` reaches through static imports (and dynamic ones too, with `dynamic`), `start` included. */
function closure(start: readonly string[], dynamic: boolean): string[] {
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    const code = readFileSync(join(extensionPath, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const match of code.matchAll(/(import\(|from)\s*["`]\.\/([^"`]+\.js)["`]/g)) {
      const next = dir + match[2]!;
      if (seen.has(next) || (match[1] === 'import(' && !dynamic)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen];
}

export const total = (scripts: readonly Script[]) => scripts.reduce((sum, script) => sum + script.gzip, 0);

/** Every chunk file of the build (to tell a page's scripts from the rest in a report). */
export const chunkFiles = () => readdirSync(join(extensionPath, 'chunks'));
