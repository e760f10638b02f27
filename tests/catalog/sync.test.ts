import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type CatalogSource, type PitchsideDb } from '@/lib/db/database';
import { isDue, reconcileSources, retryDelayMinutes, syncSource } from '@/lib/catalog/sync';
import { MAX_BYTES_WITHOUT_ITEM } from '@/lib/catalog/sync';
import { readItems } from '@/lib/db/items';

const small = readFileSync('tests/fixtures/catalogs/small.json', 'utf8');
const URL_A = 'https://catalog.example/a.json';

let database: PitchsideDb;
let n = 0;
afterEach(async () => database?.delete());

interface Call {
  url: string;
  headers: Record<string, string>;
}

/** A catalog server as a fetch function: answers from a queue of responses. */
function server(...answers: Array<Response | Error | 'hang'>) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const answer = answers.shift() ?? new Response('no more answers', { status: 599 });
    if (answer === 'hang') {
      return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const ok = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });

async function setup(): Promise<PitchsideDb> {
  database = openDb(`sync-test-${++n}`);
  await reconcileSources(database, { catalogUrls: [URL_A], feedUrls: [], managed: {} });
  return database;
}
const sourceId = `url:${URL_A}`;
const source = () => database.sources.get(sourceId) as Promise<CatalogSource>;

describe('syncing a URL source', () => {
  it('stores a catalog, then sends a conditional request; a 304 changes nothing', async () => {
    const db = await setup();
    const { fetch, calls } = server(ok(small, { etag: '"v1"', 'last-modified': 'Mon, 23 Nov 2026 10:00:00 GMT' }), new Response(null, { status: 304 }));
    let clock = 1000;
    const first = await syncSource({ database: db, fetch, now: () => clock }, sourceId);
    expect(first).toMatchObject({ ok: true, itemCount: 3, message: expect.stringContaining('3 items cached') });
    expect(calls[0]!.headers).toEqual({});
    const stored = await source();
    expect(stored).toMatchObject({ itemCount: 3, etag: '"v1"', publisher: 'Fixture Marketing', lastGoodSyncAt: 1000, failures: 0 });

    clock = 5000;
    const second = await syncSource({ database: db, fetch, now: () => clock }, sourceId);
    expect(calls[1]!.headers).toEqual({ 'If-None-Match': '"v1"', 'If-Modified-Since': 'Mon, 23 Nov 2026 10:00:00 GMT' });
    expect(second).toMatchObject({ ok: true, changed: false, itemCount: 3 });
    expect(await source()).toMatchObject({ itemCount: 3, lastGoodSyncAt: 1000, lastCheckedAt: 5000 });
    expect((await readItems(db)).length).toBe(3);
  });

  it.each([
    ['an HTTP error', new Response('oops', { status: 500, statusText: 'Internal Server Error' }), /HTTP 500 Internal Server Error/],
    ['invalid JSON', ok('{"version": 1, "items": ['), /not valid JSON/],
    ['a wrong version', ok('{"version": 2, "items": []}'), /version must be 1/],
    ['an empty body', ok(''), /The catalog is empty/],
    ['an HTML page', ok('<!doctype html><title>Login</title>', { 'content-type': 'text/html' }), /web page, not a catalog/],
    ['a network error', new TypeError('Failed to fetch'), /Could not reach catalog\.example/],
    ['a truncated catalog', ok(small.slice(0, small.length / 2)), /not valid JSON/],
    ['a timeout', 'hang' as const, /did not answer within 0.05 seconds/],
  ])('keeps the previous items after %s and records why', async (_, answer, reason) => {
    const db = await setup();
    const { fetch } = server(ok(small), answer);
    await syncSource({ database: db, fetch, now: () => 1000 }, sourceId);
    const failed = await syncSource({ database: db, fetch, now: () => 9000, timeoutMs: 50 }, sourceId);
    expect(failed).toMatchObject({ ok: false, itemCount: 3, error: expect.stringMatching(reason) });
    expect(failed.message).toMatch(/The 3 items cached before are kept/);
    expect((await readItems(db)).length).toBe(3);
    expect(await source()).toMatchObject({ itemCount: 3, lastGoodSyncAt: 1000, lastAttemptAt: 9000, failures: 1, lastError: expect.stringMatching(reason) });
  });

  it('stops reading a body that sends no item for 64 MB', async () => {
    const db = await setup();
    const chunk = new Uint8Array(8 * 1024 * 1024).fill(32);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const { fetch } = server(new Response(stream, { status: 200 }));
    const result = await syncSource({ database: db, fetch }, sourceId);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/passed 64 MB without a single catalog item/) });
    expect(sent).toBeLessThan(MAX_BYTES_WITHOUT_ITEM + 3 * chunk.byteLength);
  });

  it('times out on silence, not on a long download that keeps arriving', async () => {
    const db = await setup();
    const bytes = new TextEncoder().encode(small);
    // A real fetch errors the body when its signal aborts; this fake does the same.
    const trickle = (stallAfter: number): typeof globalThis.fetch =>
      (async (_url: string, init: RequestInit = {}) => {
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const aborted = new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
            await Promise.race([new Promise((r) => setTimeout(r, sent >= stallAfter ? 1000 : 30)), aborted]);
            const piece = bytes.slice(sent, sent + 200);
            sent += piece.byteLength;
            if (piece.byteLength) controller.enqueue(piece);
            else controller.close();
          },
        });
        return new Response(body);
      }) as typeof globalThis.fetch;
    // Chunks 30 ms apart, over 150 ms in all, with an 80 ms timeout: fine.
    expect(bytes.byteLength).toBeGreaterThan(1000);
    expect(await syncSource({ database: db, fetch: trickle(Infinity), timeoutMs: 80 }, sourceId)).toMatchObject({ ok: true, itemCount: 3 });
    await db.sources.update(sourceId, { etag: undefined, lastModified: undefined });
    const stalled = await syncSource({ database: db, fetch: trickle(400), timeoutMs: 80 }, sourceId);
    expect(stalled).toMatchObject({ ok: false, itemCount: 3, error: expect.stringMatching(/stopped sending the catalog for 0.08 seconds/) });
  });

  it('counts consecutive failures and clears them after a good sync', async () => {
    const db = await setup();
    const { fetch } = server(new Response('', { status: 503 }), new Response('', { status: 503 }), ok(small));
    await syncSource({ database: db, fetch }, sourceId);
    await syncSource({ database: db, fetch }, sourceId);
    expect((await source()).failures).toBe(2);
    await syncSource({ database: db, fetch }, sourceId);
    const after = await source();
    expect(after.failures).toBe(0);
    expect(after.lastError).toBeUndefined();
  });

  it('lists skipped items on the source', async () => {
    const db = await setup();
    const { fetch } = server(ok(readFileSync('tests/fixtures/catalogs/problems.json', 'utf8')));
    const result = await syncSource({ database: db, fetch }, sourceId);
    expect(result).toMatchObject({ ok: true, itemCount: 7, skipped: 7 });
    const stored = await source();
    expect(stored.problems?.filter((p) => !p.warning)).toHaveLength(7);
    expect(stored.totalInCatalog).toBe(14);
  });

  it('reads a CSV and a feed from a URL', async () => {
    const db = await setup();
    const { fetch } = server(
      new Response(readFileSync('tests/fixtures/catalogs/items.csv'), { headers: { 'content-type': 'text/csv' } }),
      new Response(readFileSync('tests/fixtures/catalogs/feed-rss.xml'), { headers: { 'content-type': 'application/rss+xml' } }),
    );
    expect(await syncSource({ database: db, fetch }, sourceId)).toMatchObject({ ok: true, itemCount: 3 });
    expect((await source()).format).toBe('csv');
    expect(await syncSource({ database: db, fetch }, sourceId)).toMatchObject({ ok: true, itemCount: 2 });
    expect((await source()).format).toBe('feed');
  });
});

