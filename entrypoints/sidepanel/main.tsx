import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '@/components/panel/app';
import '@/components/styles.css';
import { applyDocumentLanguage } from '@/lib/i18n';
import { panelData } from '@/components/panel/lazy';
import { readTabSession } from '@/components/panel/use-tab-state';

performance.mark('pitchside:panel-script');
const param = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
const pinned = Number.isInteger(param) ? param : null;
// The data layer downloads while the frame paints.
void panelData();
applyDocumentLanguage();

/** How long the first render waits for what it shows (about 10 ms is usual): never longer. */
const FIRST_PAINT_WAIT_MS = 60;

async function start(): Promise<void> {
  // What the first paint shows (the tab's prospect and ready suggestions) is asked for first, and
  // the first render waits for it, briefly, so that it is laid out once with everything in it.
  const deadline = new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_PAINT_WAIT_MS));
  const first =
    pinned ??
    (await Promise.race([
      browser.tabs
        .query({ active: true, currentWindow: true })
        .then(([tab]) => tab?.id ?? null)
        .catch(() => null),
      deadline,
    ]));
  if (first !== null) await Promise.race([readTabSession(first).catch(() => undefined), deadline]);
  render(<App pinnedTab={pinned} initialTab={first} />, document.getElementById('app')!);
}
void start();
