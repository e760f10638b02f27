import { browser } from 'wxt/browser';
import { db } from '../db/database';
import { catalogStored, indexWhileSyncing } from './snapshot';
import { getSettings, SETTINGS_KEY } from '../settings';
import { PROGRESS_KEY, RUNNING_PREFIX, type CatalogSyncAnswer } from '../catalog/protocol';
import { isDue, reconcileSources, retryDelayMinutes, syncMark, syncSource, type SyncOutcome, type SyncProgress } from '../catalog/sync';
import { aliveByLock, newInstanceId, recoverInterrupted, redoStagedImport, whenGone, withMark } from './interrupted';
import { cacheStaging } from '../catalog/staged';
import { nextTask } from '../next-task';

/**
 * Periodic and on-demand catalog sync in the service worker. Listeners are registered
 * synchronously in startCatalogSync (a worker woken by an alarm only delivers it to listeners
 * registered at start-up: https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events#declare-events);
 * the work waits on promises.
 *
 * - alarm `catalog-sync`: every `syncIntervalHours`; syncs the sources that are due.
 * - alarm `catalog-retry`: one-shot after a failure, min(interval, 2^failures minutes).
 * - message `{ type: 'catalog:sync', sourceId? }` from the options page (routed here by
 *   lib/background/index.ts): syncs one source, or every URL source; answers CatalogSyncAnswer.
 * - message `{ type: 'catalog:resume', since }` from an options page whose Sync now lost the
 *   worker: answers what this worker's start did with the work left unfinished (below).
 * - progress goes to storage.session under PROGRESS_KEY for the options page's progress bar.
 * - every sync is marked in storage.local while it runs (./interrupted.ts); at start-up, a mark
 *   a stopped worker left is redone once, or given up with the reason on the source.
 * - imports run in the options page, marked the same way, with the file staged in Cache Storage
 *   (lib/catalog/staged.ts). Message `{ type: 'catalog:importing', by }`: the worker waits for
 *   that page's Web Lock, granted when the page closes, and then redoes an import it left
 *   unfinished from the staged copy (once; interrupted again, it is given up). So does the start
 *   of a worker. Message `{ type: 'catalog:recover' }` from the next options page: answers what
 *   became of those imports.
 */

export const SYNC_ALARM = 'catalog-sync';
export const RETRY_ALARM = 'catalog-retry';

let lastProgressWrite = 0;
function reportProgress(progress: SyncProgress | null): void {
  const now = Date.now();
  // A few writes per second are plenty for a progress bar.
  if (progress && progress.done < progress.total && now - lastProgressWrite < 150) return;
  lastProgressWrite = now;
  void browser.storage.session.set({ [PROGRESS_KEY]: progress ? { ...progress, at: now } : null }).catch(() => undefined);
}

const env = () => ({ database: db(), onProgress: reportProgress, yieldEvery: nextTask, index: indexWhileSyncing });

async function prepare() {
  const settings = await getSettings();
  await reconcileSources(db(), settings);
  return settings;
}

