import { browser, type Browser } from 'wxt/browser';
import { contentMessageSchema, panelMessageSchema, insertAnswerSchema, type InsertAnswer, type PageMessage, type TabState } from '../messages';
import { webmailHost } from '../share';
import { clearTabState, getTabState, setTabState } from './tab-state';
import { openPanel } from './panel';
import { db } from '../db/database';
import { installDemoCatalog } from '../catalog/demo';
import { dropReadyOfStaleSources, readyEnv, refreshSnapshotNow } from './snapshot';
import { prepareReady, remakeAllReady } from './ready';
import { readyKey } from '../ready';
import { handleCatalogImporting, handleCatalogRecover, handleCatalogResume, handleCatalogSync, startCatalogSync } from './catalog-sync';
import { startSiteAccess } from './site-access';
import { startReporting } from '../reporting/sender';
import { startProbe } from './probe';

const CONTENT_SCRIPT = '/content-scripts/content.js';
const MENU_ID = 'pitchside-find-selection';

/** A tab whose page tells nothing (yet): no URL, no record. */
const blank = (status: 'reading' | 'unsupported'): TabState => ({ status, url: '', recordKey: '', at: Date.now() });

async function sendToPage(tabId: number, message: PageMessage): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message);
}

/**
 * Reads the page in a tab. Where a content script already runs (LinkedIn, the CRMs) it is asked
 * to read again; elsewhere the readers are injected under activeTab, which the toolbar click or
 * keyboard command has just granted.
 */
export async function readTab(tabId: number): Promise<void> {
  try {
    await sendToPage(tabId, { type: 'page:read-now' });
  } catch {
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
    } catch {
      // chrome:// pages, the Web Store, PDF viewers: nothing can be read there (extensions may
      // not script them: https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns)
      await setTabState(tabId, blank('unsupported'));
    }
  }
}

export async function onContentMessage(raw: unknown, sender: Browser.runtime.MessageSender): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) return;
  const parsed = contentMessageSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  const previous = await getTabState(tabId);
  let state: TabState;
  if (message.type === 'context:reading') {
    state = { status: 'reading', url: message.url, recordKey: message.recordKey, at: Date.now() };
  } else {
    const { result } = message;
    state = {
      status: result.status,
      url: result.status === 'read' ? result.context.url : result.url,
      recordKey: message.recordKey,
      context: result.status === 'read' ? result.context : undefined,
      messageBox: message.messageBox,
      at: Date.now(),
    };
  }
  // A selection search stays while the rep is on the same record.
  if (previous?.query && previous.recordKey === state.recordKey) state.query = previous.query;
  await setTabState(tabId, state);
  // A panel opening on this tab shows these at once (lib/ready.ts); not awaited: the page's
  // message is answered now.
  void prepareReady(tabId, state, readyEnv()).catch((error: unknown) => console.warn('Pitchside: ready suggestions', error));
}

export async function onPanelMessage(raw: unknown): Promise<unknown> {
  const parsed = panelMessageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  switch (message.type) {
    case 'panel:refresh':
      await readTab(message.tabId);
      return { ok: true };
    case 'panel:insert':
      return insertIntoTab(message.tabId, message.text);
    case 'catalog:sync':
      return handleCatalogSync(message);
    case 'catalog:resume':
      return handleCatalogResume(message);
    case 'catalog:importing':
      return handleCatalogImporting(message);
    case 'catalog:recover':
      return handleCatalogRecover();
    case 'catalog:changed':
      // An import or a removal in the options page: ready lists of a source gone go first.
      await dropReadyOfStaleSources();
      return { refreshed: await refreshSnapshotNow() };
    case 'records:changed':
      // Not awaited: the panel does not wait for lists it is not showing.
      void remakeAllReady(readyEnv()).catch((error: unknown) => console.warn('Pitchside: ready suggestions', error));
      return undefined;
  }
}

/**
 * A page that loaded without a content script answering: nothing is read there. A web-mail tab
 * keeps its URL all the same, so the panel offers Insert (and asks for the host at the first
 * one): the extension sees a tab's URL only on hosts it may access, so this is Gmail or Outlook
 * after the rep allowed it, and the background injects the script for each write. Without the
 * URL the panel offered Insert there only after a toolbar click, whatever the rep had allowed.
 */
