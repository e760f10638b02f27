import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { reconcileSources, syncSource } from '@/lib/catalog/sync';
import { readCatalogChunks } from '@/lib/catalog/parse';
import { parseCatalogJson } from '@/lib/catalog/schema';
import { readItems } from '@/lib/db/items';

let database: PitchsideDb;
let n = 0;
afterEach(async () => database?.delete());

const INDEX = 'https://cdn.example/catalog/index.json';
const part = (ids: string[], title = 't') =>
  JSON.stringify({ version: 1, items: ids.map((id) => ({ id, title: `${title} ${id}`, url: `https://a.example/${id}` })) });

/** A CDN as a fetch function: each path has a body and an ETag; If-None-Match gets a 304. */
function cdn(files: Record<string, { body: string; etag: string } | number>) {
  const calls: string[] = [];
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const path = new URL(url).pathname;
    const file = files[path];
    const conditional = (init.headers as Record<string, string>)['If-None-Match'];
    calls.push(`${path}${conditional ? ' (conditional)' : ''}`);
    if (file === undefined) return new Response('not found', { status: 404, statusText: 'Not Found' });
    if (typeof file === 'number') return new Response('', { status: file });
    if (conditional === file.etag) return new Response(null, { status: 304 });
    return new Response(file.body, { status: 200, headers: { etag: file.etag, 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

async function setup() {
  database = openDb(`parts-test-${++n}`);
  await reconcileSources(database, { catalogUrls: [INDEX], feedUrls: [], managed: {} });
  return database;
}
const id = `url:${INDEX}`;
const index = JSON.stringify({
  version: 1,
  publisher: 'Split',
  vocabulary: { types: [{ id: 'guide', label: 'Guide' }] },
  parts: [{ url: 'part-1.json' }, { url: 'part-2.json' }],
});

describe('a catalog split into parts', () => {
  it('fetches every part, then only the parts that changed, and a 304 everywhere changes nothing', async () => {
    const db = await setup();
    const files: Record<string, { body: string; etag: string }> = {
      '/catalog/index.json': { body: index, etag: '"i1"' },
      '/catalog/part-1.json': { body: part(['a', 'b']), etag: '"p1"' },
      '/catalog/part-2.json': { body: part(['c', 'd']), etag: '"p2"' },
    };
    const server = cdn(files);
    expect(await syncSource({ database: db, fetch: server.fetch, now: () => 1 }, id)).toMatchObject({ ok: true, itemCount: 4, written: 4 });
    expect(await db.sources.get(id)).toMatchObject({ publisher: 'Split', vocabulary: { types: [{ id: 'guide' }] }, itemCount: 4 });

    files['/catalog/part-2.json'] = { body: part(['c', 'e'], 'new'), etag: '"p2b"' };
    server.calls.length = 0;
    const second = await syncSource({ database: db, fetch: server.fetch, now: () => 2 }, id);
    expect(server.calls).toEqual(['/catalog/index.json (conditional)', '/catalog/part-1.json (conditional)', '/catalog/part-2.json (conditional)']);
    expect(second).toMatchObject({ ok: true, changed: true, itemCount: 4, written: 2, deleted: 1 });
    expect((await readItems(db)).map((item) => item.title).sort()).toEqual(['new c', 'new e', 't a', 't b']);

    const third = await syncSource({ database: db, fetch: server.fetch, now: () => 3 }, id);
    expect(third).toMatchObject({ ok: true, changed: false, itemCount: 4 });
    expect(await db.sources.get(id)).toMatchObject({ lastGoodSyncAt: 2, lastCheckedAt: 3 });
  });

  it.each([
    [
      'lists a missing part',
      { '/catalog/part-2.json': undefined },
      /Part 2 of 2 \(https:\/\/cdn\.example\/catalog\/part-2\.json\): The server answered HTTP 404/,
    ],
    [
      'has parts that repeat ids',
      { '/catalog/part-2.json': { body: part(['b', 'x']), etag: '"p2x"' } },
      /Part 2 of 2 repeats 1 id of part 1 \(the first: "b"\)/,
    ],
    ['has a broken part', { '/catalog/part-1.json': { body: '{"version":1,"items":[{"id":', etag: '"p1x"' } }, /Part 1 of 2 .*not valid JSON/],
  ])('keeps the cached catalog when the index %s', async (_, change, reason) => {
    const db = await setup();
    const files: Record<string, { body: string; etag: string } | undefined> = {
      '/catalog/index.json': { body: index, etag: '"i1"' },
      '/catalog/part-1.json': { body: part(['a', 'b']), etag: '"p1"' },
      '/catalog/part-2.json': { body: part(['c', 'd']), etag: '"p2"' },
    };
    await syncSource({ database: db, fetch: cdn(files as never).fetch }, id);
    Object.assign(files, change);
    for (const [key, value] of Object.entries(files)) if (value === undefined) delete files[key];
    const failed = await syncSource({ database: db, fetch: cdn(files as never).fetch }, id);
    expect(failed).toMatchObject({ ok: false, itemCount: 4, error: expect.stringMatching(reason) });
    expect(failed.message).toMatch(/The 4 items cached before are kept/);
    expect((await readItems(db)).map((item) => item.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the streaming JSON reader', () => {
  const text = readFileSync('tests/fixtures/catalogs/problems.json', 'utf8');
  const whole = parseCatalogJson(text);

  it('reads a catalog the same wherever the chunks end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 30 }), async (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, i) => text.slice(points[i], end));
        const out = await readCatalogChunks(chunks, { name: 'x.json' });
        expect(out.ok && whole.ok).toBe(true);
        if (!out.ok || !whole.ok) return;
        expect(out.fresh).toEqual(whole.catalog.items);
        expect(out.problems).toEqual(whole.problems);
        expect(out.vocabulary).toEqual(whole.catalog.vocabulary);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['{"version":1,"items":[]} x', /text after the end/],
    ['{"version":1,"items":[{"id":"a","title":"t","url":"https://a.example"}', /ends before its last/],
    ['{"version":1 "items":[]}', /expected "," or "}"/],
    ['[{"id":"a"}]', /must be a JSON object/],
    ['{"version":1}', /"items" is missing/],
  ])('explains %s', async (input, reason) => {
    expect(await readCatalogChunks([input], { name: 'x.json' })).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
  });

  it('skips an item larger than 1 MB without holding it, and reads the rest', async () => {
    const huge = `{"id":"big","title":"t","url":"https://a.example","description":"${'\\\\"'.repeat(400_000)}"}`;
    const out = await readCatalogChunks(
      [`{"version":1,"items":[`, huge.slice(0, 500_000), huge.slice(500_000), `,{"id":"ok","title":"t","url":"https://a.example"}]}`],
      { name: 'x.json' },
    );
    expect(out).toMatchObject({ ok: true, total: 2, fresh: [{ id: 'ok' }], problems: [{ where: 'items[0]', reason: 'is larger than 1 MB: skipped' }] });
  });
});

describe('the streaming CSV reader', () => {
  const text = `${readFileSync('tests/fixtures/catalogs/items.csv', 'utf8').replace(/\n/g, '\r\n')}q1,"Quoted, with ""quotes""\nand a line break",https://a.example/q\r\n`;

  it('reads a CSV the same wherever the chunks end, quotes and CRLF included', async () => {
    const whole = await readCatalogChunks([text], { name: 'items.csv' });
    expect(whole).toMatchObject({ ok: true, format: 'csv' });
    if (!whole.ok) return;
    expect(whole.fresh.find((item) => item.id === 'q1')?.title).toBe('Quoted, with "quotes"\nand a line break');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 20 }), async (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        const out = await readCatalogChunks(
          points.slice(1).map((end, i) => text.slice(points[i], end)),
          { name: 'items.csv' },
        );
        expect(out).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
