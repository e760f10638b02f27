/**
 * Drives the built extension in a real Chromium: Debian's /usr/bin/chromium here (see
 * .puppeteerrc.cjs), Puppeteer's Chrome for Testing on a laptop. Fixture pages are served at
 * their real URLs through request interception, so the content scripts' match patterns fire
 * for real; nothing leaves the machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// Evaluated inside the extension's service worker, where `chrome` exists.
declare const chrome: any;

import puppeteer, { type Browser, type HTTPRequest, type Page, type WebWorker } from 'puppeteer';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionPath = join(root, process.env.PITCHSIDE_OUT_DIR ?? '.output', 'chrome-mv3');

export interface Route {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
}

export type Routes = Map<string, Route | ((request: HTTPRequest) => Route)>;

export interface Harness {
  browser: Browser;
  extensionId: string;
  worker: WebWorker;
  routes: Routes;
  /** Opens a tab on `url`, served from `routes`. */
  openPage(url: string): Promise<Page>;
  /** The extension's tab id for the page at `url` once its content script has reported. */
  tabIdOf(urlPrefix: string): Promise<number>;
  /** Opens `sidepanel.html?tab=<id>` in a window of its own, so the page's tab stays visible. */
  openPanel(tabId: number): Promise<Page>;
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export function fixture(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export function html(body: string): Route {
  return { body, contentType: 'text/html; charset=utf-8' };
}

const SPA_SCRIPT = 'lib/demo/pages/linkedin-spa.js';

async function serve(page: Page, routes: Routes): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url.startsWith('chrome-extension:') || url.startsWith('data:')) return void request.continue();
    const key = url.split('#')[0]!;
    const found = routes.get(key) ?? routes.get(key.split('?')[0]!);
    if (found) {
      const route = typeof found === 'function' ? found(request) : found;
      return void request.respond({
        status: route.status ?? 200,
        contentType: route.contentType ?? 'text/html; charset=utf-8',
        headers: route.headers,
        body: route.body,
      });
    }
    if (key.endsWith('/favicon.ico')) return void request.respond({ status: 204, body: '' });
    if (key.endsWith('/linkedin-spa.js')) {
      return void request.respond({ status: 200, contentType: 'text/javascript', body: fixture(SPA_SCRIPT) });
    }
    // No network here, and tests never reach live sites.
    if (/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) return void request.continue();
    void request.respond({ status: 404, contentType: 'text/plain', body: 'not served in tests' });
  });
}

export async function launch(options: { headless?: boolean; lang?: string; args?: string[]; extension?: string; profileDir?: string } = {}): Promise<Harness> {
  // Tests find controls by their English names (the UI contract): the browser's interface
  // language is English unless a test asks for another one. Headless Chromium 156 on Linux
  // picks the extension's messages and navigator.language from --lang (LANGUAGE in the
  // environment changes neither), though chrome.i18n.getUILanguage() still says en-US.
  const lang = options.lang ?? 'en-US';
  const home = mkdtempSync(join(tmpdir(), 'pitchside-home-'));
  // A test may put the profile somewhere of its own (a small file system, to fill the disk).
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'pitchside-profile-'));
  const browser = await puppeteer.launch({
    headless: options.headless ?? true,
    // With a window to look at, pages fill it instead of Puppeteer's 800×600 default.
    defaultViewport: options.headless === false ? null : undefined,
    pipe: true,
    enableExtensions: true,
    userDataDir: profile,
    env: { ...process.env, HOME: home },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,900',
      `--lang=${lang}`,
      `--accept-lang=${lang}`,
      ...(options.args ?? []),
    ],
  });
  await browser.installExtension(options.extension ?? extensionPath);
  const workerTarget = await browser.waitForTarget((target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'), {
    timeout: 20_000,
  });
  const extensionId = new URL(workerTarget.url()).host;
  const worker = (await workerTarget.worker())!;
  // The demo catalog is loaded on install; wait for it so tests start from a known state.
  await waitFor(
    () =>
      worker.evaluate(async () => {
        const dbs = await indexedDB.databases();
        return dbs.some((d) => d.name === 'pitchside');
      }),
    'the demo catalog to be installed',
  );

  const routes: Routes = new Map();
  const claimed = new Set<number>();
  const harness: Harness = {
    browser,
    extensionId,
    worker,
    routes,
    async openPage(url) {
      const page = await browser.newPage();
      await serve(page, routes);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return page;
    },
    async tabIdOf(urlPrefix) {
      // Each call claims a tab no earlier call returned: the page just opened, not an older
      // tab on the same URL.
      const id = await waitFor(
        () =>
          worker.evaluate(
            async (prefix: string, taken: number[]) => {
              const all = (await chrome.storage.session.get(null)) as Record<string, { url?: string; status?: string }>;
              const entry = Object.entries(all).find(
                ([key, state]) => state?.url?.startsWith(prefix) && state.status !== 'reading' && !taken.includes(Number(key.slice(4))),
              );
              return entry ? Number(entry[0].slice(4)) : null;
            },
            urlPrefix,
            [...claimed],
          ),
        `a content script to report ${urlPrefix}`,
      );
      claimed.add(id);
      return id;
    },
    async openPanel(tabId) {
      const url = `chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`;
      const created = browser.waitForTarget((target) => target.url() === url);
      await worker.evaluate((u: string) => chrome.windows.create({ url: u, type: 'popup', width: 420, height: 900 }).then(() => undefined), url);
      const page = (await (await created).asPage())!;
      await page.setViewport({ width: 400, height: 1100 });
      await page.bringToFront();
      return page;
    },
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await browser.close();
      for (const dir of [profile, home]) {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            rmSync(dir, { recursive: true, force: true });
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }
    },
  };
  return harness;
}

