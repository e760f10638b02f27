import { RUNNING_PREFIX, runningMarkSchema, type RunningMark } from '../catalog/protocol';
import { detail } from '../catalog/messages';
import type { SyncEnv, SyncOutcome } from '../catalog/sync';
import { fileSourceId, importCatalogFile, type CatalogFile } from '../catalog/import';
import type { StagedFiles } from '../catalog/staged';
import type { PitchsideDb } from '../db/database';
import { catalogText, t } from '../i18n';

/**
 * Work cut off by a stopped service worker or a closed options page. The catalog store stays
 * whole either way (each sync or import is written in one IndexedDB transaction, aborted with
 * its context), but the work is not done. So each sync and import leaves a mark in
 * storage.local while it runs (`RUNNING_PREFIX` + source id, lib/catalog/protocol.ts), removed
 * when it ends, success or ordinary failure. A mark whose owner is gone was interrupted:
 *
 * - a sync is redone once by the next worker at its start; interrupted again (attempts ≥ 2),
 *   it is given up with a reason on the source, and never looped;
 * - an import is redone the same way, once, by the background worker, from the copy of the
 *   file staged before it began (lib/catalog/staged.ts): the File itself was the closed page's.
 *   Without a staged copy (staging failed, or the copy is gone) the source says the import was
 *   interrupted and what was kept, as does an import interrupted a second time.
 *
 * The storage area and the database are passed in, so tests run this against fakes.
 */

/** Interrupted this many times, a sync or an import is not started again on its own. */
export const MAX_ATTEMPTS = 2;

/** The part of `browser.storage.local` the marks use. */
export interface MarkArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

const keyOf = (sourceId: string) => `${RUNNING_PREFIX}${sourceId}`;

/** A random id for this worker or page: marks it writes carry it. */
export const newInstanceId = (): string => globalThis.crypto.randomUUID();

const LOCK_PREFIX = 'pitchside:alive:';
type Locks = Pick<LockManager, 'request' | 'query'>;
const webLocks = (): Locks | undefined => globalThis.navigator?.locks;

/**
 * An options page holds a Web Lock named after its id for as long as it lives: the browser
 * releases it when the page goes (https://w3c.github.io/web-locks/#lock-lifetime), so another
 * page can tell an import still running in a page next to it from one whose page was closed.
 */
export function holdAliveLock(id: string, locks: Locks | undefined = webLocks()): void {
  void locks?.request(LOCK_PREFIX + id, () => new Promise<never>(() => undefined)).catch(() => undefined);
}

/** Whether the page with this id still lives. Without Web Locks nothing is taken for dead. */
export async function aliveByLock(by: string, locks: Locks | undefined = webLocks()): Promise<boolean> {
  if (!locks) return true;
  const { held = [] } = await locks.query();
  return held.some((lock) => lock.name === LOCK_PREFIX + by);
}

/**
 * Settles when the page with this id is gone: its lock is granted to this request only once
 * the page released it by closing. Never settles without Web Locks (nobody is taken for dead),
 * nor when this context dies first.
 */
export function whenGone(by: string, locks: Locks | undefined = webLocks()): Promise<void> {
  if (!locks) return new Promise<void>(() => undefined);
  return locks.request(LOCK_PREFIX + by, () => undefined).then(() => undefined);
}

export async function readMarks(area: MarkArea): Promise<RunningMark[]> {
  const all = await area.get(null);
  const marks: RunningMark[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(RUNNING_PREFIX)) continue;
    const parsed = runningMarkSchema.safeParse(value);
    if (parsed.success && keyOf(parsed.data.sourceId) === key) marks.push(parsed.data);
    // A mark that does not fit is no one's: dropped, it must not block anything.
    else await area.remove(key);
  }
  return marks;
}

/** Runs `work` with its mark set, and removes the mark when it settles (however it settles). */
export async function withMark<T>(area: MarkArea, mark: RunningMark, work: () => Promise<T>): Promise<T> {
  await area.set({ [keyOf(mark.sourceId)]: mark });
  try {
    return await work();
  } finally {
    await area.remove(keyOf(mark.sourceId)).catch(() => undefined);
  }
}

export type RecoveryStep = { do: 'redo'; mark: RunningMark; attempts: number } | { do: 'give-up'; mark: RunningMark };

/**
 * What to do with the marks left: those of a live owner (this worker, an open page) are work
 * still running and are left alone; a sync, and an import with a staged copy, is redone while
 * it has attempts left; the rest are given up. Only the `kinds` this context handles are
 * looked at.
 */
export function planRecovery(marks: RunningMark[], alive: (by: string) => boolean, kinds: RunningMark['kind'][]): RecoveryStep[] {
  return marks
    .filter((mark) => kinds.includes(mark.kind) && !alive(mark.by))
    .map((mark) =>
      (mark.kind === 'sync' || mark.staged === true) && mark.attempts < MAX_ATTEMPTS
        ? { do: 'redo', mark, attempts: mark.attempts + 1 }
        : { do: 'give-up', mark },
    );
}

export interface ImportDeps {
  area: MarkArea;
  /** Where the file is staged so the import can be redone; without it, it cannot. */
  staging?: StagedFiles;
  /** This page's or worker's instance id. */
  by: string;
  now?: () => number;
}

