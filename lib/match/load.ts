import { db as openDefault, type CatalogSource, type PitchsideDb } from '../db/database';
import { readCatalog, readItems } from '../db/items';
import { dayNumber, prepareInSlices, type PreparedCatalog } from './prepare';
import { nextTask } from '../next-task';
import type { ProspectContext } from '../context/schema';
import { fromSnapshot, toSnapshot, warmItems, type CatalogSnapshot } from './snapshot';
import type { Vocabulary } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { adoptPrepared, mergeVocabularies, preparedFor, rank, type CatalogView, type SuggestOptions, type Suggestion } from './suggest';

let cache: { stamp: string; view: Promise<CatalogView>; stale?: boolean } | undefined;

/**
 * Lets go of the catalog held in memory: the next `loadCatalog` reads the snapshot again. For
 * the background, which needs it only while pages are being read (lib/background/ready.ts).
 */
export function releaseCatalog(): void {
  cache = undefined;
}

const SNAPSHOT_ID = 'catalog';
/** Written after each snapshot, holding only its stamp: cheap to poll. */
const STAMP_ID = 'catalog-stamp';
/**
 * Written by the background while it builds a snapshot, with the time it started (`data.at`):
 * a panel's worker waits for that build (for a while) rather than prepare a second index beside
 * it on the same cores. Removed when the build ends; one left by a stopped service worker is
 * ignored once it is older than the wait.
 */
const BUILDING_ID = 'catalog-building';

/** Up to this many items the panel prepares the index itself (a few ms); above, the background does. */
const BUILD_IN_PAGE = 2000;

/** The name of the error `loadCatalog` rejects with when asked not to prepare a large catalog itself. */
export const BUILD_ELSEWHERE = 'BuildElsewhere';

/**
 * How the panel's worker (./worker.ts) reaches out, and how long it waits for the background.
 * A worker has no extension APIs: it asks the page to ask the background.
 */
export interface WorkerLink {
  /** Asks the background, through the page, to store a snapshot of the catalog as it is now. */
  askBackground(): void;
  /** A stale view was replaced by a fresh one with no change of the sources: the page loads it again. */
  replaced(): void;
  /** The longest wait for a snapshot the background is building (ms). */
  waitMs?: number;
  /** Showing a stale snapshot: how long the background has to start the build it was asked for (ms). */
  graceMs?: number;
  pollMs?: number;
}

let link: WorkerLink | undefined;

/** Called by ./worker.ts: from then on this module follows the worker's rules (see `loadCatalog`). */
export function linkWorker(next: WorkerLink | undefined): void {
  link = next;
}

const WAIT_MS = 20_000;
const GRACE_MS = 3000;
/** A sync that landed this recently (its time is taken before the items are stored) may have a snapshot build about to start in the background. */
const JUST_SYNCED_MS = 60_000;

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
 *
 * In the panel's worker (`linkWorker`), a large catalog never waits on the background for
 * long: with no snapshot of this catalog, it waits only for a build the background has under
 * way (at most `waitMs`), else prepares the index from the items itself, at once, and asks the
 * background to store a snapshot for the next panel. A stale snapshot is shown meanwhile; if
 * the background has not stored the new one within the wait, the worker prepares it itself and
 * says so (`replaced`). The worker never writes a snapshot: the background stays its one writer.
 * The panel's page, below the worker's size, passes `buildHere: false`: where it would have to
 * prepare a large catalog itself (the background did not deliver), this rejects with
 * `BUILD_ELSEWHERE` and the page hands the catalog to the worker instead (./index.ts).
 */
