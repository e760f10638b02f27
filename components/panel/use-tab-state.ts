import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { tabStateKey, tabStateSchema, type TabState } from '@/lib/messages';
import { RECORDS_CHANGED_KEY, readyKey, usableReady, type ReadySuggestions } from '@/lib/ready';
import { uiLocale } from '@/lib/i18n';

/**
 * The tab the panel follows: the one named by `?tab=` (pop-out window, tests), else the
 * active tab of the panel's window, followed as the rep switches tabs.
 */
export function useFollowedTab(pinned: number | null, initial: number | null = pinned): number | null {
  const [tabId, setTabId] = useState<number | null>(initial);
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
let firstRead: { tabId: number; at: number; values: Promise<Record<string, unknown>>; settled?: Record<string, unknown> } | undefined;
export function readTabSession(tabId: number): Promise<Record<string, unknown>> {
  if (firstRead?.tabId === tabId && Date.now() - firstRead.at < 1000) return firstRead.values;
  const values = browser.storage.session.get([tabStateKey(tabId), readyKey(tabId), RECORDS_CHANGED_KEY]);
  const read: NonNullable<typeof firstRead> = { tabId, at: Date.now(), values };
  void values.then((found) => {
    read.settled = found;
    // For the bench's phases (scripts/bench/match.ts).
    performance.mark('pitchside:session-read');
  });
  firstRead = read;
  return values;
}

/**
 * That read's values once it has answered, for a hook's first state: the entry waits for it
 * (briefly) before the first render, so the first paint has the prospect and the list at once,
 * laid out once, instead of an empty panel laid out again a frame later.
 */
function settledTabSession(tabId: number | null): Record<string, unknown> {
  return (tabId !== null && firstRead?.tabId === tabId && firstRead.settled) || {};
}

function parsedTabState(value: unknown): TabState | null {
  const parsed = tabStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What the background knows of a tab's page, live. */
export function useTabState(tabId: number | null): TabState | null {
  const first = useRef({ tabId, raw: tabId === null ? undefined : settledTabSession(tabId)[tabStateKey(tabId)] });
  const [state, setState] = useState<TabState | null>(() => parsedTabState(first.current.raw));
  useEffect(() => {
    // The state the first render took is kept; another tab's starts empty.
    let shown = first.current.tabId === tabId ? first.current.raw : undefined;
    if (first.current.tabId !== tabId) setState(null);
    first.current.tabId = null;
    if (tabId === null) return;
    const key = tabStateKey(tabId);
    const apply = (value: unknown) => {
      if (value !== undefined && value === shown) return;
      shown = undefined;
      setState(parsedTabState(value));
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
  const firstTab = useRef(tabId);
  const [stored, setStored] = useState<{ ready?: unknown; changedAt?: unknown }>(() => {
    const found = settledTabSession(tabId);
    return tabId === null ? {} : { ready: found[readyKey(tabId)], changedAt: found[RECORDS_CHANGED_KEY] };
  });
  useEffect(() => {
    // What the first render took is kept; another tab's starts empty.
    if (firstTab.current !== tabId) setStored({});
    firstTab.current = null;
    if (tabId === null) return;
    const key = readyKey(tabId);
    let live = true;
    void readTabSession(tabId).then(
      (found) =>
        live &&
        setStored((now) =>
          now.ready === found[key] && now.changedAt === found[RECORDS_CHANGED_KEY] ? now : { ready: found[key], changedAt: found[RECORDS_CHANGED_KEY] },
        ),
    );
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
