import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { tabStateKey, tabStateSchema, type TabState } from '@/lib/messages';

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
      if (tab?.id !== undefined) setTabId(tab.id);
    });
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, [pinned]);
  return tabId;
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
    void browser.storage.session.get(key).then((stored) => live && apply(stored[key]));
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