export async function loadCatalog(
  database: PitchsideDb = openDefault(),
  known?: readonly CatalogSource[],
  options: { buildHere?: boolean } = {},
): Promise<CatalogView> {
  // A caller that already watches the sources table (the panel) passes them: no second read.
  const sources = known ?? (await database.sources.toArray());
  const stamp = stampOf(database, sources);
  if (cache?.stamp === stamp && !cache.stale) return cache.view;
  const previous = cache?.stamp === stamp ? cache : undefined;
  // Showing a stale snapshot: until the small stamp record names this catalog, the new snapshot
  // is not stored (no need to read a hundred MB to find that out, on every keystroke).
  if (previous && (await storedStamp(database)) !== stamp) return previous.view;
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
    }
    if (itemCount > BUILD_IN_PAGE) {
      // Older versions of the same catalogs only: never another catalog's items (the demo's).
      if (snapshot && !previous && sameSources(snapshot.stamp, stamp)) {
        const data = snapshot.data as SnapshotData;
        const stale = await viewOf(data, data.vocabularyJson ? (JSON.parse(data.vocabularyJson) as Vocabulary) : vocabulary).catch(() => undefined);
        if (stale) {
          entry.stale = true;
          void askBackground();
          if (link) void settle(database, stamp, vocabulary, link);
          return stale;
        }
      }
      const stored = link ? await awaitBackground(database, stamp, link, justSynced(sources) ? 1500 : 0) : await askBackground();
      if (stored) {
        const fresh = await database.snapshots.get(SNAPSHOT_ID).catch(() => undefined);
        if (fresh?.stamp === stamp) {
          const view = await viewOf(fresh.data as SnapshotData, vocabulary).catch(() => undefined);
          if (view) return view;
        }
      }
    }
    // The panel's page does not prepare a large catalog on its main thread: its worker will.
    if (options.buildHere === false && itemCount > BUILD_IN_PAGE)
      throw Object.assign(new Error('no snapshot of the catalog to read here'), { name: BUILD_ELSEWHERE });
    // Small, no background to ask (tests, the CLI), or in the worker with no snapshot coming.
    const { view: loaded, index, consistent } = await prepareHere(database, stamp, vocabulary);
    if (link) {
      // The next panel reads a snapshot: the background stores it (one writer), after this.
      if (itemCount > BUILD_IN_PAGE) link.askBackground();
    } else if (consistent) {
      whenIdle(() => {
        if (cache?.stamp !== stamp) return;
        void storeIfCurrent(database, stamp, index, vocabulary).catch(() => undefined);
      });
    }
    return loaded;
  })();
  cache = entry;
  entry.view.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return entry.view;
}

/**
 * Reads the items and prepares their index here. The sources and items are read in one
 * transaction (a sync writes both in one): `consistent` says the items are those of `stamp`.
 */
async function prepareHere(
  database: PitchsideDb,
  stamp: string,
  vocabulary: Vocabulary,
): Promise<{ view: CatalogView; index: PreparedCatalog; consistent: boolean }> {
  const { sources, items } = await readCatalog(database);
  const consistent = stampOf(database, sources) === stamp;
  mark('pitchside:catalog-read-done');
  const view: CatalogView = { items, vocabulary };
  const index = preparedFor(view);
  mark('pitchside:index-ready');
  return { view, index, consistent };
}

/**
 * In the worker, a stale snapshot on screen: waits for the background to store the new one
 * (which it was asked for). If it does not within the wait, prepares the index from the items
 * and puts it in place of the stale one, and tells the page (`replaced`).
 */
let settling: string | undefined;
async function settle(database: PitchsideDb, stamp: string, vocabulary: Vocabulary, worker: WorkerLink): Promise<void> {
  if (settling === stamp) return;
  settling = stamp;
  try {
    // Stored: the background touches the sources, the page loads again, and that reads it.
    if (await awaitBackground(database, stamp, worker, worker.graceMs ?? GRACE_MS)) return;
    if (cache?.stamp !== stamp || !cache.stale) return;
    const { view } = await prepareHere(database, stamp, vocabulary);
    if (cache?.stamp !== stamp || !cache.stale) return;
    cache = { stamp, view: Promise.resolve(view) };
    worker.replaced();
  } catch {
    // Left stale: the next change of the sources loads again.
  } finally {
    if (settling === stamp) settling = undefined;
  }
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
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Asks the background to store a snapshot of the catalog as it is now; true once it answered,
 * false without one or after `WAIT_MS` (a build stuck or far too slow is not waited for). The
 * worker cannot ask itself: the page does it for it, and it does not wait for an answer.
 */
async function askBackground(): Promise<boolean> {
  if (link) {
    link.askBackground();
    return false;
  }
  const runtime = (globalThis as { chrome?: { runtime?: { id?: string; sendMessage?: (m: unknown) => Promise<unknown> } } }).chrome?.runtime;
  if (!runtime?.id || !runtime.sendMessage) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      runtime.sendMessage({ type: 'catalog:changed' }).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), WAIT_MS))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The stamp of the stored snapshot, from its small companion record. */
