import { browser } from 'wxt/browser';
import { CONTENT_SCRIPT_FILE, GRANTED_SITES_KEY, getGrantedSites, isSiteScriptId, scriptId, setGrantedSites } from '../context/granted-sites';

/**
 * Makes the content script run on every granted site: registered with
 * scripting.registerContentScripts (persisted across browser sessions), checked again on each
 * start-up and whenever the list or the browser's permissions change. A site whose permission
 * the rep revoked in the browser's own UI leaves the list.
 */
export async function syncSiteScripts(): Promise<void> {
  const sites = await getGrantedSites();
  const wanted: string[] = [];
  for (const pattern of sites) {
    if (await browser.permissions.contains({ origins: [pattern] }).catch(() => false)) wanted.push(pattern);
  }
  const registered = (await browser.scripting.getRegisteredContentScripts()).filter((script) => isSiteScriptId(script.id));
  const stale = registered.filter((script) => !wanted.some((pattern) => scriptId(pattern) === script.id)).map((s) => s.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = wanted.filter((pattern) => !registered.some((script) => script.id === scriptId(pattern)));
  if (missing.length) {
    await browser.scripting.registerContentScripts(
      missing.map((pattern) => ({
        id: scriptId(pattern),
        matches: [pattern],
        js: [CONTENT_SCRIPT_FILE],
        runAt: 'document_idle' as const,
        persistAcrossSessions: true,
      })),
    );
  }
}

let queue: Promise<void> = Promise.resolve();
/** Syncs one at a time: two overlapping syncs would register the same id twice. */
function sync(): Promise<void> {
  queue = queue.then(syncSiteScripts).catch((error: unknown) => console.error('Pitchside: site access', error));
  return queue;
}

/** Registers listeners synchronously (a woken service worker only delivers to those). */
export function startSiteAccess(): void {
  browser.runtime.onStartup.addListener(() => void sync());
  browser.runtime.onInstalled.addListener(() => void sync());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && GRANTED_SITES_KEY in changes) void sync();
  });
  browser.permissions.onAdded.addListener(() => void sync());
  browser.permissions.onRemoved.addListener((removed) => {
    const origins = new Set(removed.origins ?? []);
    void getGrantedSites()
      .then((sites) => (sites.some((s) => origins.has(s)) ? setGrantedSites(sites.filter((s) => !origins.has(s))) : undefined))
      .then(() => sync());
  });
}
