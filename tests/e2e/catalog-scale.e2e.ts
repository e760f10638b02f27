import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, waitFor, type Harness } from './harness';
import { storedCatalog } from './synthetic';

// Evaluated inside the extension's service worker.
declare const indexedDB: IDBFactory;

/**
 * Bad input at scale, against a local HTTP server: a split catalog whose index lists a missing
 * part, parts that repeat each other's ids, a part that stalls half-way, and 2 GB responses
 * streamed from the server (never held in memory, here or in the extension). Each time: a
 * clear message, the previous catalog intact, and the background still answering.
 */
const GB2 = 2 * 1024 * 1024 * 1024;
const part = (prefix: string, n: number) =>
  JSON.stringify({
    version: 1,
    items: Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Item ${prefix}${i}`, url: `https://a.example/${prefix}${i}` })),
  });

type Mode = 'good' | 'missing' | 'overlap' | 'stall' | 'items-2gb' | 'blank-2gb';

function catalogServer() {
  const state = { mode: 'good' as Mode, sent: 0, open: new Set<ServerResponse>() };
  /** Writes `chunk` again and again up to `total` bytes, waiting for the socket to drain. */
  const stream = (response: ServerResponse, head: string, chunk: string, total: number) => {
    state.open.add(response);
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(total) });
    response.write(head);
    state.sent += head.length;
    const pump = () => {
      while (state.sent < total && !response.destroyed) {
        state.sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
    };
    response.on('close', () => state.open.delete(response));
    pump();
  };
  const server = createServer((request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    const parts = state.mode === 'missing' ? ['part-1.json', 'part-2.json', 'part-3.json'] : ['part-1.json', 'part-2.json'];
    if (path === '/c/index.json') {
      return void response
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ version: 1, publisher: 'Scale', parts: parts.map((url) => ({ url })) }));
    }
    if (path === '/c/part-1.json') return void response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"p1"' }).end(part('a', 60));
    if (path === '/c/part-2.json') {
      if (state.mode === 'overlap') return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(part('a', 5));
      if (state.mode === 'stall') {
        const body = part('b', 40);
        state.open.add(response);
        response.on('close', () => state.open.delete(response));
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
        return void response.write(body.slice(0, body.length / 2)); // and nothing more
      }
      if (state.mode === 'items-2gb') {
        return stream(response, '{"version":1,"items":[', '{"id":"x","title":"Endless","url":"https://a.example/x"},', GB2);
      }
      if (state.mode === 'blank-2gb') return stream(response, '{"version":1,"items":[', ' '.repeat(64 * 1024), GB2);
      return void response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"p2"' }).end(part('b', 40));
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  return { server, state };
}

async function countItems(h: Harness): Promise<number> {
  return (await storedCatalog(h.worker)).items.length;
}

type Answer = { outcomes: Array<{ ok: boolean; itemCount: number; message: string; error?: string }> };
const send = (page: Page, message: unknown) => page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message as never) as Promise<unknown>;

