import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import {
  extensionPath,
  fixture,
  html,
  launch,
  prospectFields,
  resumeStartingWorker,
  shownSuggestions,
  waitFor,
  type Harness,
  type WorkerVersions,
} from './harness';

declare const chrome: any;

/**
 * Team reporting against a receiving endpoint on this machine (node:http on 127.0.0.1, which
 * the extension may reach without asking): the batch format, privacy, and delivery through an
 * endpoint that goes down and comes back, and through a service worker that is stopped.
 * Retries wait for the real retry alarm (30 s after a first failure), so two tests take a
 * minute each.
 */
const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const MAX_BODY = 1_000_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: { batch: Array<Record<string, any>>; sentAt: string };
}

class Endpoint {
  server!: Server;
  port = 0;
  mode: 'up' | 'failing' = 'up';
  received: Received[] = [];
  refused = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) request.destroy();
        else chunks.push(chunk);
      });
      request.on('end', () => {
        if (this.mode === 'failing') {
          this.refused += 1;
          return void response.writeHead(503, { 'Content-Type': 'text/plain' }).end('down for maintenance');
        }
        this.received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    // Never outlives the run, whatever happens to the test.
    setTimeout(() => this.stop(), 10 * 60_000).unref();
  }

  async stop(): Promise<void> {
    if (!this.server?.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get calls(): Array<Record<string, any>> {
    return this.received.flatMap((r) => r.body.batch);
  }
}

/** The outbox as the extension stores it, read from an extension page. */
async function outbox(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').getAll();
          request.onsuccess = () => {
            resolve((request.result as Array<{ messageId: string }>).map((entry) => entry.messageId));
            open.result.close();
          };
        };
      }),
  );
}

/** Waits for the prospect's own suggestions (not the catalog's newest, shown before the page is read). */
async function prospectSuggestions(panel: Page, name: string) {
  await waitFor(async () => (await prospectFields(panel)).Name === name, name);
  await waitFor(() => panel.evaluate(() => document.querySelectorAll('[aria-label="Suggestions"] > li').length >= 3), `suggestions for ${name}`);
  return (await shownSuggestions(panel)).filter((s) => s.buttons.includes('Copy link'));
}

async function vote(panel: Page, title: string, button: 'Useful' | 'Not useful'): Promise<void> {
  const handle = await panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(title)}]]//button[@aria-label=${JSON.stringify(button)}]`);
  await handle!.click();
}

/**
 * Stops the extension's service worker over CDP, as Chrome's extension samples do
 * (tutorial.terminate-sw). When Chrome starts it again (for the retry alarm), Puppeteer, which
 * already held the worker's target, leaves the new one paused "waiting for the debugger"
 * (puppeteer/puppeteer#9995, crbug.com/1371432); resuming it is what a browser without
 * Puppeteer does by itself.
 */
