import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { db as openDefault, type OutboxEntry, type PitchsideDb } from '../db/database';
import { batchBody, FLUSH_MESSAGE } from './queue';
import { getReportingSettings, getReportingStatus, readManagedReporting, setReportingStatus, type ReportingSettings } from './settings';

/**
 * Posts the outbox to the team-reporting endpoint in batches, from the background only.
 *
 * - An entry is deleted only after a 2xx answer for the batch holding it, so nothing is lost
 *   when the service worker stops mid-request or the browser closes; each keeps its
 *   `messageId`, which Segment and RudderStack use to drop a batch that did arrive but whose
 *   answer never did.
 * - One flush at a time in this worker; entries queued meanwhile go with the next batch.
 * - After a failure, the next attempt waits: 30 s, 1, 2, 4 … minutes (±20 %), at most an hour,
 *   on a chrome.alarms alarm, which survives the worker stopping. 30 s is the shortest alarm
 *   Chrome allows a packed Manifest V3 extension (chromium extensions/browser/api/alarms/
 *   alarms_api_constants.h, kMV3ReleaseDelayMinimum; developer.chrome.com/docs/extensions/
 *   reference/api/alarms: "alarms do not fire more than once every 30 seconds").
 */
export const RETRY_ALARM = 'pitchside-report-retry';
export const BATCH_SIZE = 100;
/** Segment takes up to 500 KB a request and 32 KB a call; keep clear of both. */
export const MAX_BATCH_BYTES = 450_000;
export const MIN_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 3_600_000;
const TIMEOUT_MS = 20_000;

/** The wait before attempt `failures + 1`; `random` in [0, 1) spreads reps apart. */
export function backoffMs(failures: number, random = Math.random()): number {
  if (failures <= 0) return 0;
  const base = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** (failures - 1));
  return Math.max(MIN_RETRY_MS, Math.min(MAX_RETRY_MS, Math.round(base * (0.8 + 0.4 * random))));
}

/** The entries of the next batch: oldest first, at most `size` and MAX_BATCH_BYTES. */
export function takeBatch(entries: readonly OutboxEntry[], size = BATCH_SIZE): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  let bytes = 40;
  for (const entry of entries) {
    const length = JSON.stringify(entry.payload).length + 1;
    if (out.length >= size || (out.length > 0 && bytes + length > MAX_BATCH_BYTES)) break;
    out.push(entry);
    bytes += length;
  }
  return out;
}

export interface FlushOptions {
  database?: PitchsideDb;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  settings?: ReportingSettings;
  /** Ignore a scheduled wait (the retry alarm itself). */
  force?: boolean;
}

export type FlushOutcome =
  | { kind: 'off' }
  | { kind: 'idle' }
  | { kind: 'waiting'; until: number }
  | { kind: 'sent'; count: number }
  | { kind: 'failed'; sent: number; error: string; retryAt: number };

function authorization(writeKey: string): Record<string, string> {
  return writeKey ? { Authorization: `Basic ${btoa(`${writeKey}:`)}` } : {};
}

let running: Promise<FlushOutcome> | undefined;
let next: Promise<FlushOutcome> | undefined;
let nextForced = false;

/**
 * Posts what the outbox holds, one flush at a time. A call while one runs gets one follow-up
 * flush after it (forced if any such caller asked), so neither an entry queued at the last
 * moment nor the retry alarm is swallowed by the flush already running.
 */
export function flushReports(options: FlushOptions = {}): Promise<FlushOutcome> {
  if (!running) {
    running = flushOnce(options).finally(() => {
      running = undefined;
    });
    return running;
  }
  nextForced ||= Boolean(options.force);
  next ??= running
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      const force = nextForced;
      next = undefined;
      nextForced = false;
      return flushReports({ ...options, force });
    });
  return next;
}

async function flushOnce(options: FlushOptions): Promise<FlushOutcome> {
  const database = options.database ?? openDefault();
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const settings = options.settings ?? (await getReportingSettings());
  if (!settings.endpoint) {
    // Reporting switched off: what waited for it goes (unless the policy could not be read at all).
    if (!options.settings && (await readManagedReporting()) !== undefined) await database.outbox.clear();
    await browser.alarms.clear(RETRY_ALARM);
    return { kind: 'off' };
  }
  const status = await getReportingStatus();
  if (!options.force && status.nextAttemptAt && status.nextAttemptAt > now()) {
    await ensureAlarm(status.nextAttemptAt, now());
    return { kind: 'waiting', until: status.nextAttemptAt };
  }
  let sent = 0;
  let size = BATCH_SIZE;
  for (;;) {
    const batch = takeBatch(await database.outbox.orderBy('seq').limit(size).toArray(), size);
    if (!batch.length) break;
    let error: string | undefined;
    try {
      const response = await doFetch(settings.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...authorization(settings.writeKey) },
        body: batchBody(
          batch.map((entry) => entry.payload),
          now(),
        ),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        credentials: 'omit',
      });
      if (response.ok) {
        await database.outbox.bulkDelete(batch.map((entry) => entry.seq!));
        sent += batch.length;
        continue;
      }
      // Too large for this endpoint: the same entries again, in smaller batches.
      if (response.status === 413 && batch.length > 1) {
        size = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    } catch (caught) {
      error = (caught as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
    }
    const failures = status.failures + 1;
    const retryAt = now() + backoffMs(failures, (options.random ?? Math.random)());
    await setReportingStatus({ failures, nextAttemptAt: retryAt, lastError: error, sent: status.sent + sent, ...(sent ? { lastSentAt: now() } : {}) });
    await ensureAlarm(retryAt, now());
    return { kind: 'failed', sent, error, retryAt };
  }
  await browser.alarms.clear(RETRY_ALARM);
  if (sent || status.failures || status.nextAttemptAt) {
    await setReportingStatus({ failures: 0, nextAttemptAt: undefined, lastError: undefined, sent: status.sent + sent, ...(sent ? { lastSentAt: now() } : {}) });
  }
  return sent ? { kind: 'sent', count: sent } : { kind: 'idle' };
}

async function ensureAlarm(at: number, now: number): Promise<void> {
  const when = Math.max(at, now + 1000);
  const existing = await browser.alarms.get(RETRY_ALARM);
  if (existing && Math.abs(existing.scheduledTime - when) < 1000) return;
  await browser.alarms.create(RETRY_ALARM, { when });
}

const flushMessageSchema = z.object({ type: z.literal(FLUSH_MESSAGE) });

/**
 * Background wiring: the retry alarm, a flush when an extension page queued events, and one
 * when the worker starts (the browser restarted, or the worker stopped with entries queued).
 * Registered synchronously at start-up, like every listener of the worker.
 */
export function startReporting(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM) void flushReports({ force: true }).catch(report);
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/'))) return undefined;
    if (flushMessageSchema.safeParse(message).success) void flushReports().catch(report);
    return undefined;
  });
  void openDefault()
    .outbox.count()
    .then((count) => (count > 0 ? flushReports() : undefined))
    .catch(report);
}

function report(error: unknown): void {
  console.warn('Pitchside: team reporting', error);
}
