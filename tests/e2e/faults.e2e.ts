import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, launch, resumeStartingWorker, waitFor, type Harness, type WorkerVersions } from './harness';
import { storedCatalog } from './synthetic';

/**
 * Faults a catalog host, the browser and the disk can throw at a sync or an import, each
 * tried end to end: a local node:http server plays the catalog host, the rep's path is the
 * options page, and what is checked is what a rep and the panel would see: the status line,
 * the source's "Last sync failed" note, and the items stored in IndexedDB. For every fault:
 * the catalog cached before is intact, the reason is shown, and the next sync finishes.
 *
 * Tested through behaviour only (never sync internals), so the streaming rewrite of the sync
 * keeps these meaningful. The server is bounded: it answers only 127.0.0.1, every held
 * response is ended in afterAll, and the sockets are destroyed with it.
 */

declare const chrome: any;

const good = fixture('tests/fixtures/catalogs/e2e.json');
/** The fixture's valid items as stored (its invalid "Bad link" item is skipped). */
let goodTitles: string[] = [];
const bigCatalog = (n: number, prefix: string) =>
  JSON.stringify({
    version: 1,
    items: Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      title: `${prefix} item ${i}`,
      url: `https://big.example/${prefix}/${i}`,
      keywords: ['big'],
    })),
  });
/**
 * Items of the 'big' catalog a sync stores: enough that its write lasts long enough to stop the
 * worker in the middle of it (pages of 64 items write 100,000 in about a second).
 */
const BIG = 100_000;
const downgraded = JSON.stringify({ version: 1, items: [{ id: 'plain', title: 'Served over plain http', url: 'https://plain.test/x', keywords: ['x'] }] });
const loginPage = '<!doctype html><html><head><title>Sign in</title></head><body><form><input name="user"><input type="password"></form></body></html>';

type Mode = 'good' | '500' | '404' | 'redirect-http' | 'cut' | 'html' | '304' | 'stall-20s' | 'silent' | 'big' | 'held-big';
/** What each source path answers now. */
const modes = new Map<string, Mode>();
const held: ServerResponse[] = [];
/** Responses of 'held-big', answered with the BIG items when the test says so. */
const waiting: ServerResponse[] = [];
const releaseBig = () => {
  for (const response of waiting.splice(0)) response.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: '"v1"' }).end(bigCatalog(BIG, 'big'));
};
const served: string[] = [];
const timers: NodeJS.Timeout[] = [];
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
  'Access-Control-Expose-Headers': 'ETag',
};

function answer(request: IncomingMessage, response: ServerResponse, port: number): void {
  if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
  const host = (request.headers.host ?? '').split(':')[0];
  // The target of the 301: another host, plain http, and it would hand over a catalog.
  if (host === 'plain.test') return void response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(downgraded);
  const mode = modes.get(request.url ?? '') ?? 'good';
  served.push(`${request.url}:${mode}`);
  const json = { ...cors, 'Content-Type': 'application/json', ETag: '"v1"' };
  switch (mode) {
    case 'good':
      return void response.writeHead(200, json).end(good);
    case 'big':
      return void response.writeHead(200, json).end(bigCatalog(BIG, 'big'));
    case 'held-big':
      waiting.push(response);
      return;
    case '500':
      return void response.writeHead(500, cors).end('Internal Server Error');
    case '404':
      return void response.writeHead(404, cors).end('Not Found');
    case 'redirect-http':
      return void response.writeHead(301, { ...cors, Location: `http://plain.test:${port}/catalog.json` }).end();
    case 'html':
      return void response.writeHead(200, { ...cors, 'Content-Type': 'text/html; charset=utf-8' }).end(loginPage);
    case '304':
      return void response.writeHead(304, cors).end();
    case 'cut': {
      // Content-Length promises the whole catalog; the connection drops after half of it.
      response.writeHead(200, { ...json, 'Content-Length': String(Buffer.byteLength(good)) });
      response.write(good.slice(0, good.length >> 1));
      timers.push(setTimeout(() => response.socket?.destroy(), 200));
      return;
    }
    case 'stall-20s': {
      // Half the body, twenty seconds of silence, then the rest.
      response.writeHead(200, json);
      response.write(good.slice(0, good.length >> 1));
      held.push(response);
      timers.push(setTimeout(() => response.end(good.slice(good.length >> 1)), 20_000));
      return;
    }
    case 'silent': {
      // Half the body, then nothing, ever (until afterAll ends it).
      response.writeHead(200, json);
      response.write(good.slice(0, good.length >> 1));
      held.push(response);
      return;
    }
  }
}