async function stopWorker(h: Harness, page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  let running = true;
  cdp.on('ServiceWorker.workerVersionUpdated', (event: WorkerVersions) => {
    if (event.versions.some((v) => v.runningStatus === 'stopped')) running = false;
    resumeStartingWorker(h, event);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await waitFor(async () => !running, 'the service worker to stop');
}

function expectNoDuplicates(endpoint: Endpoint): void {
  const ids = endpoint.calls.map((call) => call.messageId);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('team reporting', () => {
  let h: Harness;
  const endpoint = new Endpoint();
  let panel: Page;
  let options: Page;
  let titles: string[];

  beforeAll(async () => {
    await endpoint.start();
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
  });
  afterAll(async () => {
    await h?.close();
    await endpoint.stop();
  });

  it('sends nothing while no endpoint is set', async () => {
    await h.openPage(MARIA);
    panel = await h.openPanel(await h.tabIdOf(MARIA));
    titles = (await prospectSuggestions(panel, 'Maria Gonzalez')).map((s) => s.title);
    await vote(panel, titles[0]!, 'Useful');
    options = await h.openExtensionPage('options.html');
    expect(await outbox(options)).toEqual([]);
    expect(endpoint.received).toEqual([]);
  });

  it('posts usage events as Segment / RudderStack track calls in a batch, without names, profile URLs or record ids', async () => {
    await options.type('::-p-aria([name="Reporting endpoint"][role="textbox"])', `http://127.0.0.1:${endpoint.port}/v1/batch`);
    await options.type('input[name="reportingWriteKey"]', 'test-write-key');
    await options.click('::-p-aria([name="Save reporting"][role="button"])');
    await waitFor(() => options.evaluate(() => document.body.innerText.includes('Team reporting is on')), 'reporting to be on');

    await vote(panel, titles[1]!, 'Not useful');
    await waitFor(async () => endpoint.calls.some((c) => c.event === 'Item Rated' && c.properties.useful === false), 'the vote at the endpoint');
    const request = endpoint.received[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('test-write-key:').toString('base64')}`);
    expect(new Date(request.body.sentAt).toISOString()).toBe(request.body.sentAt);
    const call = endpoint.calls.find((c) => c.event === 'Item Rated')!;
    expect(call).toMatchObject({
      type: 'track',
      event: 'Item Rated',
      anonymousId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      messageId: expect.stringMatching(/^pitchside-/),
      properties: { item_id: expect.any(String), source_id: 'demo', persona: 'finance-leader', useful: false, undone: false },
    });
    expect(new Date(call.timestamp).toISOString()).toBe(call.timestamp);
    const sent = JSON.stringify(endpoint.received.map((r) => r.body));
    expect(sent).not.toMatch(/Maria|Gonzalez|linkedin\.com|maria-gonzalez/i);
    expectNoDuplicates(endpoint);
    await waitFor(async () => (await outbox(options)).length === 0, 'an empty outbox');
  });

  it('keeps events while the endpoint fails and delivers each once when it is back', { timeout: 150_000 }, async () => {
    endpoint.mode = 'failing';
    const before = endpoint.calls.length;
    await vote(panel, titles[2]!, 'Not useful');
    // Taken back with Undo: a second, "undone" event.
    await (await panel.waitForSelector('::-p-aria([name="Undo"][role="button"])'))!.click();
    await waitFor(async () => endpoint.refused > 0, 'a refused attempt');
    const queued = await waitFor(async () => {
      const ids = await outbox(options);
      return ids.length >= 2 ? ids : null;
    }, 'the events in the outbox');
    await waitFor(() => options.evaluate(() => /Last attempt failed \(HTTP 503/.test(document.body.innerText)), 'the failure on the options page');

    endpoint.mode = 'up';
    // The retry alarm fires 30 s (±20 %) after the failure.
    await waitFor(async () => (await outbox(options)).length === 0, 'the retry to deliver the outbox', 90_000);
    const delivered = endpoint.calls.slice(before).map((c) => c.messageId);
    for (const id of queued) expect(delivered.filter((d) => d === id)).toHaveLength(1);
    const rated = endpoint.calls.slice(before).filter((c) => c.event === 'Item Rated');
    expect(rated.map((c) => c.properties.undone)).toEqual([false, true]);
    expectNoDuplicates(endpoint);
  });

  it('delivers what was queued when the service worker was stopped, once', { timeout: 150_000 }, async () => {
    // The endpoint is down altogether: connections refused.
    const port = endpoint.port;
    await endpoint.stop();
    const before = endpoint.calls.length;
    await vote(panel, titles[0]!, 'Useful'); // takes back the first vote of this file
    const queued = await waitFor(async () => {
      const ids = await outbox(options);
      return ids.length ? ids : null;
    }, 'the event in the outbox');
    await waitFor(() => options.evaluate(() => /could not be reached/.test(document.body.innerText)), 'the failed attempt');

    await stopWorker(h, options);
    await endpoint.start(port);
    // The worker starts again for its retry alarm (or any other event) and posts once the retry is due.
    await waitFor(async () => (await outbox(options)).length === 0, 'the woken worker to deliver the outbox', 90_000);
    const delivered = endpoint.calls.slice(before);
    for (const id of queued) expect(delivered.filter((c) => c.messageId === id)).toHaveLength(1);
    expect(delivered.find((c) => c.event === 'Item Rated')?.properties).toMatchObject({ useful: true, undone: true });
    expectNoDuplicates(endpoint);
    // The status survived the restart and was reset by the delivery.
    expect(await options.evaluate(async () => (await chrome.storage.local.get('reportingStatus')).reportingStatus)).toMatchObject({ failures: 0 });
  });
});

/**
 * Chromium on Linux reads machine policy from this folder, an extension's managed storage
 * included ("3rdparty" → "extensions" → its id:
 * https://www.chromium.org/administrators/configuring-policy-for-extensions/). Only root may
 * write there: CI and this machine run as root; elsewhere the test says it was skipped.
 */
const POLICY_DIR = '/etc/chromium/policies/managed';
const policyWritable = (() => {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();

/** An unpacked extension's id: the SHA-256 of its absolute path, first 32 hex digits written a–p. */
function unpackedExtensionId(path: string): string {
  const hex = createHash('sha256').update(realpathSync(path)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

describe.skipIf(!policyWritable)('team reporting with prospect identities, set by IT', () => {
  let h: Harness;
  const endpoint = new Endpoint();
  // Named for this run: a policy left behind by a crash names this build's id only.
  const policyFile = join(POLICY_DIR, `pitchside-e2e-${process.pid}.json`);

  beforeAll(async () => {
    await endpoint.start();
    const policy = { reportingEndpoint: `http://127.0.0.1:${endpoint.port}/v1/batch`, reportingIncludeProspectIdentities: true };
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(extensionPath)]: policy } } }));
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
  });
  afterAll(async () => {
    await h?.close();
    await endpoint.stop();
    rmSync(policyFile, { force: true });
  });

  it("with IT's setting on, a posted event carries the prospect's name, profile URL and record id (off, the default, above: none)", async () => {
    expect(h.extensionId).toBe(unpackedExtensionId(extensionPath));
    const options = await h.openExtensionPage('options.html');
    await waitFor(
      () => options.evaluate(() => document.body.innerText.includes('Your IT department set reports to include prospect names')),
      'the policy on the options page',
    );

    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    const [first] = await prospectSuggestions(panel, 'Maria Gonzalez');
    await vote(panel, first!.title, 'Useful');
    const rated = await waitFor(async () => endpoint.calls.find((c) => c.event === 'Item Rated'), 'the vote at the endpoint');
    expect(rated.properties).toMatchObject({
      useful: true,
      prospect_name: 'Maria Gonzalez',
      profile_url: expect.stringContaining('linkedin.com/in/maria-gonzalez-4b2a1'),
      record_id: expect.any(String),
    });
    expectNoDuplicates(endpoint);
  });
});
