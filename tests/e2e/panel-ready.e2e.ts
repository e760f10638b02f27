import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, shownSuggestions, waitFor, type Harness } from './harness';

declare const chrome: any;

/**
 * The background ranks a page as soon as it has read it (lib/background/ready.ts), and a panel
 * opening on that tab shows that list at its first paint, before its own data layer has loaded;
 * its own ranking, the same, follows. A vote voids the background's list (lib/ready.ts), so a
 * panel opened after "Not useful" never flashes the item the rep just dismissed, and the
 * background makes it again with the vote, so that panel still opens at once.
 */
const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';

interface Ready {
  recordKey: string;
  suggestions: Array<{ item: { title: string } }>;
}

/** The ready list the background stored for a tab, once there. */
function readyOf(h: Harness, tabId: number): Promise<Ready> {
  return waitFor(
    () => h.worker.evaluate((key: string) => chrome.storage.session.get(key).then((found: Record<string, unknown>) => found[key] ?? null), `ready:${tabId}`),
    'the background’s ready suggestions',
  ) as Promise<Ready>;
}

/** A panel page that records every list of suggestion titles it shows, from its first paint. */
async function watchedPanel(h: Harness, tabId: number): Promise<Page> {
  const page = await h.browser.newPage();
  await page.evaluateOnNewDocument('globalThis.__name = (f) => f');
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __lists: string[][]; __firstRender?: { list: boolean; prospect: boolean } };
    w.__lists = [];
    new MutationObserver(() => {
      const app = document.getElementById('app');
      if (!w.__firstRender && app?.firstElementChild)
        w.__firstRender = { list: !!app.querySelector('[aria-label^="Suggestions"] > li'), prospect: !!app.querySelector('section.prospect') };
      const titles = Array.from(document.querySelectorAll('[aria-label^="Suggestions"] > li .suggestion__title')).map((el) => el.textContent?.trim() ?? '');
      const last = w.__lists[w.__lists.length - 1];
      if (titles.length && titles.join('|') !== last?.join('|')) w.__lists.push(titles);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`chrome-extension://${h.extensionId}/sidepanel.html?tab=${tabId}`);
  return page;
}

const listsOf = (panel: Page) => panel.evaluate(() => (window as unknown as { __lists: string[][] }).__lists);
const marked = (panel: Page, name: string) => panel.evaluate((n: string) => performance.getEntriesByName(n).length > 0, name);

/** A catalog on a local server, with CORS, as a CDN serves one. */
const catalogServer = createServer((request, response) => {
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since' };
  if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
  response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(fixture('tests/fixtures/catalogs/e2e.json'));
});