interface Cached {
  count: number;
  titles: string[];
  lastAttemptAt?: number;
  lastError?: string;
}

/** The cached items of a source and its record, read from an extension page. */
async function cached(page: Page, sourceId: string): Promise<Cached> {
  const { items, source } = await storedCatalog(page, sourceId);
  const titles = items.map((i) => i.title).sort();
  return { count: titles.length, titles: titles.length > 10 ? [] : titles, lastAttemptAt: source?.lastAttemptAt, lastError: source?.lastError };
}

const statusOf = (page: Page) => page.$eval('[role="status"]', (el) => el.textContent ?? '');

/** Types `url` in Catalog URL and presses Sync now; `finish` waits for the recorded attempt and the final status. */
async function startSync(page: Page, url: string): Promise<(timeoutMs?: number) => Promise<string>> {
  const before = (await cached(page, `url:${url}`)).lastAttemptAt ?? 0;
  // Puppeteer's click waits for a frame; a headless background tab may not paint.
  await page.bringToFront();
  await page.type('::-p-aria([name="Catalog URL"][role="textbox"])', url);
  await page.click('::-p-aria([name="Sync now"][role="button"])');
  return async (timeoutMs = 20_000) => {
    await waitFor(async () => ((await cached(page, `url:${url}`)).lastAttemptAt ?? 0) > before, `the sync of ${url} to be recorded`, timeoutMs);
    return waitFor(async () => {
      const text = await statusOf(page);
      return text && text !== 'Working…' ? text : null;
    }, 'the status line');
  };
}

async function syncNow(page: Page, url: string, timeoutMs?: number): Promise<string> {
  return (await startSync(page, url))(timeoutMs);
}

/** The source's entry in the Sources list, as a rep reads it. */
const sourceNote = (page: Page, url: string) =>
  waitFor(
    () => page.evaluate((u: string) => Array.from(document.querySelectorAll('.source')).find((li) => li.textContent!.includes(u))?.textContent ?? null, url),
    `the source entry of ${url}`,
  );

