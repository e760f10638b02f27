import { browser } from 'wxt/browser';
import { tabStateKey, tabStateSchema, type TabState } from '../messages';

/**
 * Per-tab context, kept in storage.session so a restarted service worker still has it: an
 * idle MV3 worker is stopped after 30 s and loses its globals
 * (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle#idle-shutdown).
 */
export async function setTabState(tabId: number, state: TabState): Promise<void> {
  await browser.storage.session.set({ [tabStateKey(tabId)]: state });
}

export async function getTabState(tabId: number): Promise<TabState | null> {
  const key = tabStateKey(tabId);
  const stored = await browser.storage.session.get(key);
  const parsed = tabStateSchema.safeParse(stored[key]);
  return parsed.success ? parsed.data : null;
}

export async function clearTabState(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabStateKey(tabId));
}
