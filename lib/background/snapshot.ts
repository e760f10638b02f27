import { browser } from 'wxt/browser';
import { db } from '../db/database';
import { remakeAllReady, type ReadyEnv } from './ready';
import { dropAllReady, dropReadyOfGoneSources } from '../ready';
import { getTabState } from './tab-state';
// Straight from ./load: a service worker cannot import() a chunk later.
import { refreshSnapshot, releaseCatalog, type PreparedSource } from '../match/load';
import { CatalogBuilder } from '../match/prepare';
import { nextTask } from '../next-task';
import { mergeVocabularies } from '../match/suggest';
import type { ItemSink } from '../catalog/sync';
import type { Vocabulary } from '../catalog/types';

/**
 * Keeps the matching snapshot (lib/match/snapshot.ts) up to date from the service worker, one
 * build at a time: a sync, an import and a settings change can all finish within a second,
 * and at 100,000 items each build costs seconds of a core that the next sync needs.
 */
let timer: ReturnType<typeof setTimeout> | undefined;
let queue: Promise<boolean> = Promise.resolve(false);

/**
 * Rebuilds now, after any build under way; resolves to whether a new snapshot was written.
 * The tabs' ready suggestions (./ready.ts) are made again from the new catalog as soon as it is
 * prepared, before its snapshot is stored (seconds at 100,000 items): a panel opened right
 * after a sync shows them without waiting for that write. The catalog then stays in memory as
 * after a page read, and goes a minute later (or at once when no tab has a reading).
 */
export function refreshSnapshotNow(): Promise<boolean> {
  return refreshAndMake().stored;
}

/** Lists being made from the index a sync prepared (`indexWhileSyncing`), until they are. */
let listsAfterSync: Promise<void> | undefined;

/**
 * `refreshSnapshotNow`, also telling when the tabs' ready lists are made (or none will be). The
 * first rebuild after a sync that prepared its index takes that index, whoever asked for it
 * (the sync, or a panel that heard the catalog change first).
 */
function refreshAndMake(): { made: Promise<void>; stored: Promise<boolean> } {
  clearTimeout(timer);
  const index = takeSyncedIndex();
  let made!: () => void;
  const ready = new Promise<void>((resolve) => (made = resolve));
  const prepared = () =>
    remakeFromPrepared()
      .finally(made)
      // A panel opened on the lists gets the cores first: the snapshot's write (seconds of
      // serialising at 100,000 items, in this worker and in the browser's database thread)
      // starts after it. Its worker waits for the snapshot meanwhile (the build marker).
      .then((lists) => (lists > 0 ? sleep(PANEL_FIRST_MS) : undefined));
  queue = queue.then(() => refreshSnapshot(db(), { prepared, index }).catch(() => false)).finally(made);
  if (index) {
    const lists = ready.then(() => {
      if (listsAfterSync === lists) listsAfterSync = undefined;
    });
    listsAfterSync = lists;
  }
  return { made: ready, stored: queue };
}

/**
 * The index of the last source a sync wrote whole, prepared as its items were read
 * (`indexWhileSyncing`); taken by the next `catalogStored`.
 */
let synced: PreparedSource | undefined;

/**
 * A sync's `SyncEnv.index`: each item of a source written whole goes into a CatalogBuilder as it
 * is read, so that at 100,000 items the index is ready as the items are stored, not seconds
 * later (reading them back and preparing them took 4–5 s). The builder holds the items the sync
 * holds anyway; a sync that fails drops it.
 */
export function indexWhileSyncing(sourceId: string, vocabulary: Vocabulary): ItemSink {
  const builder = new CatalogBuilder(mergeVocabularies([vocabulary]));
  synced = undefined;
  return {
    add: (item) => builder.add(item),
    stored: (final, count) => {
      // Only when every item went in, with the vocabulary the catalog ended with.
      const whole = count === builder.count && JSON.stringify(mergeVocabularies([final])) === JSON.stringify(builder.vocabulary);
      synced = whole ? { sourceId, count, vocabulary: builder.vocabulary, finish: () => builder.finishInSlices({ inKeyOrder: true }, nextTask) } : undefined;
    },
  };
}

/** The lists of the catalog before go, and every tab's are made from the one just prepared. */
async function remakeFromPrepared(): Promise<number> {
  await dropAllReady(browser.storage.session);
  // This build is the one ready suggestions would wait for: they use its catalog instead.
  const made = await remakeAllReady({ ...readyEnv(), ensureSnapshot: async () => undefined });
  if (made === 0) releaseCatalog();
  return made;
}

/** How long the snapshot's write waits after ready lists were made for the tabs (ms). */
export const PANEL_FIRST_MS = 1500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once no snapshot build is under way (or queued). */
export function snapshotsSettled(): Promise<unknown> {
  return queue;
}

/** Rebuilds once things have settled: calls within `delayMs` of each other make one build. */
export function scheduleSnapshot(delayMs = 1500): void {
  clearTimeout(timer);
  timer = setTimeout(() => void refreshSnapshotNow(), delayMs);
}

/** What the background's ready suggestions (./ready.ts) are made with. */
export function readyEnv(): ReadyEnv {
  return { database: db(), area: browser.storage.session, ensureSnapshot: snapshotsSettled, current: getTabState };
}

/**
 * A sync or an import stored a catalog (or a source was removed): the ready lists holding an
 * item of a source no longer cached go at once (lib/ready.ts), and the snapshot is rebuilt,
 * which has them all made again. Resolves once those lists are gone, not when the build is done;
 * after a sync that prepared the index as it read the items, once the new lists are made.
 */
export async function catalogStored(): Promise<void> {
  await dropReadyOfStaleSources();
  refreshAndMake();
  // With the index in hand the lists take a moment: the sync answers once they are made, so a
  // panel opened on its answer finds them (the snapshot is written after).
  await listsAfterSync;
}

/** The index the last sync prepared as it read its items, if any: once. */
export function takeSyncedIndex(): PreparedSource | undefined {
  const index = synced;
  synced = undefined;
  return index;
}

/** Removes the ready lists holding an item of a source no longer cached. */
export async function dropReadyOfStaleSources(): Promise<void> {
  const sources = await db().sources.toArray();
  await dropReadyOfGoneSources(browser.storage.session, new Set(sources.map((source) => source.id)));
}