describe('faults survived', () => {
  let h: Harness;
  let server: Server;
  let port: number;
  let options: Page;
  let tmp: string;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    server = createServer((request, response) => answer(request, response, port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    tmp = mkdtempSync(join(tmpdir(), 'pitchside-faults-'));
    // plain.test (the 301's target) resolves to the local server; nothing else is mapped.
    h = await launch({ args: ['--host-resolver-rules=MAP plain.test 127.0.0.1'] });
    options = await h.openExtensionPage('options.html');
  }, 90_000);

  afterAll(async () => {
    for (const timer of timers) clearTimeout(timer);
    for (const response of [...held, ...waiting]) response.destroy();
    await h?.close();
    server?.closeAllConnections();
    server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps the catalog through 500, 404, a 301 to http:, a cut body, a login page and a 304, and the next sync succeeds', async () => {
    const u = url('/catalog.json');
    const id = `url:${u}`;
    expect(await syncNow(options, u)).toMatch(/4 items cached/);
    goodTitles = (await cached(options, id)).titles;
    expect(goodTitles).toHaveLength(4);

    const cases: [Mode, RegExp][] = [
      ['500', /HTTP 500/],
      ['404', /HTTP 404/],
      ['redirect-http', /plain http|not HTTPS|https/i],
      ['cut', /broke off/],
      ['html', /web page|not a catalog/i],
    ];
    for (const [mode, reason] of cases) {
      modes.set('/catalog.json', mode);
      const status = await syncNow(options, u);
      expect(status, mode).toMatch(reason);
      expect(status, mode).toMatch(/The 4 items cached before are kept/);
      const after = await cached(options, id);
      expect(after.titles, mode).toEqual(goodTitles);
      expect(after.lastError, mode).toMatch(reason);
      expect(await sourceNote(options, u), mode).toMatch(/Last sync failed/);
    }

    modes.set('/catalog.json', '304');
    expect(await syncNow(options, u)).toMatch(/unchanged, 4 items cached/);
    expect((await cached(options, id)).titles).toEqual(goodTitles);

    modes.set('/catalog.json', 'good');
    expect(await syncNow(options, u)).toMatch(/4 items cached/);
    const recovered = await cached(options, id);
    expect(recovered.titles).toEqual(goodTitles);
    expect(recovered.lastError).toBeUndefined();
    expect(await sourceNote(options, u)).not.toMatch(/Last sync failed/);
  });

  it('waits through a 20-second stall, and gives up on a host that falls silent for the idle timeout', async () => {
    // Both run at once on pages of their own: the test costs the 30-second idle timeout that
    // production uses (FETCH_TIMEOUT_MS in lib/catalog/sync.ts), once, and no test knob.
    const slow = url('/slow.json');
    const mute = url('/mute.json');
    const [slowPage, mutePage] = [await h.openExtensionPage('options.html'), await h.openExtensionPage('options.html')];
    expect(await syncNow(slowPage, slow)).toMatch(/4 items cached/);
    expect(await syncNow(mutePage, mute)).toMatch(/4 items cached/);
    modes.set('/slow.json', 'stall-20s');
    modes.set('/mute.json', 'silent');
    const slowDone = await startSync(slowPage, slow);
    const muteDone = await startSync(mutePage, mute);
    const [slowStatus, muteStatus] = await Promise.all([slowDone(60_000), muteDone(60_000)]);
    expect(slowStatus).toMatch(/4 items cached/);
    expect(muteStatus).toMatch(/stopped sending the catalog for 30 seconds/);
    expect(muteStatus).toMatch(/The 4 items cached before are kept/);
    expect((await cached(mutePage, `url:${mute}`)).titles).toEqual(goodTitles);
    modes.set('/mute.json', 'good');
    expect(await syncNow(mutePage, mute)).toMatch(/4 items cached/);
    await Promise.all([slowPage.close(), mutePage.close()]);
  }, 90_000);

  // Issue 12: a Sync now after a stop used to hang ("Working…", no request to the server, the
  // dead worker's "storing 5000 of 20000" left in storage.session). The extension was not at
  // fault: the restarted worker sat paused "waiting for the debugger" because Puppeteer held its
  // target (see stopWorkers). Resumed, the new worker clears that record at start-up.
  it('a worker stopped mid-sync keeps the old catalog, and the next worker redoes the sync without Sync now', async () => {
    const u = url('/restart.json');
    const id = `url:${u}`;
    expect(await syncNow(options, u)).toMatch(/4 items cached/);
    goodTitles = (await cached(options, id)).titles;
    modes.set('/restart.json', 'big');
    await options.bringToFront();
    await options.type('::-p-aria([name="Catalog URL"][role="textbox"])', u);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitForStoring(options, id);
    // The redo's download waits until the old catalog has been checked.
    modes.set('/restart.json', 'held-big');
    await stopWorkers(h, options);
    // Nobody presses Sync now: the page asks the next worker, whose start redoes the sync.
    await waitFor(async () => served.includes('/restart.json:held-big'), 'the next worker to fetch the catalog again', 30_000);
    expect((await cached(options, id)).titles).toEqual(goodTitles);
    expect(await runningMark(options, id)).toMatchObject({ kind: 'sync', attempts: 2 });
    releaseBig();
    const status = await waitFor(
      async () => {
        const text = await statusOf(options);
        return /items cached|interrupted/.test(text) ? text : null;
      },
      'the redone sync to be reported',
      30_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; status: ${await statusOf(options)}; requests: ${served.join(',')}`);
    });
    expect(status).toMatch(new RegExp(`The sync was interrupted \\(the extension restarted\\), so Pitchside did it again\\. .*${BIG} items cached`));
    expect((await cached(options, id)).count).toBe(BIG);
    expect(await runningMark(options, id)).toBeNull();
    // The new worker does not carry on the dead one's progress.
    expect(await options.evaluate(async () => (await chrome.storage.session.get('catalog:progress'))['catalog:progress'] ?? null)).toBeNull();
  }, 90_000);

  it('a sync interrupted a second time is given up, says so, and is not tried a third time', async () => {
    const u = url('/twice.json');
    const id = `url:${u}`;
    expect(await syncNow(options, u)).toMatch(/4 items cached/);
    modes.set('/twice.json', 'big');
    await options.bringToFront();
    await options.type('::-p-aria([name="Catalog URL"][role="textbox"])', u);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitForStoring(options, id);
    await stopWorkers(h, options);
    // The redo, in the next worker: stopped again while it writes.
    await waitFor(async () => (await runningMark(options, id))?.attempts === 2, 'the redo to start', 30_000);
    await waitForStoring(options, id);
    await stopWorkers(h, options);
    const status = await waitFor(
      async () => {
        const text = await statusOf(options);
        return /items cached|interrupted/.test(text) ? text : null;
      },
      'the given-up sync to be reported',
      30_000,
    );
    expect(status).toMatch(
      new RegExp(`The sync of ${u.replace(/[.]/g, '\\.')} was interrupted twice; the previous catalog is kept\\. Press Sync now to try again\\.`),
    );
    expect((await cached(options, id)).titles).toEqual(goodTitles);
    expect(await sourceNote(options, u)).toMatch(/Last sync failed.*interrupted twice/);
    expect(await runningMark(options, id)).toBeNull();
    // Original and redo, and no third download.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(served.filter((entry) => entry === '/twice.json:big')).toHaveLength(2);
  }, 90_000);

  it('an import survives the worker stopping; a page closed mid-import is redone by the background from its staged copy', async () => {
    const file = join(tmp, 'big.json');
    writeFileSync(file, bigCatalog(20_000, 'first'));
    const id = 'file:big.json';
    await options.bringToFront();
    const input = await options.waitForSelector('input[type="file"]');
    await input!.uploadFile(file);
    await waitForStoring(options, id, true);
    // The import runs in the options page, not in the worker: stopping the worker changes nothing.
    await stopWorkers(h, options);
    await waitFor(async () => /20000 items cached/.test(await statusOf(options)), 'the import to finish', 30_000);
    expect((await cached(options, id)).count).toBe(20_000);
    // Finished: its staged copy is gone.
    expect(await stagedCopies(options)).toEqual([]);

    writeFileSync(file, bigCatalog(60_000, 'second'));
    const importer = await h.openExtensionPage('options.html');
    await (await importer.waitForSelector('input[type="file"]'))!.uploadFile(file);
    await waitForStoring(importer, id, true);
    expect(await runningMark(importer, id)).toMatchObject({ kind: 'import', attempts: 1, staged: true });
    expect(await stagedCopies(importer)).toHaveLength(1);
    await importer.close();
    // Nobody picks the file again: the background imports the staged copy.
    const reopened = await h.openExtensionPage('options.html');
    // The earlier import is whole until the redo's one transaction commits: never a mix.
    expect([20_000, 60_000]).toContain((await cached(reopened, id)).count);
    const told =
      /The import of big\.json was interrupted \(its page was closed, or the browser stopped\), so Pitchside did it again from the copy it kept\. big\.json: 60000 items cached/;
    const status = await waitFor(
      async () => {
        const text = await statusOf(reopened);
        return /items cached|interrupted/.test(text) ? text : null;
      },
      'the redone import to be reported',
      60_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; status: ${await statusOf(reopened)}; mark: ${JSON.stringify(await runningMark(reopened, id))}`);
    });
    expect(status).toMatch(told);
    const after = await cached(reopened, id);
    expect(after.count).toBe(60_000);
    expect(after.lastError).toBeUndefined();
    expect(await runningMark(reopened, id)).toBeNull();
    expect(await stagedCopies(reopened)).toEqual([]);
    await reopened.close();
    await options.bringToFront();
  }, 120_000);

  // The disk fills while the new items are written. The quota itself cannot be lowered for an
  // extension: CDP Storage.overrideQuotaForOrigin
  // (https://chromedevtools.github.io/devtools-protocol/tot/Storage/#method-overrideQuotaForOrigin)
  // is accepted for chrome-extension://<id> yet Chromium 156 still commits the write, and an
  // origin holding unlimitedStorage is exempt from quota anyway
  // (https://developer.chrome.com/docs/extensions/reference/permissions-list#unlimitedStorage).
  // What an unlimited origin does meet is a full disk: the profile lives on a small tmpfs,
  // filled to 2 MB free before the sync, so IndexedDB's write fails for real (Chromium 156 then
  // stops the service worker mid-write). Mounting needs root, as CI and this machine run;
  // elsewhere the test is skipped and says why.
  it('disk full while writing: the old catalog stays, the reason is shown, and the next sync succeeds', async (test) => {
    const mount = mkdtempSync(join(tmpdir(), 'pitchside-small-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (error) {
      rmSync(mount, { recursive: true, force: true });
      return test.skip(`cannot mount a small file system here (${(error as Error).message.split('\n')[0]}): needs root`);
    }
    const filler = join(mount, 'filler');
    const free = () => Number(execFileSync('df', ['-B1', '--output=avail', mount], { encoding: 'utf8' }).trim().split('\n').pop());
    let small: Harness | undefined;
    try {
      small = await launch({ profileDir: join(mount, 'profile') });
      const page = await small.openExtensionPage('options.html');
      const u = url('/quota.json');
      const id = `url:${u}`;
      modes.set('/quota.json', 'good');
      expect(await syncNow(page, u)).toMatch(/4 items cached/);
      const before = (await cached(page, id)).titles;
      expect(before).toHaveLength(4);

      // 2 MB left: far less than the BIG items need in IndexedDB.
      execFileSync('fallocate', ['-l', String(Math.max(0, free() - 2_000_000)), filler]);
      modes.set('/quota.json', 'big');
      await page.bringToFront();
      await page.type('::-p-aria([name="Catalog URL"][role="textbox"])', u);
      await page.click('::-p-aria([name="Sync now"][role="button"])');
      // Only the status line is read while the disk is full: the page's own IndexedDB reads wait for room.
      const status = await waitFor(
        async () => {
          const text = await statusOf(page);
          return text && text !== 'Working…' && !/^Storing|^Checking|^Reading/.test(text) ? text : null;
        },
        'the status line',
        60_000,
      );
      expect(status).toMatch(/disk is full/);
      expect(status).toMatch(/The catalog cached before is kept/);

      // Room again: the old catalog is whole, and the next sync stores the new one.
      rmSync(filler);
      expect((await cached(page, id)).titles).toEqual(before);
      expect(await syncNow(page, u, 60_000)).toMatch(`${BIG} items cached`);
      modes.set('/quota.json', 'good');
      expect(await syncNow(page, u)).toMatch(/4 items cached/);
    } finally {
      rmSync(filler, { force: true });
      await small?.close();
      try {
        execFileSync('umount', ['-l', mount], { stdio: 'pipe' });
      } catch {}
      rmSync(mount, { recursive: true, force: true });
    }
  }, 180_000);
});

