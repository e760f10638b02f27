/**
 * A static check that no extension source writes HTML from a string: with none of these sinks
 * in the code, text from a catalog or a page can only ever become text (Preact escapes it).
 * Comments are left out of the search, so a comment may still name the sinks it avoids.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['lib', 'components', 'entrypoints'];
const SINKS =
  /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|createContextualFragment|srcdoc)\b|\bdocument\s*\.\s*(write|writeln)\s*\(|\bDOMParser\b/;

/**
 * Files allowed a sink, each with its reason. lib/cli/read.ts runs in Node, not in the
 * extension: it loads a saved page into a happy-dom window with scripts disabled, to run the
 * readers on it from the command line.
 */
const ALLOWED = new Map([['lib/cli/read.ts', /\bdocument\s*\.\s*write\s*\(/]]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|jsx|html)$/.test(name) ? [path] : [];
  });
}

/** The code without its comments (strings kept: a sink named in a string is still suspect). */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('no HTML sinks in the extension', () => {
  const files = ROOTS.flatMap(sources);

  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files).toContain(join('components', 'panel', 'suggestion-item.tsx'));
  });

  it('no source under lib/, components/ or entrypoints/ writes HTML from a string', () => {
    const hits = files.flatMap((file) => {
      const allowed = ALLOWED.get(file.split('\\').join('/'));
      return withoutComments(readFileSync(file, 'utf8'))
        .split('\n')
        .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
        .filter(({ line }) => SINKS.test(allowed ? line.replace(allowed, '') : line))
        .map(({ line, at }) => `${at}: ${line.trim()}`);
    });
    expect(hits).toEqual([]);
  });

  it('would catch each sink (the pattern is not vacuous)', () => {
    for (const code of [
      'el.innerHTML = x',
      'el.outerHTML=x',
      'el.insertAdjacentHTML("beforeend", x)',
      '<div dangerouslySetInnerHTML={{ __html: x }} />',
      'document.write(x)',
      'new DOMParser()',
      'range.createContextualFragment(x)',
      'frame.srcdoc = x',
    ]) {
      expect(SINKS.test(withoutComments(code)), code).toBe(true);
    }
    expect(SINKS.test(withoutComments('// never innerHTML\n/* nor outerHTML */ const a = 1;'))).toBe(false);
  });
});
