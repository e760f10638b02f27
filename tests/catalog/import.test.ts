import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { importCatalogFile } from '@/lib/catalog/import';
import { MAX_CATALOG_ITEMS } from '@/lib/catalog/collect';
import { readItems } from '@/lib/db/items';

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

  it('refuses a file past the item limit, and keeps an earlier import', async () => {
    database = openDb(`import-test-${++n}`);
    await importCatalogFile({ database }, file('c.json', readFileSync('tests/fixtures/catalogs/small.json', 'utf8')));
    // Entries count whether valid or not: the cheapest entry there is will do.
    const items = Array.from({ length: MAX_CATALOG_ITEMS + 1 }, () => '0');
    const outcome = await importCatalogFile({ database }, file('c.json', `{"version":1,"items":[${items.join(',')}]}`));
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/more than 250,000 items/), itemCount: 3 });
    expect(outcome.message).toMatch(/The 3 items imported before are kept/);
    expect((await readItems(database)).length).toBe(3);
  });

  it('reads a file as a stream and stores a re-import as a difference', async () => {
    database = openDb(`import-test-${++n}`);
    const catalog = (titles: string[]) =>
      JSON.stringify({ version: 1, items: titles.map((title, i) => ({ id: `i${i}`, title, url: `https://a.example/${i}` })) });
    const blob = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      // Split mid-character and mid-token: the reader must not care where pieces end.
      const stream = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
            controller.close();
          },
        });
      return {
        name: 'big.json',
        size: bytes.length,
        text: async () => {
          throw new Error('read whole');
        },
        stream,
      };
    };
    const first = await importCatalogFile({ database }, blob(catalog(['Ünïcode one', 'two', 'three', 'four'])));
    expect(first).toMatchObject({ ok: true, itemCount: 4, written: 4 });
    const second = await importCatalogFile({ database }, blob(catalog(['Ünïcode one', 'two, revised', 'three'])));
    expect(second).toMatchObject({ ok: true, itemCount: 3, written: 1, deleted: 1, changed: true });
    expect((await readItems(database)).map((item) => item.title).sort()).toEqual(['three', 'two, revised', 'Ünïcode one']);
    const third = await importCatalogFile({ database }, blob(catalog(['Ünïcode one', 'two, revised', 'three'])));
    expect(third).toMatchObject({ ok: true, written: 0, deleted: 0, changed: false });
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