/** The staged copies of imported files in Cache Storage (lib/catalog/staged.ts). */
function stagedCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await (await caches.open('pitchside-staged')).keys()).map((request) => request.url));
}

/** The storage.local mark of a sync or import under way (lib/background/interrupted.ts), or null. */
function runningMark(page: Page, sourceId: string): Promise<{ kind: string; attempts: number; staged?: boolean } | null> {
  return page.evaluate(async (id: string) => (await chrome.storage.local.get(`catalog:running:${id}`))[`catalog:running:${id}`] ?? null, sourceId);
}

/** Waits until the source's new items are being written (progress phase "storing"). */
function waitForStoring(page: Page, sourceId: string, inPage = false): Promise<boolean> {
  return waitFor(
    () =>
      page.evaluate(
        async (id: string, local: boolean) => {
          if (local) return /Storing|storing/.test(document.querySelector('.progress label')?.textContent ?? '');
          const progress = (await chrome.storage.session.get('catalog:progress'))['catalog:progress'] as {
            sourceId?: string;
            phase?: string;
            done?: number;
            total?: number;
          } | null;
          return progress?.sourceId === id && progress.phase === 'storing' && progress.done! < progress.total!;
        },
        sourceId,
        inPage,
      ),
    'the new items to be written',
    30_000,
  );
}

/**
 * Stops the extension's service worker the way chrome://serviceworker-internals does, over CDP.
 * When Chrome starts it again (the next message), Puppeteer, which already holds the worker's
 * target (the harness's `worker`), leaves the new one paused "waiting for the debugger"
 * (puppeteer/puppeteer#9995, crbug.com/1371432): it never runs and no message is answered.
 * Resuming it is what a browser without Puppeteer does by itself; the listener stays on for the
 * rest of the file, so every later restart is resumed too.
 */
async function stopWorkers(h: Harness, page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  let stopped = false;
  cdp.on('ServiceWorker.workerVersionUpdated', (event: WorkerVersions) => {
    if (event.versions.some((v) => v.runningStatus === 'stopped')) stopped = true;
    resumeStartingWorker(h, event);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await waitFor(async () => stopped, 'the service worker to stop');
}
