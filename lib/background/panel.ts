import { browser } from 'wxt/browser';

interface ChromeSidePanel {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

interface FirefoxSidebarAction {
  open(): Promise<void>;
}

/** Chrome's side panel (not in the polyfill's types), or undefined elsewhere. */
function sidePanel(): ChromeSidePanel | undefined {
  return (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
}

/**
 * Opens Pitchside next to the page: Chrome's side panel, Firefox's sidebar. Both need the
 * user gesture of the click that asked for it, so this is called before any await
 * (chrome.sidePanel.open: https://developer.chrome.com/docs/extensions/reference/api/sidePanel#method-open;
 * sidebarAction.open: https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/sidebarAction/open).
 */
export function openPanel(windowId: number | undefined): Promise<void> {
  const chromePanel = sidePanel();
  if (chromePanel) return chromePanel.open({ windowId }).catch(() => undefined);
  const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;
  return sidebar ? sidebar.open().catch(() => undefined) : Promise.resolve();
}
