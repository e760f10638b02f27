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

/**
 * The once-only offer to read a known SaaS CRM automatically (components/panel/crm-offer.tsx).
 * The optional host permission is requested from the rep's click in the panel, never up front;
 * the answer, yes or no, is kept so the panel asks once per CRM.
 */
export const CRM_OFFERS_KEY = 'crmOffers';

export type CrmOfferAnswer = 'granted' | 'declined';

export async function crmOfferAnswers(): Promise<Record<string, CrmOfferAnswer>> {
  const stored = (await browser.storage.local.get(CRM_OFFERS_KEY))[CRM_OFFERS_KEY];
  return stored && typeof stored === 'object' ? (stored as Record<string, CrmOfferAnswer>) : {};
}

/** True when the panel should offer to read this CRM automatically: not answered, not granted. */
export async function shouldOfferCrm(crm: { name: string; hosts: readonly string[] }): Promise<boolean> {
  if ((await crmOfferAnswers())[crm.name]) return false;
  return !(await browser.permissions.contains({ origins: [...crm.hosts] }).catch(() => false));
}

export async function answerCrmOffer(name: string, answer: CrmOfferAnswer): Promise<void> {
  await browser.storage.local.set({ [CRM_OFFERS_KEY]: { ...(await crmOfferAnswers()), [name]: answer } });
}

/**
 * Called from the panel's click handler (a user gesture, as permissions.request requires): asks
 * the browser for the CRM's hosts and, when the rep allows them, adds them to the granted sites,
 * which registers the content script there (syncSiteScripts, on the storage change).
 */
export async function acceptCrmOffer(crm: { name: string; hosts: readonly string[] }): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [...crm.hosts] }).catch(() => false);
  if (granted) await setGrantedSites([...(await getGrantedSites()), ...crm.hosts]);
  await answerCrmOffer(crm.name, granted ? 'granted' : 'declined');
  return granted;
}
