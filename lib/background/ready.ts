import { mergeEdits } from '../context/merge';
import type { PitchsideDb } from '../db/database';
import { reasonPhrases, uiLocale } from '../i18n';
import { tabStateKey, tabStateSchema, type TabState } from '../messages';
// Straight from ./load and ./suggest: a service worker cannot import() a chunk later.
import { BUILD_ELSEWHERE, loadCatalog, releaseCatalog } from '../match/load';
import { rank } from '../match/suggest';
import { readyKey, type ReadyArea, type ReadySuggestions } from '../ready';
import { adjustmentsFor, allVotes } from '../records';

export interface ReadyEnv {
  database: PitchsideDb;
  area: ReadyArea;
  /** Resolves once no snapshot build is under way. */
  ensureSnapshot: () => Promise<unknown>;
  /** The tab's state now. */
  current: (tabId: number) => Promise<TabState | null>;
}

const TAB_PREFIX = tabStateKey(0).slice(0, -1);

/**
 * The catalog stays in the background's memory while pages are being read (a 100,000-item
 * catalog is about 180 MB there), and is let go a minute after the last one. Chrome stops an idle
 * service worker after 30 s anyway (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle#idle-shutdown);
 * this covers a worker kept awake by other work (a sync, an import's page, team reporting).
 */
export const HOLD_CATALOG_MS = 60_000;
let release: ReturnType<typeof setTimeout> | undefined;
function holdCatalog(): void {
  clearTimeout(release);
  release = setTimeout(releaseCatalog, HOLD_CATALOG_MS);
}

/**
 * Makes the first suggestions for a tab whose page was just read (lib/ready.ts): the ranking the
 * panel would make on opening, with the rep's edits of this record and every vote, in the
 * interface's language. Stored only if the tab still shows that reading when they are done.
 * A tab with nothing read, or a search of its own, gets none (its old ones are removed).
 *
 * `ensureSnapshot` waits for a snapshot build under way (lib/background/snapshot.ts), so the
 * catalog is read from it rather than prepared a second time beside it; a large catalog with no
 * snapshot gets none (the panel ranks it in its worker, as before).
 */
export async function prepareReady(tabId: number, state: TabState, env: ReadyEnv): Promise<boolean> {
  const key = readyKey(tabId);
  if (state.status !== 'read' || !state.context || state.query) {
    await env.area.remove(key).catch(() => undefined);
    return false;
  }
  await env.ensureSnapshot();
  holdCatalog();
  // From a snapshot (or a small catalog): a large one with no snapshot is the snapshot build's
  // to prepare, once, not this.
  const catalog = await loadCatalog(env.database, undefined, { buildHere: false }).catch((error: Error) => {
    if (error.name === BUILD_ELSEWHERE) return null;
    throw error;
  });
  if (!catalog || catalog.items.length === 0) return false;
  // Before the rep's records are read: a vote cast from here on voids these (RECORDS_CHANGED_KEY).
  const at = Date.now();
  const edit = await env.database.edits.get(state.recordKey);
  const context = mergeEdits(state.context, edit, state.url);
  if (!context) return false;
  const adjustments = await adjustmentsFor(await allVotes(env.database), state.recordKey, context, catalog);
  const suggestions = rank(context, catalog, { limit: 10, adjustments, reasonPhrases: reasonPhrases() });
  const labels = new Map((catalog.vocabulary.types ?? []).map((concept) => [concept.id, concept.label]));
  const typeLabels = [...new Set(suggestions.map((s) => s.item.type ?? ''))].flatMap((type) =>
    labels.has(type) ? [[type, labels.get(type)!] as [string, string]] : [],
  );
  // The page was read again (or left) meanwhile: these are for a reading no panel will show.
  if ((await env.current(tabId))?.at !== state.at) return false;
  const ready: ReadySuggestions = { recordKey: state.recordKey, stateAt: state.at, at, language: uiLocale(), suggestions, typeLabels };
  await env.area.set({ [key]: ready });
  return true;
}

/**
 * A new snapshot is stored: every tab's ready suggestions are made again from it, so the first
 * panel opened after a sync shows the new catalog at once. Tabs with nothing read lose theirs.
 */
export async function remakeAllReady(env: ReadyEnv): Promise<number> {
  const all = await env.area.get(null).catch(() => ({}) as Record<string, unknown>);
  let made = 0;
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(TAB_PREFIX)) continue;
    const tabId = Number(key.slice(TAB_PREFIX.length));
    const parsed = tabStateSchema.safeParse(value);
    if (!Number.isInteger(tabId) || !parsed.success) continue;
    if (await prepareReady(tabId, parsed.data, env).catch(() => false)) made++;
  }
  return made;
}
