import { readPage, recordKeyOf, readers as defaultReaders, type ReadResult } from './registry';
import type { PageReader } from './reader';
import type { ContentMessage } from '../messages';
import { findMessageBox } from './insert';

export interface WatchOptions {
  document: Document;
  /** The page's window: location, timers, visibility. */
  window: Window;
  send(message: ContentMessage): void;
  readers?: readonly PageReader[];
  /** Mutations are batched for this long before the page is looked at again. */
  debounceMs?: number;
  /**
   * The longest a batch may keep growing: a page that never settles (a ticker, a live feed
   * rewriting itself every 10 ms) is still read, once per this long, instead of never.
   */
  maxWaitMs?: number;
  /** How long a record may take to render before the page counts as unreadable. */
  readyTimeoutMs?: number;
  /** Backstop for URL changes that bring no DOM mutation; 0 when the caller reports them (`locationChanged`). */
  pollMs?: number;
  /**
   * Ends the watch when aborted: the content script passes WXT's `ctx.signal`, which aborts when
   * the extension is reloaded or a newer copy of the script is injected (a toolbar click).
   */
  signal?: AbortSignal;
}

export interface PageWatcher {
  /** Reads the page now and reports, whatever was reported before. */
  readNow(): void;
  /** The URL may have changed without a DOM mutation (WXT's `wxt:locationchange`). */
  locationChanged(): void;
  stop(): void;
}

function hasMessageBox(document: Document): boolean {
  try {
    return findMessageBox(document) !== null;
  } catch {
    return false;
  }
}

function fingerprint(result: ReadResult): string {
  return result.status === 'read' ? JSON.stringify({ ...result.context, url: undefined }) : result.status;
}

/** The identity of a context, used to refuse the previous record's DOM on a new record's URL. */
function identity(result: ReadResult): string | null {
  return result.status === 'read' ? `${result.context.name ?? ''}\u001f${result.context.title ?? ''}` : null;
}

/**
 * Follows a single-page app: reads the record when it has rendered, re-reads when lazily filled
 * sections arrive, and notices in-app navigation to another record (the URL changes through
 * history.pushState, which an isolated-world content script cannot hook, so the URL is checked
 * on each debounced mutation batch and on a slow interval).
 *
 * It never throws into the page and stops observing while the tab is hidden.
 */
export function watchPage(options: WatchOptions): PageWatcher {
  const { document, window: win, send } = options;
  const list = options.readers ?? defaultReaders;
  const debounceMs = options.debounceMs ?? 150;
  const maxWaitMs = Math.max(debounceMs, options.maxWaitMs ?? 1000);
  const readyTimeoutMs = options.readyTimeoutMs ?? 4000;
  const pollMs = options.pollMs ?? 1000;

  let href = win.location.href;
  let recordKey = recordKeyOf(href, list);
  let navigatedAt = Date.now();
  let lastSent = '';
  /** Identity of the record shown before the last navigation, which the new one must not repeat. */
  let previousIdentity: string | null = null;
  let currentIdentity: string | null = null;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const safeSend = (message: ContentMessage) => {
    try {
      send(message);
    } catch {
      // the extension was reloaded or the background is gone: nothing to tell the page
    }
  };

  const check = (force = false) => {
    if (stopped) return;
    try {
      if (win.location.href !== href) {
        const nextKey = recordKeyOf(win.location.href, list);
        href = win.location.href;
        if (nextKey !== recordKey) {
          recordKey = nextKey;
          navigatedAt = Date.now();
          previousIdentity = currentIdentity;
          currentIdentity = null;
          lastSent = '';
          safeSend({ type: 'context:reading', url: href, recordKey });
        }
      }
      const result = readPage(document, href, list);
      const waited = Date.now() - navigatedAt;
      const stale = result.status === 'read' && previousIdentity !== null && identity(result) === previousIdentity;
      if ((result.status === 'unreadable' || stale) && waited < readyTimeoutMs) {
        // Still rendering, or still showing the previous record: look again when it settles.
        clearTimeout(readyTimer);
        readyTimer = setTimeout(() => check(), Math.min(500, readyTimeoutMs - waited));
        return;
      }
      const final: ReadResult = stale ? { status: 'unreadable', source: 'unknown', url: href } : result;
      if (final.status === 'read') currentIdentity = identity(final);
      const messageBox = hasMessageBox(document);
      const print = `${fingerprint(final)}\u0001${messageBox}`;
      if (!force && print === lastSent) return;
      lastSent = print;
      safeSend({ type: 'context:result', result: final, recordKey, messageBox });
    } catch {
      // never into the page's console
    }
  };

  /** When the pending batch began; a debounce alone would be put off forever by a page that never settles. */
  let batchStart: number | null = null;
  const schedule = () => {
    const now = Date.now();
    batchStart ??= now;
    clearTimeout(debounce);
    debounce = setTimeout(
      () => {
        batchStart = null;
        check();
      },
      Math.max(0, Math.min(debounceMs, batchStart + maxWaitMs - now)),
    );
  };

  const MutationObserverImpl = (win as Window & typeof globalThis).MutationObserver;
  const observer = new MutationObserverImpl(schedule);
  const observe = () => {
    if (!stopped && document.visibilityState !== 'hidden' && document.documentElement) {
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    }
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') observer.disconnect();
    else {
      observe();
      schedule();
    }
  };
  const poll =
    pollMs > 0
      ? win.setInterval(() => {
          if (document.visibilityState !== 'hidden' && win.location.href !== href) schedule();
        }, pollMs)
      : undefined;
  const stop = () => {
    stopped = true;
    observer.disconnect();
    clearTimeout(debounce);
    clearTimeout(readyTimer);
    if (poll !== undefined) win.clearInterval(poll);
  };
  const signal = options.signal;
  // One abort signal removes every listener; without a caller's signal the watcher keeps its own.
  const controller = new AbortController();
  const listenSignal = controller.signal;
  const end = () => {
    stop();
    controller.abort();
  };
  if (signal?.aborted) {
    end();
    return { readNow: () => undefined, locationChanged: () => undefined, stop: end };
  }
  signal?.addEventListener('abort', end, { once: true });
  document.addEventListener('visibilitychange', onVisibility, { signal: listenSignal });
  win.addEventListener('pagehide', end, { signal: listenSignal });
  observe();
  check();

  return { readNow: () => check(true), locationChanged: () => schedule(), stop: end };
}
