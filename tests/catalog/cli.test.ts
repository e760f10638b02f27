import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '@/lib/cli/main';
import { parseCatalogJson } from '@/lib/catalog/schema';

const fixtures = resolve('tests/fixtures/catalogs');

async function cli(args: string[], cwd = fixtures) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pitchside check', () => {
  it('passes a clean catalog with status 0', async () => {
    const result = await cli(['check', 'small.json']);
    expect(result).toMatchObject({ code: 0, out: 'small.json: 3 valid items, 0 invalid, 0 warnings.' });
  });

  it('lists each problem with its row and fails with status 1', async () => {
    const result = await cli(['check', 'items.csv']);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'row 1: warning: unknown columns ignored: owner',
      'row 5: url must be an absolute https: URL (http: only for localhost)',
      'items.csv: 3 valid items, 1 invalid, 1 warning.',
    ]);
  });

  it('names JSON items by index and id', async () => {
    const result = await cli(['check', 'problems.json']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('items[3] (id "js"): url must be an absolute https: URL');
    expect(result.out).toContain('items[8] (id "us-date"): warning: updatedAt must be a date written YYYY-MM-DD: ignored ("09/01/2026")');
  });

  it('warns about tags that name no vocabulary concept, matching aliases loosely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-check-'));
    writeFileSync(join(dir, 'items.csv'), 'id,title,url,industries,products\na,A,https://a.example,Naval Yards;bakeries,zf\n');
    const result = await cli(['check', 'items.csv', '--vocabulary', join(fixtures, 'vocabulary.csv')], dir);
    expect(result.out).toContain('item "a": warning: industries "bakeries" names no concept of the industries vocabulary (kept as free text)');
    expect(result.out).not.toMatch(/Naval Yards"|"zf"/);
  });

  it('rejects a catalog that is invalid as a whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-check-'));
    writeFileSync(join(dir, 'c.json'), '{"version": 3, "items": []}');
    expect(await cli(['check', 'c.json'], dir)).toMatchObject({ code: 1, out: 'c.json: The catalog is not valid: version must be 1 (it is 3).' });
  });

  it('explains a missing file and a missing argument', async () => {
    expect(await cli(['check', 'nope.json'])).toMatchObject({ code: 2, err: expect.stringMatching(/nope\.json: no such file/) });
    expect(await cli(['check'])).toMatchObject({ code: 2, err: expect.stringMatching(/^Usage: pitchside check/) });
  });
});

describe('pitchside convert', () => {
  it('writes a JSON catalog the extension accepts, with the vocabulary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-convert-'));
    const result = await cli(['convert', 'items-semicolon.csv', '--vocabulary', 'vocabulary.csv', '--out', join(dir, 'c.json'), '--publisher', 'Ops']);
    expect(result.code).toBe(1); // the vocabulary has one unknown list
    const written = parseCatalogJson(readFileSync(join(dir, 'c.json'), 'utf8'));
    if (!written.ok) throw new Error(written.error);
    expect(written.catalog.publisher).toBe('Ops');
    expect(written.catalog.items.map((i) => i.id)).toEqual(['csv-a', 'csv-b']);
    expect(written.catalog.items[1]!.internalOnly).toBe(true);
    expect(written.catalog.vocabulary.products?.[0]?.id).toBe('zeph-flow');
    expect(written.problems).toEqual([]);
  });

  it('prints to stdout by default and exits 0 when clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-convert-'));
    writeFileSync(join(dir, 'v.csv'), 'list,id,label,aliases\ntypes,guide,Guide,handbook\n');
    writeFileSync(join(dir, 'i.csv'), 'id,title,url,type,gated\ng,Guide,https://a.example/g,guide,yes\n');
    const result = await cli(['convert', 'i.csv', '--vocabulary', 'v.csv'], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ version: 1, vocabulary: { types: [{ id: 'guide' }] }, items: [{ id: 'g', type: 'guide', gated: true }] });
  });
});

describe('pitchside convert --parts', () => {
  it('writes an index and parts that sync as one catalog, each item in the part its id hashes to', async () => {
    const { openDb } = await import('@/lib/db/database');
    const { reconcileSources, syncSource } = await import('@/lib/catalog/sync');
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-parts-'));
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, title: `Item ${i}`, url: `https://a.example/${i}` }));
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ version: 1, publisher: 'Ops', items }));
    const result = await cli(['convert', 'big.json', '--parts', '4', '--out', 'out/catalog.json'], dir);
    expect(result).toMatchObject({ code: 0, err: expect.stringMatching(/^Wrote out\/catalog.json and 4 parts beside it: 40 items/) });
    const index = JSON.parse(readFileSync(join(dir, 'out/catalog.json'), 'utf8'));
    expect(index).toMatchObject({ version: 1, publisher: 'Ops', parts: [1, 2, 3, 4].map((k) => ({ url: `catalog-part-${k}.json` })) });
    expect(index.items).toBeUndefined();
    const partIds = index.parts.map((part: { url: string }) =>
      JSON.parse(readFileSync(join(dir, 'out', part.url), 'utf8')).items.map((item: { id: string }) => item.id),
    );
    expect(partIds.flat().sort()).toEqual(items.map((item) => item.id).sort());
    expect(partIds.every((ids: string[]) => ids.length > 0)).toBe(true);

    // One item more: only its part changes.
    writeFileSync(
      join(dir, 'big.json'),
      JSON.stringify({ version: 1, publisher: 'Ops', items: [...items, { id: 'new', title: 'New', url: 'https://a.example/new' }] }),
    );
    await cli(['convert', 'big.json', '--parts', '4', '--out', 'out2/catalog.json'], dir);
    const changed = [1, 2, 3, 4].filter(
      (k) => readFileSync(join(dir, `out/catalog-part-${k}.json`), 'utf8') !== readFileSync(join(dir, `out2/catalog-part-${k}.json`), 'utf8'),
    );
    expect(changed).toHaveLength(1);

    // What the extension makes of it.
    const database = openDb(`cli-parts-${Math.random()}`);
    const url = 'https://cdn.example/out/catalog.json';
    await reconcileSources(database, { catalogUrls: [url], feedUrls: [], managed: {} });
    const fetch = (async (href: string) => new Response(readFileSync(join(dir, new URL(href).pathname), 'utf8'), { status: 200 })) as typeof globalThis.fetch;
    expect(await syncSource({ database, fetch }, `url:${url}`)).toMatchObject({ ok: true, itemCount: 40 });
    await database.delete();
  });

  it('needs --out and a sensible number', async () => {
    expect(await cli(['convert', 'small.json', '--parts', '3'])).toMatchObject({ code: 2, err: expect.stringMatching(/give the index file with --out/) });
    expect(await cli(['convert', 'small.json', '--parts', 'x', '--out', 'a.json'])).toMatchObject({ code: 2, err: expect.stringMatching(/whole number/) });
  });
});