/**
 * Imports a file with its mark set, after staging a copy of it; the copy goes when the import
 * ends, success or ordinary failure (a page closed mid-way runs no `finally`: the copy and the
 * mark stay for the redo). A redo (`attempts` 2) imports the staged copy itself, which stays
 * staged until it ends: a file is never staged twice.
 */
export async function importMarked(deps: ImportDeps, env: SyncEnv, file: CatalogFile & Blob, attempts = 1): Promise<SyncOutcome> {
  const sourceId = fileSourceId(file.name);
  const staged = attempts > 1 ? true : ((await deps.staging?.put(sourceId, file)) ?? false);
  const mark: RunningMark = { sourceId, kind: 'import', startedAt: (deps.now ?? Date.now)(), attempts, by: deps.by, staged };
  try {
    return await withMark(deps.area, mark, () => importCatalogFile(env, file));
  } finally {
    if (staged) await deps.staging?.remove(sourceId);
  }
}

/** Imports the staged copy of a source's file again; undefined when there is no copy left. */
export async function redoStagedImport(deps: ImportDeps & { staging: StagedFiles }, env: SyncEnv, sourceId: string, attempts: number) {
  const file = await deps.staging.get(sourceId);
  if (!file || fileSourceId(file.name) !== sourceId) return undefined;
  return importMarked(deps, env, file, attempts);
}

export interface RecoveryEnv {
  area: MarkArea;
  database: PitchsideDb;
  kinds: RunningMark['kind'][];
  /** Whether the worker or page with this id, which left a mark of this kind, still runs. */
  alive(by: string, kind: RunningMark['kind']): boolean | Promise<boolean>;
  /** Syncs the source again, marked with `attempts` (the worker's syncMany). */
  redo?(sourceId: string, attempts: number): Promise<SyncOutcome>;
  /** Imports the staged copy again, marked with `attempts`; undefined when no copy is left. */
  redoImport?(sourceId: string, attempts: number): Promise<SyncOutcome | undefined>;
  /** Where imports are staged: a given-up import's copy is removed. */
  staging?: StagedFiles;
  now?: () => number;
}

/** The reason a given-up mark leaves on its source, in the interface's language. */
export function interruptedReason(mark: RunningMark, name: string, kept: number): string {
  if (mark.kind === 'sync') return t('redo.syncGaveUp', { name });
  const items = t('options.items', kept);
  if (mark.attempts >= MAX_ATTEMPTS) return kept ? t('redo.importGaveUpKept', { name, items }) : t('redo.importGaveUpNothing', { name });
  return kept ? t('redo.importKept', { name, items }) : t('redo.importNothing', { name });
}

/** A redone import's outcome, saying it was redone, in the interface's language. */
function redoneImport(outcome: SyncOutcome, name: string): SyncOutcome {
  const text = t('redo.importRedone', { name, outcome: catalogText(outcome.messageI18n, outcome.message) });
  return { ...outcome, message: text, messageI18n: detail(text) };
}

/** Redoes or gives up every interrupted piece of work; answers what became of each. */
export async function recoverInterrupted(env: RecoveryEnv): Promise<SyncOutcome[]> {
  const marks = await readMarks(env.area);
  const alive = new Map<string, boolean>();
  for (const mark of marks) alive.set(mark.by, alive.get(mark.by) || (await env.alive(mark.by, mark.kind)));
  const outcomes: SyncOutcome[] = [];
  for (const step of planRecovery(marks, (by) => alive.get(by) ?? true, env.kinds)) {
    const { sourceId } = step.mark;
    const source = await env.database.sources.get(sourceId);
    // Removed since: nothing to redo, nothing to tell. An import of a new file has no source
    // yet, and is told all the same.
    if (!source && step.mark.kind === 'sync') {
      await env.area.remove(keyOf(sourceId));
      continue;
    }
    const name = source?.name ?? sourceId.replace(/^file:/, '');
    if (step.do === 'redo' && step.mark.kind === 'sync' && env.redo) {
      // The redo writes its own mark (attempts + 1) over this one.
      outcomes.push(await env.redo(sourceId, step.attempts));
      continue;
    }
    if (step.do === 'redo' && step.mark.kind === 'import' && env.redoImport) {
      const outcome = await env.redoImport(sourceId, step.attempts);
      if (outcome) {
        outcomes.push(redoneImport(outcome, name));
        continue;
      }
      // The staged copy is gone (evicted, damaged): told as an import that cannot be redone.
    }
    const kept = source?.itemCount ?? 0;
    const reason = interruptedReason(step.mark, name, kept);
    // lastAttemptAt now: the schedule does not start the given-up sync again at once. The
    // failures count is left alone, so no retry alarm is set for it either.
    if (source)
      await env.database.sources.update(sourceId, {
        lastError: reason,
        lastErrorI18n: detail(reason),
        lastErrorKind: 'interrupted',
        lastAttemptAt: (env.now ?? Date.now)(),
      });
    await env.area.remove(keyOf(sourceId));
    if (step.mark.kind === 'import') await env.staging?.remove(sourceId);
    // Already in the interface's language: the page shows it as it is.
    outcomes.push({ sourceId, ok: false, itemCount: kept, error: reason, errorI18n: detail(reason), message: reason, messageI18n: detail(reason) });
  }
  return outcomes;
}