describe('the panel’s first suggestions, made ready by the background', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    await new Promise<void>((resolve) => catalogServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await h?.close();
    catalogServer.close();
  });

  it('are on screen at the first paint, and the panel’s own ranking is the same list', async () => {
    await h.openPage(MARIA);
    const tabId = await h.tabIdOf(MARIA);
    const ready = await readyOf(h, tabId);
    expect(ready.suggestions.length).toBeGreaterThan(0);

    const panel = await watchedPanel(h, tabId);
    await waitFor(async () => (await marked(panel, 'pitchside:catalog-read')) && (await shownSuggestions(panel)).length > 0, 'the panel’s own ranking');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await marked(panel, 'pitchside:ready-shown')).toBe(true);
    const shareable = ready.suggestions.map((s) => s.item.title);
    const lists = await listsOf(panel);
    // One list from the first paint on: the ready one, never replaced by a different ranking.
    expect(lists).toHaveLength(1);
    // The first render waits for the tab's stored reading: it is laid out once, with both in it.
    expect(await panel.evaluate(() => (window as unknown as { __firstRender?: unknown }).__firstRender)).toEqual({ list: true, prospect: true });
    expect(shareable).toEqual(expect.arrayContaining(lists[0]!));
    await panel.close();
  });

  it('are made again after a vote: the next panel shows them at once, without the dismissed item', async () => {
    await h.openPage(MARIA);
    const tabId = await h.tabIdOf(MARIA);
    await readyOf(h, tabId);
    const panel = await h.openPanel(tabId);
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
    const first = (await shownSuggestions(panel))[0]!.title;
    await (await panel.waitForSelector(`::-p-aria([name="Not useful"][role="button"])`))!.click();
    await waitFor(async () => !(await shownSuggestions(panel)).some((s) => s.title === first), 'the item gone after Not useful');
    await panel.close();

    // The vote voided the list made before it (lib/ready.ts), and the panel asked the background
    // to make it again with the vote: without the page being read again.
    const remade = await waitFor(async () => {
      const found = (await h.worker.evaluate(
        (key: string) => chrome.storage.session.get(key).then((f: Record<string, unknown>) => f[key] ?? null),
        `ready:${tabId}`,
      )) as (Ready & { at: number }) | null;
      const changedAt = (await h.worker.evaluate(() =>
        chrome.storage.session.get('records:changedAt').then((f: Record<string, unknown>) => f['records:changedAt']),
      )) as number;
      return found && typeof changedAt === 'number' && found.at > changedAt ? found : null;
    }, 'a ready list made after the vote');
    expect(remade.suggestions.map((s) => s.item.title)).not.toContain(first);

    const again = await watchedPanel(h, tabId);
    await waitFor(async () => (await marked(again, 'pitchside:catalog-read')) && (await shownSuggestions(again)).length > 0, 'the next panel’s ranking');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await listsOf(again)).flat()).not.toContain(first);
    expect(await marked(again, 'pitchside:ready-shown')).toBe(true);
    await again.close();
  });

  it('of the demo catalog never show once the first real catalog is stored, and are made again from it', async () => {
    await h.openPage(MARIA);
    const tabId = await h.tabIdOf(MARIA);
    const demo = await readyOf(h, tabId);
    const demoTitles = new Set(demo.suggestions.map((s) => s.item.title));
    expect(demoTitles.size).toBeGreaterThan(0);

    const options = await h.openExtensionPage('options.html');
    const field = await options.waitForSelector('::-p-aria([name="Catalog URL"][role="textbox"])');
    await field!.type(`http://127.0.0.1:${(catalogServer.address() as AddressInfo).port}/catalog.json`);
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitFor(async () => /items cached/.test(await options.$eval('[role="status"]', (el) => el.textContent ?? '')), 'the sync to finish', 20_000);
    // A first sync prepares the index as it reads the items, and answers once the tabs' lists are
    // made from it: at the answer the tab's list is already the synced catalog's.
    const atAnswer = (await h.worker.evaluate(
      (key: string) => chrome.storage.session.get(key).then((found: Record<string, unknown>) => found[key] ?? null),
      `ready:${tabId}`,
    )) as Ready | null;
    expect(atAnswer?.suggestions.length).toBeGreaterThan(0);
    expect(atAnswer!.suggestions.filter((s) => demoTitles.has(s.item.title))).toEqual([]);
    // Right after the sync: nothing of the demo's, and the list from the first paint.
    const panel = await watchedPanel(h, tabId);
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions from the synced catalog', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await listsOf(panel)).flat().filter((title) => demoTitles.has(title))).toEqual([]);
    expect(await marked(panel, 'pitchside:ready-shown')).toBe(true);
    await panel.close();

    // The new snapshot stored, the tab's ready list is made again, from the synced catalog.
    const remade = (await waitFor(
      async () => {
        const ready = await readyOf(h, tabId);
        return ready.suggestions.every((s) => !demoTitles.has(s.item.title)) ? ready : null;
      },
      'a ready list of the synced catalog',
      20_000,
    )) as Ready;
    expect(remade.suggestions.length).toBeGreaterThan(0);
    await options.close();
  });
});
