import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { tabStateKey, tabStateSchema, type TabState } from '@/lib/messages';
import { RECORDS_CHANGED_KEY, readyKey, usableReady, type ReadySuggestions } from '@/lib/ready';
import { uiLocale } from '@/lib/i18n';

/**
 * The tab the panel follows: the one named by `?tab=` (pop-out window, tests), else the
 * active tab of the panel's window, followed as the rep switches tabs.
 */
export function useFollowedTab(pinned: number | null): number | null {
  const [tabId, setTabId] = useState<number | null>(pinned);
  useEffect(() => {
    if (pinned !== null) return;
    let windowId: number | undefined;
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (windowId === undefined || info.windowId === windowId) setTabId(info.tabId);
    };
    void browser.windows.getCurrent().then(async (win) => {
      windowId = win.id;
      const [tab] = await browser.tabs.query({ active: true, windowId });
      if (tab?.id === undefined) return;
      void readTabSession(tab.id);
      setTabId(tab.id);
    });
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, [pinned]);
  return tabId;
}

/**
 * One read of what the panel's first paint needs from storage.session for a tab: its state and
 * its ready suggestions. The entry starts it before the first render (a pinned panel knows its
 * tab from the URL), and both hooks below take it instead of reading twice, one after the other.
 */
let firstRead: { tabId: number; at: number; values: Promise<Record<string, unknown>> } | undefined;
export function readTabSession(tabId: number): Promise<Record<string, unknown>> {
  if (firstRead?.tabId === tabId && Date.now() - firstRead.at < 1000) return firstRead.values;
  const values = browser.storage.session.get([tabStateKey(tabId), readyKey(tabId), RECORDS_CHANGED_KEY]);
  // For the bench's phases (scripts/bench/match.ts).
  void values.then(() => performance.mark('pitchside:session-read'));
  firstRead = { tabId, at: Date.now(), values };
  return values;
}

/** What the background knows of a tab's page, live. */
export function useTabState(tabId: number | null): TabState | null {
  const [state, setState] = useState<TabState | null>(null);
  useEffect(() => {
    setState(null);
    if (tabId === null) return;
    const key = tabStateKey(tabId);
    const apply = (value: unknown) => {
      const parsed = tabStateSchema.safeParse(value);
      setState(parsed.success ? parsed.data : null);
    };
    let live = true;
    void readTabSession(tabId).then((stored) => live && apply(stored[key]));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && key in changes) apply(changes[key]?.newValue);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);
  return state;
}

/**
 * The suggestions the background made ready for this tab's current reading (lib/ready.ts), for
 * the first paint; null when there are none that still hold.
 */
export function useReadySuggestions(tabId: number | null, tab: TabState | null): ReadySuggestions | null {
  const [stored, setStored] = useState<{ ready?: unknown; changedAt?: unknown }>({});
  useEffect(() => {
    setStored({});
    if (tabId === null) return;
    const key = readyKey(tabId);
    let live = true;
    void readTabSession(tabId).then((found) => live && setStored({ ready: found[key], changedAt: found[RECORDS_CHANGED_KEY] }));
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'session' || !(key in changes || RECORDS_CHANGED_KEY in changes)) return;
      setStored((now) => ({
        ready: key in changes ? changes[key]?.newValue : now.ready,
        changedAt: RECORDS_CHANGED_KEY in changes ? changes[RECORDS_CHANGED_KEY]?.newValue : now.changedAt,
      }));
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);
  return usableReady(stored.ready, tab && tab.status === 'read' ? tab : null, stored.changedAt, uiLocale());
}