/** Keeps the periodic alarm at the configured interval without resetting a running one. */
async function schedule(intervalHours: number): Promise<void> {
  const periodInMinutes = intervalHours * 60;
  const existing = await browser.alarms.get(SYNC_ALARM);
  if (existing?.periodInMinutes === periodInMinutes) return;
  await browser.alarms.create(SYNC_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
}

async function scheduleRetry(intervalHours: number): Promise<void> {
  const sources = await db().sources.toArray();
  const failing = sources.filter((s) => s.url && s.failures);
  if (!failing.length) {
    await browser.alarms.clear(RETRY_ALARM);
    return;
  }
  const now = Date.now();
  const next = Math.min(...failing.map((s) => (s.lastAttemptAt ?? now) + retryDelayMinutes(s.failures!, intervalHours) * 60_000));
  // Chrome fires a packed MV3 extension's alarms no sooner than 30 s from now
  // (kMV3ReleaseDelayMinimum, chromium extensions/browser/api/alarms/alarms_api_constants.h;
  // https://developer.chrome.com/docs/extensions/reference/api/alarms#method-create).
  await browser.alarms.create(RETRY_ALARM, { when: Math.max(next, now + 30_000) });
}

/** This worker's marks carry this id: a mark with another one was left by a stopped worker. */
const WORKER_PREFIX = 'worker:';
const WORKER = `${WORKER_PREFIX}${newInstanceId()}`;
const marking = new Set<string>();

/** One source's sync, marked while it runs; a sync of the same source already running is joined. */
async function markedSync(sourceId: string, attempts: number): Promise<SyncOutcome> {
  if (marking.has(sourceId)) return syncSource(env(), sourceId);
  marking.add(sourceId);
  try {
    const mark = { sourceId, kind: 'sync' as const, startedAt: Date.now(), attempts, by: WORKER };
    return await withMark(browser.storage.local, mark, () => syncSource(env(), sourceId));
  } finally {
    marking.delete(sourceId);
  }
}

async function syncMany(ids: string[], intervalHours: number, attempts = 1): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  // One at a time: two 100k-item imports at once would double memory for no gain.
  for (const id of ids) outcomes.push(await markedSync(id, attempts));
  reportProgress(null);
  // The next panel opens from one prepared record instead of re-indexing the new catalog; an
  // open panel shows the previous one until this is stored (lib/match/index.ts).
  if (outcomes.some((outcome) => outcome.ok && outcome.changed)) await catalogStored();
  syncMark('lists');
  await scheduleRetry(intervalHours);
  return outcomes;
}

/** Syncs the sources whose interval (or retry delay) has passed. */
export async function syncDue(): Promise<SyncOutcome[]> {
  const settings = await prepare();
  const now = Date.now();
  const due = (await db().sources.toArray()).filter((s) => isDue(s, settings.syncIntervalHours, now)).map((s) => s.id);
  return syncMany(due, settings.syncIntervalHours);
}

const toAnswer = (outcomes: SyncOutcome[]): CatalogSyncAnswer => ({
  outcomes: outcomes.map((o) => ({
    sourceId: o.sourceId,
    ok: o.ok,
    itemCount: o.itemCount,
    message: o.message,
    // The page renders the outcome in the rep's language; `message` stays for what reads English.
    messageI18n: o.messageI18n,
    error: o.ok ? undefined : o.error,
  })),
});

/** The options page's "Sync now": one source, or every URL source. */
export async function handleCatalogSync(message: { sourceId?: string }): Promise<CatalogSyncAnswer> {
  const settings = await prepare();
  const ids = message.sourceId ? [message.sourceId] : (await db().sources.toArray()).filter((s) => s.url).map((s) => s.id);
  const outcomes = await syncMany(ids, settings.syncIntervalHours);
  return toAnswer(outcomes);
}

/** What this worker did with interrupted work, and when: the answer to `catalog:resume`. */
const recovered: Array<{ at: number; outcome: SyncOutcome }> = [];
/** What became of interrupted imports, until an options page is told (`catalog:recover`). */
const untoldImports: SyncOutcome[] = [];

const staging = cacheStaging();

/** The staged copy of an import a closed page left, imported again here, marked as this worker's. */
async function redoImport(sourceId: string, attempts: number): Promise<SyncOutcome | undefined> {
  const outcome = await redoStagedImport({ area: browser.storage.local, staging, by: WORKER }, env(), sourceId, attempts);
  reportProgress(null);
  if (outcome?.ok && outcome.changed) await catalogStored();
  return outcome;
}

/** A staged copy this old with no mark is no import's: its page closed before marking it. */
const ORPHAN_MS = 60_000;

/**
 * Redoes (once) or gives up the syncs a stopped worker left unfinished, and the imports whose
 * page is gone (`kinds`).
 */
