import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extensionPath } from './harness';
import { pageScripts, total } from './bundle';

/**
 * The panel's first script, from the build under test: byte counts, not times, so it holds on
 * any machine. Dexie and the ranker load after the first paint (components/panel/lazy.ts).
 */
describe("the panel's first script", () => {
  const { first, later } = pageScripts('sidepanel');
  const code = (files: typeof first) => files.map((script) => readFileSync(join(extensionPath, script.file), 'utf8')).join('\n');

  it('is at most 60 KB gzipped', () => {
    console.log(`panel: first paint ${(total(first) / 1024).toFixed(1)} KB gzipped, then ${(total(later) / 1024).toFixed(1)} KB`);
    expect(total(first)).toBeLessThanOrEqual(60 * 1024);
  });

  it('leaves the database and the ranker for later', () => {
    // Dexie names its own errors and version; the ranker's reason templates name "mentions".
    expect(code(first)).not.toMatch(/DatabaseClosedError/);
    expect(code(later)).toMatch(/DatabaseClosedError/);
    expect(later.some((script) => /suggest-/.test(script.file))).toBe(true);
    expect(first.some((script) => /suggest-|load-|events-/.test(script.file))).toBe(false);
  });
});
