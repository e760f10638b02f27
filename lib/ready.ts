import type { Suggestion } from './match/suggest';

/**
 * Suggestions made ready by the background for a tab whose page it has just read, so that a
 * panel opening on that tab shows them at its first paint: before its own data layer (Dexie,
 * the matcher) has loaded, and at any catalog size. The panel's own ranking, from the very same
 * function and inputs, replaces them as soon as it is there.
 *
 * Kept in `storage.session` beside the tab's state: memory only, gone with the browser session,
 * and readable by the extension's own pages only (the default access level of that area:
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session).
 * Nothing leaves the browser.
 */
export interface ReadySuggestions {
  recordKey: string;
  /** The `at` of the tab state they were made for: a newer reading of the page voids them. */
  stateAt: number;
  /** When they were made. */
  at: number;
  /** The interface language of their reasons. */
  language: string;
  suggestions: Suggestion[];
  /** Labels of the content types among them, as the panel shows them. */
  typeLabels: Array<[string, string]>;
}

export const readyKey = (tabId: number) => `ready:${tabId}`;
export const READY_PREFIX = 'ready:';

/**
 * When the rep last changed what the ranking reads besides the page (a vote, an undo, an edit of
 * the prospect, "Clear my data"). Suggestions made before it are not shown: they could show an
 * item the rep has just marked "Not useful".
 */
export const RECORDS_CHANGED_KEY = 'records:changedAt';

const isText = (value: unknown): value is string => typeof value === 'string';

function isSuggestion(value: unknown): value is Suggestion {
  const s = value as Suggestion | null;
  return (
    !!s &&
    typeof s === 'object' &&
    !!s.item &&
    isText(s.item.key) &&
    isText(s.item.id) &&
    isText(s.item.title) &&
    isText(s.item.url) &&
    Array.isArray(s.reasons) &&
    s.reasons.every(isText) &&
    typeof s.score === 'number' &&
    typeof s.shareable === 'boolean'
  );
}

/**
 * The ready suggestions for this tab state, or null when there are none, they were made for
 * another reading of the page or in another language, or the rep changed a vote or an edit since.
 */
export function usableReady(
  value: unknown,
  tab: { recordKey: string; at: number } | null,
  recordsChangedAt: unknown,
  language: string,
): ReadySuggestions | null {
  const ready = value as ReadySuggestions | null | undefined;
  if (!tab || !ready || typeof ready !== 'object') return null;
  if (ready.recordKey !== tab.recordKey || ready.stateAt !== tab.at || ready.language !== language) return null;
  if (typeof ready.at !== 'number' || (typeof recordsChangedAt === 'number' && recordsChangedAt >= ready.at)) return null;
  if (!Array.isArray(ready.suggestions) || !ready.suggestions.every(isSuggestion)) return null;
  if (!Array.isArray(ready.typeLabels) || !ready.typeLabels.every((pair) => Array.isArray(pair) && isText(pair[0]) && isText(pair[1]))) return null;
  return ready;
}

/** The part of `browser.storage.session` this needs (a fake in tests). */
export interface SessionArea {
  set(items: Record<string, unknown>): Promise<void>;
}

/** The same, to find and remove ready lists. */
export interface ReadyArea extends SessionArea {
  get(keys: string | null): Promise<Record<string, unknown>>;
  remove(keys: string | string[]): Promise<void>;
}

/**
 * Says that votes or edits changed: ready suggestions made before now are not shown. Then asks
 * the background (`tell`) to make them again with the change, for the next panel to open at once.
 */
export async function markRecordsChanged(
  area: SessionArea | undefined,
  { tell, now = Date.now() }: { tell?: () => Promise<unknown>; now?: number } = {},
): Promise<void> {
  await area?.set({ [RECORDS_CHANGED_KEY]: now }).catch(() => undefined);
  await tell?.().catch(() => undefined);
}

/** The message that asks the background to make the ready suggestions again. */
export const RECORDS_CHANGED_MESSAGE = { type: 'records:changed' } as const;

/**
 * A new catalog snapshot is stored: every tab's ready suggestions were made from the one before
 * (the background makes them again from the new one right after).
 */
export async function dropAllReady(area: ReadyArea): Promise<void> {
  await dropReady(area, () => true);
}

/**
 * The catalog changed (a sync or an import stored, a source removed): the ready lists holding an
 * item of a source no longer in it go at once (the demo's, after the first real sync). The others
 * are of the previous version of the same sources, as a panel's stale snapshot is, until the new
 * snapshot has them made again.
 */
export async function dropReadyOfGoneSources(area: ReadyArea, sourceIds: ReadonlySet<string>): Promise<void> {
  await dropReady(area, (ready) => !Array.isArray(ready?.suggestions) || ready.suggestions.some((s) => !sourceIds.has(s?.item?.sourceId)));
}

async function dropReady(area: ReadyArea, gone: (ready: ReadySuggestions | undefined) => boolean): Promise<void> {
  const all = await area.get(null).catch(() => ({}) as Record<string, unknown>);
  const keys = Object.entries(all)
    .filter(([key, value]) => key.startsWith(READY_PREFIX) && gone(value as ReadySuggestions | undefined))
    .map(([key]) => key);
  if (keys.length) await area.remove(keys).catch(() => undefined);
}
