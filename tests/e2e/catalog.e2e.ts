import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, root, shownSuggestions, waitFor, type Harness } from './harness';

// Evaluated inside the extension's service worker.
declare const indexedDB: IDBFactory;

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const ETAG = '"e2e-v1"';

/** A catalog server on 127.0.0.1 that answers with CORS headers, as a CDN would. */
function catalogServer() {
  const state = {
    mode: 'ok' as 'ok' | '500' | 'invalid',
    body: fixture('tests/fixtures/catalogs/e2e.json'),
    requests: [] as Array<{ method: string; headers: IncomingMessage['headers'] }>,
  };
  const server: Server = createServer((request, response) => {
    state.requests.push({ method: request.method ?? '', headers: request.headers });
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
      'Access-Control-Expose-Headers': 'ETag',
    };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    if (state.mode === '500') return void response.writeHead(500, cors).end('boom');
    if (state.mode === 'invalid') return void response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{"version": 1, "items": [');
    if (request.headers['if-none-match'] === ETAG) return void response.writeHead(304, { ...cors, ETag: ETAG }).end();
    response.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: ETAG }).end(state.body);
  });
  return { server, state };
}

async function readSource(h: Harness, id: string): Promise<Record<string, unknown> | undefined> {
  return h.worker.evaluate(
    (sourceId: string) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('sources').objectStore('sources').get(sourceId);
          get.onsuccess = () => {
            resolve(get.result);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id,
  );
}

const statusText = (page: Page) => page.$eval('[role="status"]', (el) => el.textContent ?? '');

async function syncNow(page: Page, url = ''): Promise<string> {
  const field = await page.waitForSelector('::-p-aria([name="Catalog URL"][role="textbox"])');
  await field!.click({ count: 3 });
  await page.keyboard.press('Backspace');
  if (url) await field!.type(url);
  const before = await statusText(page);
  await page.click('::-p-aria([name="Sync now"][role="button"])');
  return waitFor(
    async () => {
      const text = await statusText(page);
      return text && text !== before && text !== 'Working…' ? text : null;
    },
    'the sync status',
    20_000,
  );
}

describe('catalog sources on the options page, end to end', () => {
  let h: Harness;
  let catalog: ReturnType<typeof catalogServer>;
  let url: string;
  let sourceId: string;
  let options: Page;

  beforeAll(async () => {
    catalog = catalogServer();
    await new Promise<void>((resolve) => catalog.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(catalog.server.address() as AddressInfo).port}/catalog.json`;
    sourceId = `url:${url}`;
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    options = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await h?.close();
    catalog?.server.close();
  });

  it('adds a catalog URL, syncs it and lists its skipped item', async () => {
    const errors: string[] = [];
    options.on('pageerror', (error) => errors.push(String(error)));
    expect(await options.$('::-p-aria([name="Insights"][role="link"])')).not.toBeNull();
    const status = await syncNow(options, url);
    expect(status).toContain('4 items');
    expect(status).toMatch(/1 invalid item skipped/);
    const stored = await readSource(h, sourceId);
    expect(stored).toMatchObject({ itemCount: 4, etag: ETAG, publisher: 'Zephyr Marketing' });
    await options.waitForFunction((u: string) => document.body.innerText.includes(u), {}, url);
    // The skipped item is listed behind a disclosure.
    await options.click('xpath///summary[contains(., "1 item skipped")]');
    const text = await options.evaluate(() => document.body.innerText);
    expect(text).toContain('Zephyr Marketing');
    expect(text).toMatch(/items\[4\] \(id "zx-bad"\): url must be an absolute https: URL/);
    expect(text).toMatch(/items\[3\] \(id "zx-html-title"\): title contains HTML markup: it is shown as plain text/);
    expect(errors).toEqual([]);
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    await options.screenshot({ path: join(root, 'artifacts/options-catalog.png'), fullPage: true });
  });

  it('the panel suggests from the new catalog', async () => {
    await h.openPage(MARIA);
    const tabId = await h.tabIdOf(MARIA);
    const panel = await h.openPanel(tabId);
    const search = await panel.waitForSelector('::-p-aria([name="Search collateral"])');
    await search!.type('platypus');
    const found = await waitFor(async () => {
      const shown = await shownSuggestions(panel);
      return shown.some((s) => s.title === 'The platypus welding field guide') ? shown : null;
    }, 'a suggestion from the synced catalog');
    expect(found.find((s) => s.title === 'The platypus welding field guide')!.href).toBe('https://zephyr.example/resources/platypus-welding');
    const battlecard = found.find((s) => s.title === 'Platypus battlecard');
    if (battlecard) expect(battlecard.buttons).not.toContain('Copy link');
    // HTML in a title is shown as the text it is, never as markup.
    const htmlTitle = await waitFor(
      async () => (await shownSuggestions(panel)).find((s) => s.href.endsWith('/platypus-html')),
      'the item with HTML in its title',
    );
    expect(htmlTitle.title).toBe(`Platypus <b>bold</b> claims <img src=x onerror="document.title='pwned'">`);
    expect(await panel.$$eval('[aria-label^="Suggestions"] img, [aria-label^="Suggestions"] b', (found) => found.length)).toBe(0);
    expect(await panel.title()).not.toBe('pwned');
    await panel.close();
  });

  it('a failing sync keeps the items and says why', async () => {
    await options.bringToFront();
    const good = await readSource(h, sourceId);
    catalog.state.mode = '500';
    const failed = await syncNow(options);
    expect(failed).toMatch(/HTTP 500/);
    expect(failed).toMatch(/The 4 items cached before are kept/);
    catalog.state.mode = 'invalid';
    const invalid = await syncNow(options);
    expect(invalid).toMatch(/not valid JSON/);
    const after = await readSource(h, sourceId);
    expect(after).toMatchObject({ itemCount: 4, lastGoodSyncAt: good!.lastGoodSyncAt, failures: 2, lastError: expect.stringMatching(/not valid JSON/) });
    await options.waitForFunction(() => document.body.innerText.includes('Last sync failed'));
  });

  it('a 304 changes nothing', async () => {
    const before = await readSource(h, sourceId);
    catalog.state.mode = 'ok';
    catalog.state.requests.length = 0;
    const status = await syncNow(options);
    expect(status).toMatch(/unchanged, 4 items cached/);
    const get = catalog.state.requests.find((r) => r.method === 'GET');
    expect(get?.headers['if-none-match']).toBe(ETAG);
    const after = await readSource(h, sourceId);
    expect(after).toMatchObject({ itemCount: 4, lastGoodSyncAt: before!.lastGoodSyncAt, failures: 0 });
    expect(after!.lastError).toBeUndefined();
  });

  it('imports a CSV file, lists its problems, and removes it again', async () => {
    // Chromium's queryAXTree never returns file inputs, so ::-p-aria cannot find one: find it by
    // type and check its accessible name through the accessibility snapshot instead.
    const input = await options.waitForSelector('input[type="file"]');
    expect(await options.accessibility.snapshot({ root: input!, interestingOnly: false })).toMatchObject({ name: 'Import catalog file' });
    const before = await statusText(options);
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile('tests/fixtures/catalogs/items.csv');
    const status = await waitFor(async () => {
      const text = await statusText(options);
      return text !== before && text !== 'Working…' ? text : null;
    }, 'the import status');
    expect(status).toContain('3 items');
    expect(await readSource(h, 'file:items.csv')).toMatchObject({ itemCount: 3, kind: 'file' });
    await options.waitForFunction(() => document.body.innerText.includes('items.csv'));
    const remove = await options.waitForSelector('xpath///li[.//h3[normalize-space()="items.csv"]]//button[normalize-space()="Remove"]');
    await remove!.click();
    await waitFor(async () => /Removed items\.csv and its 3 items/.test(await statusText(options)), 'the removal');
    expect(await readSource(h, 'file:items.csv')).toBeUndefined();
    expect(await readSource(h, sourceId)).toMatchObject({ itemCount: 4 });
  });

  it('refuses a bad URL with a clear message', async () => {
    const field = await options.waitForSelector('::-p-aria([name="Catalog URL"][role="textbox"])');
    await field!.click({ count: 3 });
    await field!.type('http://catalog.example/c.json');
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitFor(async () => /must use https/.test(await statusText(options)), 'the refusal');
  });
});
