/**
 * The record pages written outside the team (../shared/pages, see its README), each served at
 * its real URL in Chromium and read through the built extension (./read-through.ts). The context
 * the background keeps for the tab (what the panel's Prospect region shows) is graded with the
 * set's own grade.mjs. Prints the accuracy per page; fails on any hard failure (another record's
 * or person's value shown) or under 95% of graded fields.
 *
 * PITCHSIDE_SHARED points at another copy of the shared folder; without one the suite says so
 * and skips.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readingThroughExtension } from './read-through';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const shared = resolve(process.env.PITCHSIDE_SHARED ?? join(root, '..', 'shared'));
const pagesDir = join(shared, 'pages');
const present = existsSync(join(pagesDir, 'grade.mjs'));
if (!present) console.warn(`shared-pages.e2e: ${pagesDir} is absent (set PITCHSIDE_SHARED to the shared folder); the suite is skipped.`);

interface SharedPage {
  file: string;
  url: string;
  html: string;
  spec: Record<string, unknown> & { url: string };
}

function pages(): SharedPage[] {
  if (!present) return [];
  return readdirSync(pagesDir)
    .filter((f) => /^\d+-.*\.json$/.test(f))
    .sort()
    .map((f) => {
      const spec = JSON.parse(readFileSync(join(pagesDir, f), 'utf8')) as SharedPage['spec'];
      return { file: f.replace(/\.json$/, ''), url: spec.url, html: readFileSync(join(pagesDir, f.replace(/\.json$/, '.html')), 'utf8'), spec };
    });
}

interface Row {
  field: string;
  ok: boolean;
  hard: boolean;
  want: unknown;
  have: unknown;
  why: string;
}
type Grade = (context: unknown, page: unknown) => { rows: Row[]; ok: number; total: number; hard: number };

describe.skipIf(!present)('the shared record pages, read through the extension in Chromium', () => {
  let grade: Grade;
  const results: { page: string; ok: number; total: number; hard: Row[]; misses: Row[] }[] = [];

  const reading = readingThroughExtension(pages(), 'shared-pages');

  beforeAll(async () => {
    grade = ((await import(pathToFileURL(join(pagesDir, 'grade.mjs')).href)) as { grade: Grade }).grade;
    await reading.launch();
  });

  afterAll(async () => {
    await reading.close();
    if (!results.length) return;
    const ok = results.reduce((n, r) => n + r.ok, 0);
    const total = results.reduce((n, r) => n + r.total, 0);
    const lines = results.map(
      (r) =>
        `${r.page.padEnd(40)} ${String(r.ok).padStart(2)}/${r.total}${r.hard.length ? `  HARD: ${r.hard.map((x) => `${x.field}=${JSON.stringify(x.have)}`).join(', ')}` : ''}${r.misses.length ? `  miss: ${r.misses.map((x) => x.field).join(', ')}` : ''}`,
    );
    console.log(
      `Shared pages through the extension:\n${lines.join('\n')}\nTotal ${ok}/${total} = ${((100 * ok) / total).toFixed(1)}% of graded fields, ${results.reduce((n, r) => n + r.hard.length, 0)} hard failures`,
    );
  });

  it.each(pages().map((p) => [p.file, p] as const))('%s', async (_name, page) => {
    const { state, errors } = await reading.read(page);
    const result = grade(state.context ?? {}, page.spec);
    const hard = result.rows.filter((r) => r.hard);
    const misses = result.rows.filter((r) => !r.ok && !r.hard);
    results.push({ page: page.file, ok: result.ok, total: result.total, hard, misses });
    for (const miss of misses)
      console.log(`${page.file}: ${miss.field} ${JSON.stringify(miss.have ?? null)} (${miss.why}; want ${JSON.stringify(miss.want ?? null)})`);
    expect(hard, 'hard failures: another record’s or person’s value').toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reads at least 95% of the graded fields', () => {
    const ok = results.reduce((n, r) => n + r.ok, 0);
    const total = results.reduce((n, r) => n + r.total, 0);
    expect(total).toBeGreaterThan(0);
    expect(ok / total).toBeGreaterThanOrEqual(0.95);
  });
});
