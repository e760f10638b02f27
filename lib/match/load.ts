import { db as openDefault, type CatalogSource, type PitchsideDb } from '../db/database';
import { prepareCatalog, type PreparedCatalog } from './prepare';
import type { ProspectContext } from '../context/schema';
import { fromSnapshot, toSnapshot, warmItems, type CatalogSnapshot } from './snapshot';
import type { Vocabulary } from '../catalog/types';
import { adoptPrepared, mergeVocabularies, preparedFor, rank, type CatalogView, type SuggestOptions, type Suggestion } from './suggest';

let cache: { stamp: string; view: Promise<CatalogView>; stale?: boolean } | undefined;

const SNAPSHOT_ID = 'catalog';
/** Written after each snapshot, holding only its stamp: cheap to poll. */
const STAMP_ID = 'catalog-stamp';

/** Up to this many items the panel prepares the index itself (a few ms); above, the background does. */
const BUILD_IN_PAGE = 2000;

interface SnapshotData extends CatalogSnapshot {
  /** The vocabulary the index was prepared with: a stale snapshot is read with its own. */
  vocabularyJson?: string;
}

/**
 * Loads the cached catalog once per change of the sources table, with its prepared index
 * (tokenised fields, inverted index, concept postings): every suggestion after the first reuses
 * both. A sync or an import changes a source's stamp, which drops both.
 *
 * The index comes from the snapshot (./snapshot.ts) the background stores after every change,
 * its items parsed only when read: the panel never tokenises a large catalog on its main
 * thread. Right after a sync, before the background has stored the new snapshot, the panel
 * opens at once from the previous one (stale by the sync's changes) and asks the background
 * for the new one; when it is stored the background touches the sources table, the panel's
 * live query fires, and this loads the new snapshot. A small catalog (the demo, a file of a
 * few hundred items) is prepared in the page.
 * Callers that ask while it loads share the one load (the panel asks several times as it opens).
 */
export async function loadCatalog(database: PitchsideDb = openDefault(), known?: readonly CatalogSource[]): Promise<CatalogView> {
  // A caller that already watches the sources table (the panel) passes them: no second read.
  const sources = known ?? (await database.sources.toArray());
  const stamp = stampOf(database, sources);
  if (cache?.stamp === stamp && !cache.stale) return cache.view;
  const previous = cache?.stamp === stamp ? cache : undefined;
  const vocabulary = vocabularyOf(sources);
  const itemCount = sources.reduce((sum, source) => sum + source.itemCount, 0);
  const entry: NonNullable<typeof cache> = { stamp, view: undefined as unknown as Promise<CatalogView> };
  entry.view = (async (): Promise<CatalogView> => {
    mark('pitchside:catalog-read');
    const snapshot = await database.snapshots.get(SNAPSHOT_ID).catch(() => undefined);
    mark('pitchside:snapshot-read');
    if (snapshot?.stamp === stamp) {
      const view = await viewOf(snapshot.data as SnapshotData, vocabulary).catch(() => undefined);
      if (view) return view;
    } else if (previous) {
      // Still stale: keep what is shown until the background has stored the new snapshot.
      entry.stale = true;
      return previous.view;
    }
    if (itemCount > BUILD_IN_PAGE) {
      // Older versions of the same catalogs only: never another catalog's items (the demo's).
      if (snapshot && !previous && sameSources(snapshot.stamp, stamp)) {
        const data = snapshot.data as SnapshotData;
        const stale = await viewOf(data, data.vocabularyJson ? (JSON.parse(data.vocabularyJson) as Vocabulary) : vocabulary).catch(() => undefined);
        if (stale) {
          entry.stale = true;
          void askBackground();
          return stale;
        }
      }
      if ((await askBackground()) || (await awaitSnapshot(database, stamp))) {
        const fresh = await database.snapshots.get(SNAPSHOT_ID).catch(() => undefined);
        if (fresh?.stamp === stamp) {
          const view = await viewOf(fresh.data as SnapshotData, vocabulary).catch(() => undefined);
          if (view) return view;
        }
      }
    }
    // Small, or no background to ask (tests, the CLI): prepare here and store it when idle.
    const items = await database.items.toArray();
    mark('pitchside:catalog-read-done');
    const loaded: CatalogView = { items, vocabulary };
    const index = preparedFor(loaded);
    mark('pitchside:index-ready');
    whenIdle(() => {
      if (cache?.stamp !== stamp) return;
      void storeSnapshot(database, stamp, index, vocabulary).catch(() => undefined);
    });
    return loaded;
  })();
  cache = entry;
  entry.view.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return entry.view;
}