export async function onPageUnreached(tabId: number): Promise<void> {
  const url = await browser.tabs.get(tabId).then(
    (tab) => tab?.url ?? '',
    () => '',
  );
  if (!webmailHost(url) || url.length > 4096) return setTabState(tabId, blank('unsupported'));
  const { origin, pathname, search } = new URL(url);
  // The record key the content script gives a page no reader knows (lib/context/registry.ts recordKeyOf).
  await setTabState(tabId, { ...blank('unsupported'), url, recordKey: `${origin}${pathname}${search}` });
}

/**
 * Insert: the page's content script writes into its open message box. Web mail (Gmail, Outlook
 * on the web) has no content script registered: once the rep allowed its host (the panel asks
 * at the first Insert there), the script is injected for this one write.
 */
async function insertIntoTab(tabId: number, text: string): Promise<InsertAnswer> {
  const ask = async () => {
    const parsed = insertAnswerSchema.safeParse(await sendToPage(tabId, { type: 'page:insert', text }));
    return parsed.success ? parsed.data : { inserted: false, reason: 'The page did not answer.' };
  };
  try {
    return await ask();
  } catch {
    try {
      const tab = await browser.tabs.get(tabId);
      const host = webmailHost(tab.url);
      if (!host || !(await browser.permissions.contains({ origins: [`https://${host}/*`] }))) throw new Error('no access');
      await browser.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
      return await ask();
    } catch {
      return { inserted: false, reason: 'Pitchside cannot write into this page.' };
    }
  }
}

/**
 * Every runtime message, routed by who sent it. Extension pages (the panel, also when popped
 * out into a tab) speak the panel protocol; everything from a web page's content script is
 * untrusted page input; anything from another extension is dropped.
 */
export function onRuntimeMessage(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined {
  if (sender.id !== browser.runtime.id) return undefined;
  const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) ?? false;
  return fromExtensionPage ? onPanelMessage(message) : onContentMessage(message, sender);
}

/** "Find collateral for “…”": the panel's search box gets the selection, for this tab. */
export async function onSelectionSearch(tabId: number, selection: string): Promise<void> {
  const query = selection.replace(/\s+/g, ' ').trim().slice(0, 1000);
  if (!query) return;
  const state = await getTabState(tabId);
  await setTabState(tabId, { ...(state ?? blank('unsupported')), query, at: Date.now() });
}

/**
 * Registers every listener synchronously on the service worker's first run (a worker woken by
 * an event only delivers it to listeners registered at start-up:
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events#declare-events);
 * the work waits on promises.
 */
export function startBackground(): void {
  startCatalogSync();
  startSiteAccess();
  // Team reporting (off until an endpoint is set): retry alarm, flush on request and at start.
  startReporting();
  // Test builds only (tests/firefox): absent from release builds, see lib/background/probe.ts.
  if (import.meta.env.VITE_PITCHSIDE_PROBE) startProbe(import.meta.env.VITE_PITCHSIDE_PROBE);
  browser.runtime.onInstalled.addListener(async () => {
    browser.contextMenus.removeAll().then(() => browser.contextMenus.create({ id: MENU_ID, title: 'Find collateral for “%s”', contexts: ['selection'] }));
    await installDemoCatalog(db()).catch((error: unknown) => console.error('Pitchside: demo catalog', error));
    await refreshSnapshotNow();
  });

  browser.action.onClicked.addListener((tab) => {
    void openPanel(tab.windowId);
    if (tab.id !== undefined) void readTab(tab.id);
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void openPanel(tab.windowId);
    void onSelectionSearch(tab.id, info.selectionText ?? '');
  });

  browser.runtime.onMessage.addListener(onRuntimeMessage);

  browser.tabs.onUpdated.addListener((tabId, change) => {
    // A new document: nothing about the previous page may linger in the panel. When it has
    // loaded, the content script (if this page has one) reports afresh; else the panel says so.
    if (change.status === 'loading') {
      void getTabState(tabId).then((state) => {
        if (state?.status !== 'reading') void setTabState(tabId, blank('reading'));
      });
    } else if (change.status === 'complete') {
      void sendToPage(tabId, { type: 'page:read-now' }).catch(() => onPageUnreached(tabId));
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void clearTabState(tabId);
    void browser.storage.session.remove(readyKey(tabId)).catch(() => undefined);
  });
}
