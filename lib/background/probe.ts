import { browser } from 'wxt/browser';

/**
 * Test builds only: mirrors every storage.session change (the per-tab state the panel shows)
 * to a local test server, so a Firefox test can see the background's state. WebDriver BiDi
 * cannot reach a moz-extension: page in Firefox 153: browsingContext.navigate answers
 * "unsupported operation: Navigation to moz-extension://… is not allowed in this context"
 * (see tests/firefox/README.md), and BiDi lists no extension contexts.
 *
 * Started only when the build was made with VITE_PITCHSIDE_PROBE set (tests/firefox does
 * this): Vite replaces the variable with undefined in every other build, and the call in
 * lib/background/index.ts is removed as dead code, so no release build contains it.
 */
export function startProbe(endpoint: string): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session') return;
    const body = JSON.stringify(Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, change.newValue ?? null])));
    void fetch(endpoint, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }).catch(() => undefined);
  });
}