async function storedStamp(database: PitchsideDb): Promise<string | undefined> {
  return (await database.snapshots.get(STAMP_ID).catch(() => undefined))?.stamp;
}

/**
 * In the worker: true once the background has stored a snapshot of `stamp`. Waits while the
 * background says it is building one (its marker, younger than the wait), and otherwise for
 * `graceMs` only; never longer than `waitMs` in all. Polls the small records, never the
 * snapshot itself (a hundred MB at 100,000 items).
 */
async function awaitBackground(database: PitchsideDb, stamp: string, worker: WorkerLink, graceMs: number): Promise<boolean> {
  const waitMs = worker.waitMs ?? WAIT_MS;
  const started = Date.now();
  for (;;) {
    if ((await storedStamp(database)) === stamp) return true;
    const building = await database.snapshots.get(BUILDING_ID).catch(() => undefined);
    const now = Date.now();
    const at = (building?.data as { at?: number } | undefined)?.at ?? 0;
    const underWay = now - at < waitMs;
    if (now - started >= waitMs || (!underWay && now - started >= graceMs)) return false;
    await sleep(worker.pollMs ?? 250);
  }
}

const justSynced = (sources: readonly CatalogSource[]) => sources.some((source) => Date.now() - (source.lastGoodSyncAt ?? 0) < JUST_SYNCED_MS);

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
 * An index a sync prepared while it read a source's items (lib/background/snapshot.ts): the
 * whole catalog's when the catalog is that one source, `count` items, with that vocabulary.
 */
export interface PreparedSource {
  sourceId: string;
  count: number;
  vocabulary: Vocabulary;
  /** The index, at once or in slices (the background's, so that it answers meanwhile). */
  finish(): PreparedCatalog | Promise<PreparedCatalog>;
}

/** Whether `candidate` is the index of the catalog `sources` describe. */
function fits(candidate: PreparedSource | undefined, sources: readonly CatalogSource[], vocabulary: Vocabulary): candidate is PreparedSource {
  if (!candidate) return false;
  const holding = sources.filter((source) => source.itemCount > 0);
  return (
    holding.length === 1 &&
    holding[0]!.id === candidate.sourceId &&
    holding[0]!.itemCount === candidate.count &&
    JSON.stringify(vocabulary) === JSON.stringify(candidate.vocabulary)
  );
}

/**
 * Builds and stores the snapshot when the catalog changed since the last one: called by the
 * background after a sync and by the options page after an import, so even the first panel
 * to open after them reads one record. Keeps nothing in memory (but with `prepared`). Returns whether it wrote one.
 * Then it rewrites one source record unchanged: Dexie's live queries on the sources table (an
 * open panel's) fire, and a panel showing a stale snapshot loads this one.
 * While it builds, a marker record says so (`BUILDING_ID`): a panel opening meanwhile waits
 * for this build instead of running its own. `prepared`, when given, runs once the index is
 * prepared and before it is stored, with the new catalog loaded here (`loadCatalog` returns it).
 * `index`: the one a sync prepared as it read the items (`PreparedSource`), used when it fits.
 */
