import { db as openDefault, type CatalogSource, type PitchsideDb } from '../db/database';
import { prepareCatalog, type PreparedCatalog } from './prepare';
import type { ProspectContext } from '../context/schema';
import { fromSnapshot, toSnapshot, type CatalogSnapshot } from './snapshot';
import { adoptPrepared, mergeVocabularies, preparedFor, rank, type CatalogView, type SuggestOptions, type Suggestion } from './suggest';

export type { SuggestOptions, Suggestion, SuggestFilters, CatalogView } from './suggest';
export { rank, findConcepts, mergeVocabularies } from './suggest';

let cache: { stamp: string; view: Promise<CatalogView> } | undefined;

const SNAPSHOT_ID = 'catalog';

/**
 * Loads the cached catalog once per change of the sources table, with its prepared index
 * (tokenised fields, inverted index, concept postings): every suggestion after the first reuses
 * both. A sync or an import changes a source's stamp, which drops both.
 * The index is kept in IndexedDB as a snapshot (./snapshot.ts) after it is built, so the next
 * panel opens from one record instead of re-reading and re-tokenising every item.
 * Callers that ask while it loads share the one load (the panel asks several times as it opens).
 */
export async function loadCatalog(database: PitchsideDb = openDefault(), known?: readonly CatalogSource[]): Promise<CatalogView> {
  // A caller that already watches the sources table (the panel) passes them: no second read.
  const sources = known ?? (await database.sources.toArray());
  const stamp = stampOf(database, sources);
  if (cache?.stamp === stamp) return cache.view;
  const vocabulary = vocabularyOf(sources);
  const view = (async (): Promise<CatalogView> => {
    mark('pitchside:catalog-read');
    const snapshot = await database.snapshots.get(SNAPSHOT_ID).catch(() => undefined);
    if (snapshot?.stamp === stamp) {
      try {
        const index = await fromSnapshot(snapshot.data as CatalogSnapshot, vocabulary, yieldEvery(30));
        const loaded: CatalogView = { items: index.items, vocabulary };
        adoptPrepared(loaded, index);
        mark('pitchside:index-ready');
        return loaded;
      } catch {
        // a snapshot of another format: rebuild below and replace it
      }
    }
    const items = await database.items.toArray();
    mark('pitchside:catalog-read-done');
    const loaded: CatalogView = { items, vocabulary };
    const index = preparedFor(loaded);
    mark('pitchside:index-ready');
    whenIdle(() => {
      if (cache?.stamp !== stamp) return;
      void storeSnapshot(database, stamp, index).catch(() => undefined);
    });
    return loaded;
  })();
  const entry = { stamp, view };
  cache = entry;
  view.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return view;
}

/** What the catalog is made of: a sync, an import or a removal changes it. */
function stampOf(database: PitchsideDb, sources: readonly CatalogSource[]): string {
  return `${database.name}#${sources.map((s) => `${s.id}:${s.lastGoodSyncAt ?? 0}:${s.itemCount}`).join('|')}`;
}

/**
 * Builds and stores the snapshot when the catalog changed since the last one: called by the
 * background after a sync and by the options page after an import, so even the first panel
 * to open after them reads one record. Keeps nothing in memory. Returns whether it wrote one.
 */
export async function refreshSnapshot(database: PitchsideDb = openDefault()): Promise<boolean> {
  const sources = await database.sources.toArray();
  const stamp = stampOf(database, sources);
  if ((await database.snapshots.get(SNAPSHOT_ID))?.stamp === stamp) return false;
  await storeSnapshot(database, stamp, prepareCatalog(await database.items.toArray(), vocabularyOf(sources)));
  return true;
}

function storeSnapshot(database: PitchsideDb, stamp: string, index: PreparedCatalog): Promise<unknown> {
  return database.snapshots.put({ id: SNAPSHOT_ID, stamp, data: toSnapshot(index) });
}

/** The sources' vocabularies as one: the language every item of the catalog is tagged in. */
function vocabularyOf(sources: readonly CatalogSource[]) {
  return mergeVocabularies(sources.map((s) => s.vocabulary));
}

/**
 * A pause that lets the page handle input and paint once `budgetMs` of work have passed since
 * the last one: a small catalog loads in one go, a large one in tasks the rep does not feel.
 */
function yieldEvery(budgetMs: number): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    since = performance.now();
  };
}

/** After the first suggestions are on screen: writing the snapshot is not the rep's wait. */
function whenIdle(task: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(task, { timeout: 5000 });
  else setTimeout(task, 0);
}

/** Performance marks for the bench (scripts/bench/match.ts) and the DevTools timeline. */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/**
 * Suggests collateral for a prospect from the catalog cached in IndexedDB. A caller holding the
 * loaded catalog (the panel, once per sync) passes it as `catalog`, so a keystroke in the search
 * box touches no storage.
 */
export async function suggest(
  context: ProspectContext,
  options: SuggestOptions & { database?: PitchsideDb; catalog?: CatalogView } = {},
): Promise<Suggestion[]> {
  const view = options.catalog ?? (await loadCatalog(options.database));
  return rank(context, view, options);
}

// The side panel is the only page that imports this module. Reading and preparing the catalog
// starts as soon as it loads, alongside the panel asking the background for the tab's context,
// instead of after the first render: the first suggestions come that much sooner.
if (typeof location !== 'undefined' && location.protocol === 'chrome-extension:' && /\/sidepanel\.html$/.test(location.pathname)) {
  void loadCatalog().catch(() => undefined);
}
