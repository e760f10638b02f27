import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, launch, waitFor, type Harness } from './harness';

// Evaluated inside the extension's service worker.
declare const indexedDB: IDBFactory;

/**
 * The options page in a German browser: what a sync says (its summary, why it failed, the
 * reason kept with the source, why an item was skipped) is German, while the database keeps the English text beside the
 * message's key, and a record stored with the English text only still shows it.
 */

function catalogServer() {
  const state = { failing: false };
  const server: Server = createServer((request, response) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since' };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    if (state.failing) return void response.writeHead(500, cors).end('boom');
    response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(fixture('tests/fixtures/catalogs/e2e.json'));
  });
  return { server, state };
}

/** Reads a source record, or writes one (`patch`) over it, in the extension's database. */
function sourceRecord(h: Harness, id: string, patch?: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  return h.worker.evaluate(
    (sourceId: string, change: Record<string, unknown> | null) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('sources', 'readwrite').objectStore('sources');
          const get = store.get(sourceId);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            if (!change) {
              open.result.close();
              return resolve(get.result);
            }
            const next = { ...get.result, ...change };
            for (const [key, value] of Object.entries(change)) if (value === null) delete next[key];
            const put = store.put(next);
            put.onerror = () => reject(put.error);
            put.onsuccess = () => {
              open.result.close();
              resolve(next);
            };
          };
        };
      }),
    id,
    patch ?? null,
  );
}

const statusText = (page: Page) => page.$eval('[role="status"]', (el) => el.textContent ?? '');

async function syncNow(page: Page, url = ''): Promise<string> {
  const field = await page.waitForSelector('::-p-aria([name="Katalog-URL"][role="textbox"])');
  await field!.click({ count: 3 });
  await page.keyboard.press('Backspace');
  if (url) await field!.type(url);
  const before = await statusText(page);
  await page.click('::-p-aria([name="Jetzt synchronisieren"][role="button"])');
  return waitFor(
    async () => {
      const text = await statusText(page);
      return text && text !== before && text !== 'Wird ausgeführt…' ? text : null;
    },
    'the sync status',
    20_000,
  );
}

describe('catalog messages on the options page, German browser', () => {
  let h: Harness;
  let catalog: ReturnType<typeof catalogServer>;
  let url: string;
  let options: Page;

  beforeAll(async () => {
    catalog = catalogServer();
    await new Promise<void>((resolve) => catalog.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(catalog.server.address() as AddressInfo).port}/catalog.json`;
    h = await launch({ lang: 'de' });
    options = await h.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await h?.close();
    catalog?.server.close();
  });

  it("says what a sync did, and why one failed, in German, and keeps the reason's English and key in the database", async () => {
    const synced = await syncNow(options, url);
    expect(synced).toBe(`${url}: 4 Einträge gespeichert, 1 ungültiger Eintrag übersprungen, 1 Warnung.`);

    catalog.state.failing = true;
    const failed = await syncNow(options);
    expect(failed).toBe(
      `${url}: Synchronisierung fehlgeschlagen. Der Server hat mit HTTP 500 Internal Server Error geantwortet. Die 4 zuvor gespeicherten Einträge bleiben erhalten.`,
    );
    const notice = await waitFor(() => options.$eval('.source__error', (el) => el.textContent).catch(() => null), 'the reason beside the source');
    expect(notice).toMatch(/^Letzte Synchronisierung fehlgeschlagen .+: Der Server hat mit HTTP 500 Internal Server Error geantwortet\.$/);
    expect(await sourceRecord(h, `url:${url}`)).toMatchObject({
      itemCount: 4,
      lastError: 'The server answered HTTP 500 Internal Server Error.',
      lastErrorI18n: { key: 'catalog.httpStatus', params: { status: '500 Internal Server Error' } },
    });
  });

  it("lists the catalog's problems in German under the source, with their English and key in the database", async () => {
    const lines = () =>
      options.$$eval('.source__problems li', (items) => items.map((li) => li.textContent ?? '')).then((found) => (found.length ? found : null));
    expect(await waitFor(lines, 'the problems under the source')).toEqual([
      'items[3] (id "zx-html-title"): title enthält HTML-Markup: Er wird als reiner Text angezeigt',
      'items[4] (id "zx-bad"): url muss eine absolute https:-URL (http: nur für localhost) sein (übersprungen)',
    ]);
    const { problems } = (await sourceRecord(h, `url:${url}`)) as { problems: Array<Record<string, unknown>> };
    expect(problems[1]).toEqual({
      where: 'items[4] (id "zx-bad")',
      reason: 'url must be an absolute https: URL (http: only for localhost)',
      reasonI18n: { key: 'catalog.fieldMustBe', params: { field: 'url', expected: { key: 'catalog.expectHttpsUrl' } } },
    });
    // A record from before the descriptors: the English it holds.
    await sourceRecord(h, `url:${url}`, { problems: problems.map(({ reasonI18n, ...rest }) => rest) });
    await options.reload();
    expect(await waitFor(lines, 'the problems under the source')).toEqual([
      'items[3] (id "zx-html-title"): title contains HTML markup: it is shown as plain text',
      'items[4] (id "zx-bad"): url must be an absolute https: URL (http: only for localhost) (übersprungen)',
    ]);
  });

  it('shows a reason stored before reasons had a key as the English text it is', async () => {
    await sourceRecord(h, `url:${url}`, { lastError: 'The server answered HTTP 503.', lastErrorI18n: null });
    await options.reload();
    const notice = await waitFor(() => options.$eval('.source__error', (el) => el.textContent).catch(() => null), 'the reason beside the source');
    expect(notice).toMatch(/^Letzte Synchronisierung fehlgeschlagen .+: The server answered HTTP 503\.$/);
  });
});