export async function refreshSnapshot(
  database: PitchsideDb = openDefault(),
  options: { prepared?: () => Promise<unknown>; index?: PreparedSource } = {},
): Promise<boolean> {
  const sources = await database.sources.toArray();
  const stamp = stampOf(database, sources);
  // The small stamp record first: the snapshot itself is read only to confirm a match.
  if ((await storedStamp(database)) === stamp && (await database.snapshots.get(SNAPSHOT_ID))?.stamp === stamp) return false;
  await database.snapshots.put({ id: BUILDING_ID, stamp, data: { at: Date.now() } });
  try {
    const vocabulary = vocabularyOf(sources);
    // The index the sync prepared as it read the items, when it is this catalog's: no reading back.
    // Else read back, and prepared in slices: at 100,000 items that is about 2 s in which the
    // background would answer nothing (a panel, a page read, the next sync), in one task.
    const index = fits(options.index, sources, vocabulary)
      ? await options.index.finish()
      : await prepareInSlices(await readItems(database), vocabulary, nextTask);
    const items = index.items;
    // The catalog changed again while preparing: leave it to the next refresh.
    if (stampOf(database, await database.sources.toArray()) !== stamp) return false;
    if (options.prepared) {
      // What the caller does with the new catalog (the background's ready suggestions) need not
      // wait for the snapshot's write: it is this context's catalog from now on.
      const view: CatalogView = { items, vocabulary };
      adoptPrepared(view, index);
      cache = { stamp, view: Promise.resolve(view) };
      await options.prepared().catch(() => undefined);
    }
    // The big write locks only the snapshots table: panels keep reading the sources meanwhile.
    await storeSnapshot(database, stamp, index, vocabulary);
  } finally {
    await database.snapshots.delete(BUILDING_ID).catch(() => undefined);
  }
  const now = await database.sources.toArray();
  if (now[0] && stampOf(database, now) === stamp) await database.sources.put(now[0]);
  return true;
}

async function storeSnapshot(database: PitchsideDb, stamp: string, index: PreparedCatalog, vocabulary: Vocabulary): Promise<void> {
  await database.snapshots.put({ id: SNAPSHOT_ID, stamp, data: { ...toSnapshot(index), vocabularyJson: JSON.stringify(vocabulary) } });
  await database.snapshots.put({ id: STAMP_ID, stamp, data: null });
}

/**
 * The page's own write (a catalog it prepared itself): in one transaction with the sources, and
 * only while they are still the catalog it was prepared from and no snapshot of it is stored,
 * so it never overwrites the background's newer one.
 */
async function storeIfCurrent(database: PitchsideDb, stamp: string, index: PreparedCatalog, vocabulary: Vocabulary): Promise<void> {
  const data = { ...toSnapshot(index), vocabularyJson: JSON.stringify(vocabulary) };
  await database.transaction('rw', [database.sources, database.snapshots], async () => {
    if (stampOf(database, await database.sources.toArray()) !== stamp || (await storedStamp(database)) === stamp) return;
    await database.snapshots.put({ id: SNAPSHOT_ID, stamp, data });
    await database.snapshots.put({ id: STAMP_ID, stamp, data: null });
  });
}

/** The sources' vocabularies as one: the language every item of the catalog is tagged in. */
function vocabularyOf(sources: readonly CatalogSource[]) {
  return mergeVocabularies(sources.map((s) => s.vocabulary));
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
 * The catalog's newest items a rep may send (not internal, not expired on `today`, with a date),
 * newest first, then by title: what the panel lists when there is no prospect. Picked from the
 * prepared index's day numbers, so only the few candidates are read as items (a snapshot's items
 * are parsed when read: 100,000 of them would be a second of work); those are checked again on
 * the items themselves, and the ties on the last day included, so the list is the one the items
 * alone give (stored dates are YYYY-MM-DD, and their order is the order of their days).
 */
export function newestItems(view: CatalogView, limit = 5, today = new Date().toISOString().slice(0, 10)): StoredItem[] {
  if (limit <= 0 || view.items.length === 0) return [];
  const { updatedDay, expiresDay, internal } = preparedFor(view);
  const todayDay = dayNumber(today);
  const order: number[] = [];
  for (let i = 0; i < view.items.length; i++) {
    if (!internal[i] && !Number.isNaN(updatedDay[i]!) && !(expiresDay[i]! < todayDay)) order.push(i);
  }
  order.sort((a, b) => updatedDay[b]! - updatedDay[a]!);
  const usable = (item: StoredItem) => !!item.updatedAt && !item.internalOnly && (!item.expiresAt || item.expiresAt >= today);
  const picked: StoredItem[] = [];
  let lastDay = Number.NaN;
  for (const i of order) {
    if (picked.length >= limit && updatedDay[i]! < lastDay) break;
    const item = view.items[i]!;
    if (!usable(item)) continue;
    picked.push(item);
    if (picked.length >= limit && Number.isNaN(lastDay)) lastDay = updatedDay[i]!;
  }
  return picked.sort((a, b) => b.updatedAt!.localeCompare(a.updatedAt!) || a.title.localeCompare(b.title)).slice(0, limit);
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
