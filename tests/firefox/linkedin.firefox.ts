import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, waitFor } from '../e2e/harness';

/**
 * Pitchside in Firefox ESR, driven by Puppeteer over WebDriver BiDi. What it covers:
 * the Firefox build installs as a temporary add-on (BiDi webExtension.install), a LinkedIn
 * profile fixture served at its real https://www.linkedin.com/ URL (BiDi request
 * interception works in Firefox 153) fires the content script's match pattern, the content
 * script reads the page, and the background validates the message and stores the tab's
 * state: exactly what the sidebar shows. What it cannot cover: the sidebar and the other
 * moz-extension: pages, which BiDi cannot open ("Navigation to moz-extension://… is not
 * allowed in this context"); the background's state is seen through a probe compiled into
 * this test build only (lib/background/probe.ts).
 */

const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const fixtureDir = join(root, 'tests/fixtures/pages/linkedin-profile');
const cases = ['classic-no-about', 'sdui-hashed'].map((name) => ({
  name,
  html: readFileSync(join(fixtureDir, `${name}.html`), 'utf8'),
  expected: JSON.parse(readFileSync(join(fixtureDir, `${name}.expected.json`), 'utf8')) as { url: string; expected: { name: string; company?: string } },
}));

interface Reported {
  status?: string;
  url?: string;
  context?: { name?: string; company?: string };
  recordKey?: string;
  at?: number;
  /** A ready list (lib/ready.ts). */
  stateAt?: number;
  suggestions?: Array<{ item: { url: string } }>;
}

describe.skipIf(!existsSync(firefox))('Firefox: the content script reading reaches the background', () => {
  let server: Server;
  let browser: Browser;
  let out: string;
  const seen: Record<string, Reported>[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/probe') {
          try {
            seen.push(JSON.parse(body) as Record<string, Reported>);
          } catch {
            // a probe message that is not JSON is a failure the assertions will show
          }
        }
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    out = mkdtempSync(join(tmpdir(), 'pitchside-firefox-'));
    const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], {
      cwd: root,
      env: { ...process.env, PITCHSIDE_OUT_DIR: out, VITE_PITCHSIDE_PROBE: `http://127.0.0.1:${port}/probe` },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`The Firefox test build failed:\n${build.stdout}\n${build.stderr}`);
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true });
    // Temporary install over BiDi webExtension.install (unsigned add-ons can only be temporary:
    // https://firefox-source-docs.mozilla.org/remote/webdriver-bidi/Extensions.html).
    const id = await browser.installExtension(join(out, 'firefox-mv3'));
    expect(id).toBe('pitchside@pitchside.example');
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it.each(cases)('$name: the background holds what the sidebar would show', async ({ html, expected }) => {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url().split('#')[0]!;
      if (url === expected.url) return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      // Nothing leaves the machine: every other request gets an empty answer.
      void request.respond({ status: 404, contentType: 'text/plain', body: '' });
    });
    await page.goto(expected.url, { waitUntil: 'domcontentloaded' });
    const state = await waitFor(
      async () => seen.flatMap((changes) => Object.values(changes)).find((s) => s?.status === 'read' && s.url === expected.url && s.context),
      `the background to store the reading of ${expected.url}`,
      30_000,
    );
    expect(state.context!.name).toBe(expected.expected.name);
    if (expected.expected.company) expect(state.context!.company).toBe(expected.expected.company);
    // And the suggestions the sidebar shows first (lib/background/ready.ts), ranked in Firefox's
    // background from the demo catalog, for this very reading.
    // The page may be read twice (its script's first report, then the tab's load): a reading
    // read again gets its list only for the last one.
    const readings = () =>
      new Set(
        seen
          .flatMap((changes) => Object.values(changes))
          .filter((s) => s?.status === 'read' && s.url === expected.url)
          .map((s) => s!.at),
      );
    const ready = await waitFor(
      async () =>
        seen
          .flatMap((changes) => Object.entries(changes))
          .find(([key, value]) => key.startsWith('ready:') && value?.recordKey === state.recordKey && readings().has(value?.stateAt))?.[1],
      `the background's first suggestions for ${expected.url}`,
      30_000,
    );
    expect(ready.suggestions!.length).toBeGreaterThan(0);
    expect(ready.suggestions!.every((s) => s.item.url.startsWith('https://'))).toBe(true);
    await page.close();
  });
});
