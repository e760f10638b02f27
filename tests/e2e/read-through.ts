/**
 * Record pages read through the built extension in Chromium, as a rep's browser reads them:
 * each page served at its real URL, the content script where it runs by itself (LinkedIn,
 * Salesforce, HubSpot, Dynamics), else the injection a toolbar click does under activeTab, on a
 * copy of the built extension whose manifest already holds those CRMs' hosts (as the rep's yes
 * to the panel's offer to read the CRM automatically would grant: Chromium cannot accept a
 * permission prompt under automation). What the background keeps for the tab is what the panel's
 * Prospect region shows.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionPath, html, launch, waitFor, type Harness } from './harness';

// Evaluated inside the extension's service worker, where `chrome` exists.
declare const chrome: any;

/** Hosts where the manifest's content script runs by itself. */
const AUTO = /(^|\.)(linkedin\.com|force\.com|hubspot\.com|dynamics\.com)$/;

export interface PageToRead {
  url: string;
  html: string;
}

export interface Reading {
  launch(): Promise<Harness>;
  /** The tab's state once read (status and context), and the page's script errors. */
  read(page: PageToRead): Promise<{ state: { status: string; context?: Record<string, unknown> }; errors: string[] }>;
  close(): Promise<void>;
}

export function readingThroughExtension(pages: readonly PageToRead[], name: string): Reading {
  const copy = `${extensionPath}-${name}`;
  let h: Harness | undefined;
  return {
    async launch() {
      const hosts = [
        ...new Set(
          pages
            .map((p) => new URL(p.url))
            .filter((u) => !AUTO.test(u.hostname))
            .map((u) => `${u.protocol}//${u.hostname}/*`),
        ),
      ];
      rmSync(copy, { recursive: true, force: true });
      cpSync(extensionPath, copy, { recursive: true });
      const manifestPath = join(copy, 'manifest.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.host_permissions = [...manifest.host_permissions, ...hosts];
      writeFileSync(manifestPath, JSON.stringify(manifest));
      h = await launch({ extension: copy });
      // A hash route (Copper, SugarCRM) is served at its path: the fragment never reaches a server.
      for (const page of pages) h.routes.set(page.url.split('#')[0]!, html(page.html));
      return h;
    },
    async read(page) {
      if (!h) throw new Error('launch first');
      const harness = h;
      const tab = await harness.openPage(page.url);
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(String(error)));
      // The newest tab: without the "tabs" permission the extension cannot see a tab's URL before it has read it.
      const tabId: number = await harness.worker.evaluate(async () => Math.max(...((await chrome.tabs.query({})) as { id: number }[]).map((t) => t.id)));
      // Elsewhere the toolbar click injects the readers under activeTab; Chromium cannot click its
      // own toolbar under automation, so the test does the injection the click handler does.
      if (!AUTO.test(new URL(page.url).hostname)) {
        await harness.worker.evaluate(
          (id: number) => chrome.scripting.executeScript({ target: { tabId: id }, files: ['/content-scripts/content.js'] }).then(() => undefined),
          tabId,
        );
      }
      const state = await waitFor(async () => {
        const s = await harness.worker.evaluate(
          async (id: number) =>
            ((await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { status: string; url?: string; context?: Record<string, unknown> } | undefined) ??
            null,
          tabId,
        );
        // A state without a URL is the background's for a tab nothing has read yet, not a read.
        return s && s.status !== 'reading' && s.url ? s : null;
      }, `a read of ${page.url}`);
      await tab.close();
      return { state, errors };
    },
    async close() {
      await h?.close();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
