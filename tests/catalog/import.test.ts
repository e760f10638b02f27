import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { importCatalogFile } from '@/lib/catalog/import';
import { MAX_CATALOG_BYTES } from '@/lib/catalog/parse';

let database: PitchsideDb;
let n = 0;
afterEach(async () => database?.delete());

const file = (name: string, text: string, size = new TextEncoder().encode(text).byteLength) => ({ name, size, text: async () => text });

describe('importing a catalog file', () => {
  it('imports a CSV as a source of its own, reporting progress', async () => {
    database = openDb(`import-test-${++n}`);
    const phases = new Set<string>();
    const outcome = await importCatalogFile(
      { database, onProgress: (p) => phases.add(p.phase) },
      file('items.csv', readFileSync('tests/fixtures/catalogs/items.csv', 'utf8')),
    );
    expect(outcome).toMatchObject({ ok: true, itemCount: 3, message: 'items.csv: 3 items cached, 1 invalid item skipped, 1 warning.' });
    expect([...phases]).toEqual(['checking', 'storing']);
    expect(await database.sources.get('file:items.csv')).toMatchObject({ kind: 'file', itemCount: 3, format: 'csv' });
  });

  it('refuses a file over the size limit before reading it, and keeps an earlier import', async () => {
    database = openDb(`import-test-${++n}`);
    await importCatalogFile({ database }, file('c.json', readFileSync('tests/fixtures/catalogs/small.json', 'utf8')));
    let read = false;
    const huge = { name: 'c.json', size: 50 * 1024 * 1024, text: async () => ((read = true), '') };
    const outcome = await importCatalogFile({ database }, huge);
    expect(read).toBe(false);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/too large \(50 MB\): the limit is 40 MB/), itemCount: 3 });
    expect(outcome.message).toMatch(/The 3 items imported before are kept/);
    expect(MAX_CATALOG_BYTES).toBeLessThan(huge.size);
    expect(await database.items.count()).toBe(3);
  });

  it.each([
    ['empty.json', '', /The file is empty/],
    ['page.html', '<html><body>hi</body></html>', /web page, not a catalog/],
    ['vocabulary.csv', readFileSync('tests/fixtures/catalogs/vocabulary.csv', 'utf8'), /This is a vocabulary CSV/],
    ['v2.json', '{"version":2,"items":[]}', /version must be 1/],
  ])('explains why %s is not imported', async (name, text, reason) => {
    database = openDb(`import-test-${++n}`);
    const outcome = await importCatalogFile({ database }, file(name, text));
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
    expect(await database.sources.count()).toBe(0);
  });
});
