import { browser } from 'wxt/browser';
import { db } from '../db/database';
import { remakeAllReady, type ReadyEnv } from './ready';
import { dropAllReady, dropReadyOfGoneSources } from '../ready';
import { getTabState } from './tab-state';
// Straight from ./load: a service worker cannot import() a chunk later.
import { refreshSnapshot, releaseCatalog } from '../match/load';

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
  clearTimeout(timer);
  queue = queue.then(() => refreshSnapshot(db(), { prepared: remakeFromPrepared }).catch(() => false));
  return queue;
}

/** The lists of the catalog before go, and every tab's are made from the one just prepared. */
async function remakeFromPrepared(): Promise<void> {
  await dropAllReady(browser.storage.session);
  // This build is the one ready suggestions would wait for: they use its catalog instead.
  const made = await remakeAllReady({ ...readyEnv(), ensureSnapshot: async () => undefined });
  if (made === 0) releaseCatalog();
}

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
 * which has them all made again. Resolves once those lists are gone, not when the build is done.
 */
export async function catalogStored(): Promise<void> {
  await dropReadyOfStaleSources();
  void refreshSnapshotNow();
}

/** Removes the ready lists holding an item of a source no longer cached. */
export async function dropReadyOfStaleSources(): Promise<void> {
  const sources = await db().sources.toArray();
  await dropReadyOfGoneSources(browser.storage.session, new Set(sources.map((source) => source.id)));
}
