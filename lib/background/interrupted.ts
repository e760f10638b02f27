import { RUNNING_PREFIX, runningMarkSchema, type RunningMark } from '../catalog/protocol';
import { detail } from '../catalog/messages';
import type { SyncOutcome } from '../catalog/sync';
import type { PitchsideDb } from '../db/database';
import { t } from '../i18n';

/**
 * Work cut off by a stopped service worker or a closed options page. The catalog store stays
 * whole either way (each sync or import is written in one IndexedDB transaction, aborted with
 * its context), but the work is not done. So each sync and import leaves a mark in
 * storage.local while it runs (`RUNNING_PREFIX` + source id, lib/catalog/protocol.ts), removed
 * when it ends, success or ordinary failure. A mark whose owner is gone was interrupted:
 *
 * - a sync is redone once by the next worker at its start; interrupted again (attempts ≥ 2),
 *   it is given up with a reason on the source, and never looped;
 * - an import cannot be redone (the file was the page's): the source says it was interrupted
 *   and what was kept.
 *
 * The storage area and the database are passed in, so tests run this against fakes.
 */

/** Interrupted this many times, a sync is not started again on its own. */
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
 * still running and are left alone; a sync is redone while it has attempts left; the rest are
 * given up. Only the `kinds` this context handles are looked at.
 */
export function planRecovery(marks: RunningMark[], alive: (by: string) => boolean, kinds: RunningMark['kind'][]): RecoveryStep[] {
  return marks
    .filter((mark) => kinds.includes(mark.kind) && !alive(mark.by))
    .map((mark) => (mark.kind === 'sync' && mark.attempts < MAX_ATTEMPTS ? { do: 'redo', mark, attempts: mark.attempts + 1 } : { do: 'give-up', mark }));
}

export interface RecoveryEnv {
  area: MarkArea;
  database: PitchsideDb;
  kinds: RunningMark['kind'][];
  /** Whether the worker or page with this id still runs. */
  alive(by: string): boolean | Promise<boolean>;
  /** Syncs the source again, marked with `attempts` (the worker's syncMany). */
  redo?(sourceId: string, attempts: number): Promise<SyncOutcome>;
  now?: () => number;
}

/** The reason a given-up mark leaves on its source, in the interface's language. */
export function interruptedReason(mark: RunningMark, name: string, kept: number): string {
  if (mark.kind === 'sync') return t('redo.syncGaveUp', { name });
  return kept ? t('redo.importKept', { name, items: t('options.items', kept) }) : t('redo.importNothing', { name });
}

/** Redoes or gives up every interrupted piece of work; answers what became of each. */
export async function recoverInterrupted(env: RecoveryEnv): Promise<SyncOutcome[]> {
  const marks = await readMarks(env.area);
  const alive = new Map<string, boolean>();
  for (const by of new Set(marks.map((mark) => mark.by))) alive.set(by, await env.alive(by));
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
    if (step.do === 'redo' && env.redo) {
      // The redo writes its own mark (attempts + 1) over this one.
      outcomes.push(await env.redo(sourceId, step.attempts));
      continue;
    }
    const name = source?.name ?? sourceId.replace(/^file:/, '');
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
    // Already in the interface's language: the page shows it as it is.
    outcomes.push({ sourceId, ok: false, itemCount: kept, error: reason, errorI18n: detail(reason), message: reason, messageI18n: detail(reason) });
  }
  return outcomes;
}