describe('schedule', () => {
  it('backs off 2, 4, 8… minutes, never beyond the interval', () => {
    expect([1, 2, 3, 4, 10].map((f) => retryDelayMinutes(f, 6))).toEqual([2, 4, 8, 16, 360]);
    expect(retryDelayMinutes(9, 0.25)).toBe(15);
  });

  it('is due after the interval, or after the retry delay when failing', () => {
    const base: CatalogSource = { id: 's', kind: 'url', name: 's', url: URL_A, vocabulary: {}, itemCount: 0 };
    const hour = 3_600_000;
    expect(isDue(base, 6, 0)).toBe(true);
    expect(isDue({ ...base, lastAttemptAt: 0 + 1 }, 6, 5 * hour)).toBe(false);
    expect(isDue({ ...base, lastAttemptAt: 1 }, 6, 6 * hour + 1)).toBe(true);
    expect(isDue({ ...base, lastAttemptAt: 1000, failures: 2 }, 6, 1000 + 3 * 60_000)).toBe(false);
    expect(isDue({ ...base, lastAttemptAt: 1000, failures: 2 }, 6, 1000 + 4 * 60_000)).toBe(true);
    expect(isDue({ ...base, url: undefined }, 6, 100 * hour)).toBe(false);
  });
});

describe('reconciling sources with settings', () => {
  it('adds listed URLs, marks policy ones, removes unlisted URL sources with their items, keeps others', async () => {
    database = openDb(`sync-test-${++n}`);
    await database.sources.put({ id: 'file:x.csv', kind: 'file', name: 'x.csv', vocabulary: {}, itemCount: 0 });
    await reconcileSources(database, {
      catalogUrls: [URL_A, 'https://it.example/c.json'],
      feedUrls: [],
      managed: { catalogUrls: ['https://it.example/c.json'] },
    });
    expect((await database.sources.toArray()).map((s) => [s.id, Boolean(s.managed)]).sort()).toEqual([
      ['file:x.csv', false],
      ['url:https://catalog.example/a.json', false],
      ['url:https://it.example/c.json', true],
    ]);
    const { fetch } = server(ok(small));
    await syncSource({ database, fetch }, sourceId);
    await reconcileSources(database, { catalogUrls: ['https://it.example/c.json'], feedUrls: [], managed: { catalogUrls: ['https://it.example/c.json'] } });
    expect((await database.sources.toArray()).map((s) => s.id).sort()).toEqual(['file:x.csv', 'url:https://it.example/c.json']);
    expect((await readItems(database)).length).toBe(0);
    // Managed storage unreadable (not withdrawn): IT's source stays.
    await reconcileSources(database, { catalogUrls: [], feedUrls: [], managed: {}, managedRead: false });
    expect((await database.sources.toArray()).map((s) => s.id).sort()).toEqual(['file:x.csv', 'url:https://it.example/c.json']);
    await reconcileSources(database, { catalogUrls: [], feedUrls: [], managed: {}, managedRead: true });
    expect((await database.sources.toArray()).map((s) => s.id)).toEqual(['file:x.csv']);
  });
});