async function viewOf(data: SnapshotData, vocabulary: Vocabulary): Promise<CatalogView> {
  const index = await fromSnapshot(data, vocabulary);
  const view: CatalogView = { items: index.items, vocabulary };
  adoptPrepared(view, index);
  mark('pitchside:index-ready');
  // Parse the remaining items while the rep reads the first suggestions.
  whenIdle(() => void warmItems(index.items, macrotask));
  return view;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Asks the background to store a snapshot of the catalog as it is now; false without one. */
async function askBackground(): Promise<boolean> {
  const runtime = (globalThis as { chrome?: { runtime?: { id?: string; sendMessage?: (m: unknown) => Promise<unknown> } } }).chrome?.runtime;
  if (!runtime?.id || !runtime.sendMessage) return false;
  try {
    await runtime.sendMessage({ type: 'catalog:changed' });
    return true;
  } catch {
    return false;
  }
}

/**
 * In the panel's worker (no extension APIs to ask with): the background stores a snapshot
 * after every sync, so wait for it (up to 30 s) rather than prepare a second index beside it,
 * on the same two cores. True once it is there.
 */
async function awaitSnapshot(database: PitchsideDb, stamp: string): Promise<boolean> {
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined') return false;
  for (let waited = 0; waited < 30_000; waited += 250) {
    // The small companion record, not the snapshot itself (a hundred MB at 100,000 items).
    if ((await database.snapshots.get(STAMP_ID).catch(() => undefined))?.stamp === stamp) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Whether two stamps are of the same sources (in other versions). */
function sameSources(a: string, b: string): boolean {
  const ids = (stamp: string) =>
    stamp
      .slice(stamp.indexOf('#') + 1)
      .split('|')
      .map((part) => part.replace(/:\d+:\d+$/, ''))
      .sort()
      .join('|');
  return ids(a) === ids(b);
}

/** What the catalog is made of: a sync, an import or a removal changes it. */
function stampOf(database: PitchsideDb, sources: readonly CatalogSource[]): string {
  return `${database.name}#${sources.map((s) => `${s.id}:${s.lastGoodSyncAt ?? 0}:${s.itemCount}`).join('|')}`;
}

/**
 * Builds and stores the snapshot when the catalog changed since the last one: called by the
 * background after a sync and by the options page after an import, so even the first panel
 * to open after them reads one record. Keeps nothing in memory. Returns whether it wrote one.
 * Then it rewrites one source record unchanged: Dexie's live queries on the sources table (an
 * open panel's) fire, and a panel showing a stale snapshot loads this one.
 */
export async function refreshSnapshot(database: PitchsideDb = openDefault()): Promise<boolean> {
  const sources = await database.sources.toArray();
  const stamp = stampOf(database, sources);
  if ((await database.snapshots.get(SNAPSHOT_ID))?.stamp === stamp) return false;
  const vocabulary = vocabularyOf(sources);
  const index = prepareCatalog(await database.items.toArray(), vocabulary);
  // The catalog changed again while preparing: leave it to the next refresh.
  if (stampOf(database, await database.sources.toArray()) !== stamp) return false;
  // The big write locks only the snapshots table: panels keep reading the sources meanwhile.
  await storeSnapshot(database, stamp, index, vocabulary);
  const now = await database.sources.toArray();
  if (now[0] && stampOf(database, now) === stamp) await database.sources.put(now[0]);
  return true;
}

async function storeSnapshot(database: PitchsideDb, stamp: string, index: PreparedCatalog, vocabulary: Vocabulary): Promise<void> {
  await database.snapshots.put({ id: SNAPSHOT_ID, stamp, data: { ...toSnapshot(index), vocabularyJson: JSON.stringify(vocabulary) } });
  await database.snapshots.put({ id: STAMP_ID, stamp, data: null });
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