/** CDP's `ServiceWorker.workerVersionUpdated` event, as the tests read it. */
export interface WorkerVersions {
  versions: Array<{ runningStatus: string; targetId?: string }>;
}

/**
 * When Chrome starts a stopped service worker again, Puppeteer, which already held the worker's
 * target, leaves the new one paused "waiting for the debugger" (puppeteer/puppeteer#9995,
 * crbug.com/1371432): it never runs and no message is answered. Called on each
 * `ServiceWorker.workerVersionUpdated`, this resumes a starting worker, as a browser without
 * Puppeteer does by itself.
 */
export function resumeStartingWorker(h: Harness, event: WorkerVersions): void {
  if (!event.versions.some((v) => v.runningStatus === 'starting' && v.targetId)) return;
  for (const target of h.browser.targets().filter((t) => t.type() === 'service_worker')) {
    void target
      .createCDPSession()
      .then((session) => session.send('Runtime.runIfWaitingForDebugger'))
      .catch(() => undefined);
  }
}

/** Polls until `probe` gives a truthy value; fails with what it was waiting for. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** The Prospect region's fields as a map of label to value. */
export async function prospectFields(panel: Page): Promise<Record<string, string>> {
  const region = await panel.waitForSelector('::-p-aria([name="Prospect"][role="region"])');
  return region!.evaluate((el) => {
    const out: Record<string, string> = {};
    for (const dt of Array.from(el.querySelectorAll('dt'))) out[dt.textContent!.trim()] = dt.nextElementSibling?.textContent?.trim() ?? '';
    return out;
  });
}

export interface ShownSuggestion {
  title: string;
  href: string;
  text: string;
  buttons: string[];
}

/** Suggestions as a rep sees them, from every list whose name begins with "Suggestions". */
export async function shownSuggestions(panel: Page): Promise<ShownSuggestion[]> {
  return panel.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-label^="Suggestions"] > li')).map((li) => {
      const link = li.querySelector('a')!;
      return {
        title: link.textContent!.trim(),
        href: link.href,
        text: (li as HTMLElement).innerText,
        buttons: Array.from(li.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? b.textContent!.trim()),
      };
    }),
  );
}

/**
 * The suggestions once the list has stopped changing (the same titles on three reads 200 ms
 * apart) and holds at least `min`: right after install the panel may rank once from the
 * catalog it has, then again from the full one, and a test must act on the list a rep would see.
 */
export async function settledSuggestions(panel: Page, min = 1, what = 'a settled list of suggestions'): Promise<ShownSuggestion[]> {
  let last = '';
  let same = 0;
  return waitFor(async () => {
    const shown = await shownSuggestions(panel);
    const key = shown.map((s) => s.title).join('\n');
    same = key === last && shown.length >= min ? same + 1 : 0;
    last = key;
    if (same < 2) await new Promise((r) => setTimeout(r, 100));
    return same >= 2 ? shown : null;
  }, what);
}