describe('a large or broken catalog, end to end', () => {
  let h: Harness;
  let catalog: ReturnType<typeof catalogServer>;
  let url: string;
  let options: Page;

  beforeAll(async () => {
    catalog = catalogServer();
    await new Promise<void>((resolve) => catalog.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(catalog.server.address() as AddressInfo).port}/c/index.json`;
    h = await launch();
    options = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    for (const response of catalog?.state.open ?? []) response.destroy();
    await h?.close();
    catalog?.server.close();
  });

  /** Syncs, and checks the background answers another message while the sync is under way. */
  async function syncWhileAsking(): Promise<Answer['outcomes'][number]> {
    const sync = send(options, { type: 'catalog:sync' }) as Promise<Answer>;
    let syncDone = false;
    void sync.then(() => (syncDone = true));
    // The background reads the body between other work: it answers while a sync runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answered = await send(options, { type: 'catalog:changed' });
    expect(answered).toMatchObject({ refreshed: expect.any(Boolean) });
    const answer = await sync;
    void syncDone;
    return answer.outcomes[0]!;
  }

  it('syncs a split catalog through the options page', async () => {
    const field = await options.waitForSelector('::-p-aria([name="Catalog URL"][role="textbox"])');
    await field!.type(url);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    const status = await waitFor(
      async () => {
        const text = await options.$eval('[role="status"]', (el) => el.textContent ?? '');
        return /items cached|failed/.test(text) ? text : null;
      },
      'the sync status',
      30_000,
    );
    expect(status).toContain('100 items cached');
    expect(await countItems(h)).toBe(100);
  });

  it('keeps the catalog when the index lists a missing part, and says which', async () => {
    catalog.state.mode = 'missing';
    const outcome = await syncWhileAsking();
    expect(outcome).toMatchObject({ ok: false, itemCount: 100 });
    expect(outcome.message).toMatch(/Part 3 of 3 \(http:\/\/127\.0\.0\.1:\d+\/c\/part-3\.json\): The server answered HTTP 404/);
    expect(outcome.message).toMatch(/The 100 items cached before are kept/);
    expect(await countItems(h)).toBe(100);
    // The options page shows the reason beside the source.
    await options.waitForFunction(() => document.body.innerText.includes('Part 3 of 3'), { timeout: 10_000 });
  });

  it('keeps the catalog when a part repeats the ids of another', async () => {
    catalog.state.mode = 'overlap';
    const outcome = await syncWhileAsking();
    expect(outcome).toMatchObject({ ok: false, itemCount: 100 });
    expect(outcome.message).toMatch(/Part 2 of 2 repeats 5 ids of part 1 \(the first: "a0"\): the parts of a catalog must not overlap/);
    expect(await countItems(h)).toBe(100);
  });

  it('keeps the catalog when a response goes on for 2 GB of items, and stops reading it at the item limit', async () => {
    catalog.state.mode = 'items-2gb';
    catalog.state.sent = 0;
    const outcome = await syncWhileAsking();
    expect(outcome).toMatchObject({ ok: false, itemCount: 100 });
    expect(outcome.message).toMatch(/more than 250,000 items, the limit/);
    expect(catalog.state.sent).toBeLessThan(GB2 / 20);
    expect(await countItems(h)).toBe(100);
  });

  it('keeps the catalog when a response sends 2 GB of nothing, and stops after 64 MB', async () => {
    catalog.state.mode = 'blank-2gb';
    catalog.state.sent = 0;
    const outcome = await syncWhileAsking();
    expect(outcome).toMatchObject({ ok: false, itemCount: 100 });
    expect(outcome.message).toMatch(/passed 64 MB without a single catalog item/);
    expect(catalog.state.sent).toBeLessThan(GB2 / 10);
    // Nothing of it is held: the worker's heap is far below what one copy of the body would need.
    const client = (h.worker as unknown as { client: { send(method: string): Promise<{ usedSize: number }> } }).client;
    await client.send('HeapProfiler.collectGarbage').catch(() => undefined);
    expect((await client.send('Runtime.getHeapUsage')).usedSize).toBeLessThan(64 * 1024 * 1024);
    expect(await countItems(h)).toBe(100);
  });

  it('keeps the catalog when a part stalls half-way, and says the server stopped sending', async () => {
    catalog.state.mode = 'stall';
    // The idle timeout is 30 s: the server sends half a part, then nothing.
    const outcome = await syncWhileAsking();
    expect(outcome).toMatchObject({ ok: false, itemCount: 100 });
    expect(outcome.message).toMatch(/Part 2 of 2 .*stopped sending the catalog for 30 seconds/);
    expect(await countItems(h)).toBe(100);
    catalog.state.mode = 'good';
    expect((await syncWhileAsking()).message).toContain('100 items cached');
  }, 90_000);
});