async function recover(kinds: Array<'sync' | 'import'> = ['sync', 'import']): Promise<void> {
  const settings = await prepare();
  const outcomes = await recoverInterrupted({
    area: browser.storage.local,
    database: db(),
    kinds,
    // One worker at a time: every other worker that left a mark is gone (a sync's, or an
    // import's it redid). A page is alive while it holds its Web Lock.
    alive: (by, kind) => by === WORKER || (kind === 'import' && !by.startsWith(WORKER_PREFIX) && aliveByLock(by)),
    redo: async (sourceId, attempts) => (await syncMany([sourceId], settings.syncIntervalHours, attempts))[0]!,
    redoImport,
    staging,
  });
  for (const outcome of outcomes) {
    if (outcome.sourceId.startsWith('file:')) untoldImports.push(outcome);
    else recovered.push({ at: Date.now(), outcome });
  }
  if (kinds.includes('import')) await removeOrphans();
}

async function removeOrphans(): Promise<void> {
  const marked = new Set(Object.keys(await browser.storage.local.get(null)));
  const now = Date.now();
  for (const { sourceId, stagedAt } of await staging.list()) {
    if (!marked.has(`${RUNNING_PREFIX}${sourceId}`) && now - stagedAt > ORPHAN_MS) await staging.remove(sourceId);
  }
}

/** Pages whose closing this worker waits for. */
const watched = new Set<string>();

/** An options page imports: when it closes, the import it may leave unfinished is redone. */
export function handleCatalogImporting(message: { by: string }): { ok: true } {
  if (!watched.has(message.by)) {
    watched.add(message.by);
    void whenGone(message.by).then(() => {
      watched.delete(message.by);
      ready = ready.then(() => recover(['import'])).catch((error: unknown) => console.error('Pitchside: interrupted import', error));
    });
  }
  return { ok: true };
}

/** The next options page asks what became of the imports left unfinished. */
export async function handleCatalogRecover(): Promise<CatalogSyncAnswer> {
  ready = ready.then(() => recover(['import'])).catch((error: unknown) => console.error('Pitchside: interrupted import', error));
  await ready;
  return toAnswer(untoldImports.splice(0));
}

let ready: Promise<unknown> = Promise.resolve();

/**
 * An options page lost this worker's predecessor mid-sync; this worker's start (which the
 * message caused) redoes the work or gives it up. Answers what became of the work since `since`.
 */
export async function handleCatalogResume(message: { since: number }): Promise<CatalogSyncAnswer> {
  ready = ready.then(() => recover()).catch((error: unknown) => console.error('Pitchside: interrupted sync', error));
  await ready;
  return toAnswer(recovered.filter((entry) => entry.at >= message.since).map((entry) => entry.outcome));
}

export function startCatalogSync(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === RETRY_ALARM) {
      ready = ready.then(syncDue).catch((error: unknown) => console.error('Pitchside: catalog sync', error));
    }
  });
  browser.storage.onChanged.addListener((changes, area) => {
    // The rep or IT changed the URLs or the interval: follow at once.
    if (area === 'managed' || (area === 'local' && SETTINGS_KEY in changes)) {
      ready = ready
        .then(prepare)
        .then((settings) => schedule(settings.syncIntervalHours))
        .then(syncDue)
        .catch((error: unknown) => console.error('Pitchside: catalog settings', error));
    }
  });
  // On start-up: keep the alarm, finish what a stopped worker left, and sync what is due (a
  // worker may have slept through an alarm). A stopped worker's progress is no one's now.
  reportProgress(null);
  ready = prepare()
    .then((settings) => schedule(settings.syncIntervalHours))
    .then(() => recover().catch((error: unknown) => console.error('Pitchside: interrupted sync', error)))
    .then(syncDue)
    .catch((error: unknown) => console.error('Pitchside: catalog sync at start-up', error));
}
