import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, launch, resumeStartingWorker, waitFor, type Harness, type WorkerVersions } from './harness';
import { storedCatalog } from './synthetic';

/**
 * A service worker stopped in the middle of writing a new catalog leaves the old one whole:
 * the write is one IndexedDB transaction, which the browser aborts with the worker. The next
 * worker redoes the sync at its start (lib/background/interrupted.ts).
 * (Chrome's extension samples stop the worker the same way, over CDP: tutorial.terminate-sw.)
 */

const big = JSON.stringify({
  version: 1,
  items: Array.from({ length: 60_000 }, (_, i) => ({ id: `big-${i}`, title: `Big item ${i}`, url: `https://big.example/${i}`, keywords: ['big'] })),
});

/** Counts the cached items of a source, and reads its record, from an extension page. */
async function cached(page: Page, sourceId: string): Promise<{ count: number; titles: string[]; itemCount: number }> {
  const { items, source } = await storedCatalog(page, sourceId);
  return { count: items.length, titles: items.map((i) => i.title).sort(), itemCount: source?.itemCount ?? 0 };
}

describe('a service worker stopped mid-sync', () => {
  let h: Harness;
  let server: Server;
  const state = { body: fixture('tests/fixtures/catalogs/e2e.json'), etag: '"small"', hold: false };
  /** Requests held while `state.hold`, answered by `release`. */
  const held: Array<() => void> = [];
  const release = () => {
    state.hold = false;
    for (const answer of held.splice(0)) answer();
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const cors = {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
        'Access-Control-Expose-Headers': 'ETag',
      };
      if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
      if (request.headers['if-none-match'] === state.etag) return void response.writeHead(304, cors).end();
      const answer = () => response.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: state.etag }).end(state.body);
      if (state.hold) held.push(answer);
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    h = await launch();
  });
  afterAll(async () => {
    release();
    await h?.close();
    server?.close();
  });

  it('leaves the old catalog whole, and the next worker stores the new one without Sync now', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.json`;
    const sourceId = `url:${url}`;
    const options = await h.openExtensionPage('options.html');
    await options.type('::-p-aria([name="Catalog URL"][role="textbox"])', url);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitFor(async () => (await options.$eval('[role="status"]', (el) => el.textContent ?? '')).includes('4 items'), 'the first sync');
    const before = await cached(options, sourceId);
    expect(before.count).toBe(4);

    state.body = big;
    state.etag = '"big"';
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    // Stop the worker once it is writing the new items.
    await waitFor(
      () =>
        options.evaluate(async () => {
          const progress = (await chrome.storage.session.get('catalog:progress'))['catalog:progress'] as {
            phase?: string;
            done?: number;
            total?: number;
          } | null;
          return progress?.phase === 'storing' && progress.done! < progress.total!;
        }),
      'the worker to be writing',
      30_000,
    );
    // The next worker's download of the catalog waits until the old one has been checked.
    state.hold = true;
    const cdp = await options.createCDPSession();
    // The next worker would sit paused "waiting for the debugger" under Puppeteer (see
    // stopWorkers in faults.e2e.ts): resume it, as a browser without Puppeteer does by itself.
    cdp.on('ServiceWorker.workerVersionUpdated', (event: WorkerVersions) => resumeStartingWorker(h, event));
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    await waitFor(async () => held.length > 0, 'the next worker to fetch the catalog again', 30_000);
    const after = await cached(options, sourceId);
    expect(after).toEqual(before);
    release();
    const status = await waitFor(
      async () => {
        const text = await options.$eval('[role="status"]', (el) => el.textContent ?? '');
        return /interrupted|items cached/.test(text) ? text : null;
      },
      'the redone sync to be reported',
      60_000,
    );
    expect(status).toMatch(/The sync was interrupted \(the extension restarted\), so Pitchside did it again\. .*60000 items cached/);
    expect((await cached(options, sourceId)).count).toBe(60_000);
  }, 120_000);
});

declare const chrome: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } };
