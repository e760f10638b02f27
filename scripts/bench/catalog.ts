/**
 * Catalog import at scale, in Chromium with the built extension:
 *   PITCHSIDE_OUT_DIR=.output-catalog npx tsx scripts/bench/catalog.ts [items]
 *
 * 1. Sync: a 100,000-item JSON catalog served from 127.0.0.1 (with CORS headers, as a CDN),
 *    added on the options page with "Sync now". Parsing, validation and storage run in the
 *    service worker; a side panel stays open meanwhile, and its longest main-thread task is
 *    measured (PerformanceObserver 'longtask') along with the options page's.
 * 2. Import: the same catalog as a file through the options page's file input (parsed and
 *    validated in the page, in chunks that yield to the event loop).
 * 3. A 304 re-sync, and the panel's first search over the cached catalog.
 * Prints figures only; never fails on a time (these machines are noisy).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { html, fixture, launch, waitFor } from '../../tests/e2e/harness';

const COUNT = Number(process.argv[2] ?? 100_000);
const industries = ['healthcare', 'financial-services', 'manufacturing', 'retail', 'public-sector', 'education'];
const personas = ['finance-leader', 'it-leader', 'operations-leader', 'sales-leader'];
const products = ['corvana-ledger', 'corvana-insight', 'corvana-close', 'corvana-spend'];
const stages = ['discovery', 'evaluation', 'decision'];
const types = ['case-study', 'guide', 'webinar', 'datasheet', 'blog-post'];
const words = ['claims', 'automation', 'forecast', 'close', 'audit', 'spend', 'treasury', 'compliance', 'cash', 'revenue'];

function catalog(count: number): string {
  const items = Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`,
    title: `Bench item ${i}: ${words[i % 10]} for ${industries[i % 6]}`,
    url: `https://bench.example/resources/${i}`,
    type: types[i % 5],
    gated: i % 7 === 0,
    description: `How a ${industries[i % 6]} team improved ${words[(i * 3) % 10]} with ${products[i % 4]}.`,
    keywords: [words[i % 10], words[(i + 3) % 10]],
    industries: [industries[i % 6]],
    personas: [personas[i % 4]],
    products: [products[i % 4]],
    stages: [stages[i % 3]],
    updatedAt: '2026-09-01',
  }));
  items.push({ ...items[0]!, id: 'bench-needle', title: 'The axolotl benchmark needle', keywords: ['axolotl'] });
  return JSON.stringify({ version: 1, publisher: 'Bench', items });
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __tasks: number };
    w.__longest = 0;
    w.__tasks = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__tasks++;
        w.__longest = Math.max(w.__longest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
}
const longest = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { __longest: number; __tasks: number };
  return { longest: Math.round(w.__longest), count: w.__tasks };
});
const statusText = (page: Page) => page.$eval('[role="status"]', (el) => el.textContent ?? '');

async function main() {
  let body = catalog(COUNT);
  let etag = '"bench-1"';
  console.log(`catalog: ${COUNT + 1} items, ${(body.length / 1024 / 1024).toFixed(1)} MB of JSON`);
  const server = createServer((request, response) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since', 'Access-Control-Expose-Headers': 'ETag' };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { ...cors, ETag: etag }).end();
    response.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.json`;
  const h = await launch();
  try {
    const profile = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
    h.routes.set(profile, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    await h.openPage(profile);
    const panel = await h.openPanel(await h.tabIdOf(profile));
    await watchLongTasks(panel);
    const options = await h.openExtensionPage('options.html');
    await watchLongTasks(options);

    // Phase timings from the progress the background reports.
    await options.evaluate(() => {
      const w = window as unknown as { __phases: Array<[number, string, number]> };
      w.__phases = [];
      (globalThis as unknown as { chrome: any }).chrome.storage.onChanged.addListener((changes: Record<string, { newValue?: { phase: string; done: number } | null }>) => {
        const value = changes['catalog:progress']?.newValue;
        w.__phases.push([performance.now(), value?.phase ?? 'done', value?.done ?? 0]);
      });
    });
    // 1. Sync from the URL.
    await options.type('::-p-aria([name="Catalog URL"][role="textbox"])', url);
    let start = performance.now();
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    const synced = await waitFor(async () => {
      const text = await statusText(options);
      return /items cached|failed/.test(text) ? text : null;
    }, 'the sync', 120_000);
    const syncMs = performance.now() - start;
    console.log(`sync (fetch + parse + validate + store in the service worker): ${(syncMs / 1000).toFixed(2)} s — "${synced}"`);
    const phases = await options.evaluate(() => (window as unknown as { __phases: Array<[number, string, number]> }).__phases);
    const firstOf = new Map<string, number>();
    for (const [t, phase] of phases) if (!firstOf.has(phase)) firstOf.set(phase, t);
    const t0 = phases[0]?.[0] ?? 0;
    console.log(`  phases (first report, ms after the first): ${[...firstOf].map(([phase, t]) => `${phase} ${Math.round(t - t0)}`).join(', ')}`);
    const panelDuringSync = await longest(panel);
    console.log(`  side panel while syncing: longest main-thread task ${panelDuringSync.longest} ms (${panelDuringSync.count} tasks over 50 ms)`);
    const optionsDuringSync = await longest(options);
    console.log(`  options page while syncing: longest task ${optionsDuringSync.longest} ms (${optionsDuringSync.count} tasks over 50 ms)`);

    // 3a. The panel's first search over the cached catalog (loads every item once).
    await panel.reload();
    await panel.waitForSelector('::-p-aria([name="Search collateral"])');
    await watchLongTasks(panel);
    start = performance.now();
    await panel.type('::-p-aria([name="Search collateral"])', 'axolotl');
    await panel.waitForFunction(() => document.body.innerText.includes('The axolotl benchmark needle'), { timeout: 60_000 });
    const panelSearch = await longest(panel);
    console.log(`panel: first search over ${COUNT + 1} + demo items: ${(performance.now() - start).toFixed(0)} ms (longest task ${panelSearch.longest} ms)`);

    // 3b. A 304 re-sync, once the panel has loaded the new catalog (right after an import the
    // panel's reload of every item keeps IndexedDB busy for a few seconds).
    await options.click('::-p-aria([name="Catalog URL"][role="textbox"])', { count: 3 });
    await options.keyboard.press('Backspace');
    start = performance.now();
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    await waitFor(async () => /unchanged/.test(await statusText(options)), 'the 304 sync', 60_000);
    console.log(`re-sync answered 304: ${(performance.now() - start).toFixed(0)} ms`);

    // 3c. A new version of the catalog replaces the 100,000 cached items.
    body = body.replace('The axolotl benchmark needle', 'The axolotl benchmark needle, revised');
    etag = '"bench-2"';
    await watchLongTasks(panel);
    start = performance.now();
    await options.click('::-p-aria([name="Sync now"][role="button"])');
    const replaced = await waitFor(async () => {
      const text = await statusText(options);
      return /items cached/.test(text) && !/unchanged/.test(text) ? text : null;
    }, 'the replacing sync', 120_000);
    console.log(`re-sync with a new version (replaces every item): ${((performance.now() - start) / 1000).toFixed(2)} s — "${replaced}"`);

    // 2. The same catalog as a file, parsed in the options page.
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-bench-'));
    const path = join(dir, 'bench-catalog.json');
    writeFileSync(path, body);
    await options.reload();
    await watchLongTasks(options);
    const input = await options.waitForSelector('input[type="file"]');
    start = performance.now();
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    const imported = await waitFor(async () => {
      const text = await statusText(options);
      return /items cached|not imported/.test(text) ? text : null;
    }, 'the file import', 120_000);
    const importMs = performance.now() - start;
    const optionsDuringImport = await longest(options);
    console.log(`file import (parse + validate in the options page, store): ${(importMs / 1000).toFixed(2)} s — "${imported}"`);
    console.log(`  options page while importing: longest task ${optionsDuringImport.longest} ms (${optionsDuringImport.count} tasks over 50 ms)`);
  } finally {
    await h.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
