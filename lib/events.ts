import { browser } from 'wxt/browser';
import { db as openDefault, type DailyCount, type PitchsideDb, type StoredEvent } from './db/database';
import { enqueueReports, FLUSH_MESSAGE } from './reporting/queue';

/**
 * Usage events: what the panel suggested (impressions), what the rep shared and how they rated
 * it. They feed the Insights page (lib/insights.ts) and, only when IT or the rep set an
 * endpoint, team reporting (lib/reporting/). Stored in this browser's IndexedDB, bounded: past
 * `MAX_EVENTS` the oldest are rolled up into daily counts.
 */

/** The kind of prospect: concept ids of its industry, persona and stage, where known. */
export interface ProspectKind {
  industry?: string;
  persona?: string;
  stage?: string;
}

export interface MatchedConcepts {
  industries: string[];
  personas: string[];
  stages: string[];
}

export interface EventBase {
  /** `${sourceId}\u001f${id}` (StoredItem.key). */
  itemKey: string;
  /** The record it happened on (CRM record id, profile URL): kept in this browser only. */
  recordKey: string;
  /** Milliseconds since the epoch; now when left out. */
  at?: number;
  prospect: ProspectKind;
  /** Concept ids the item shares with the prospect. */
  matched: MatchedConcepts;
  /**
   * The prospect's name and page URL. Never stored with the event; put into a team report only
   * when an admin turned on "include prospect identities" (lib/reporting/settings.ts).
   */
  identity?: { name?: string; url?: string };
}

export type UsageEvent =
  | (EventBase & {
      action: 'suggested';
      /** The ranker's score and the item's place in the list (0 first). */
      score?: number;
      rank?: number;
      /** 0…1; computed from `prospect` and `matched` when left out (see fitOf). */
      fit?: number | null;
    })
  | (EventBase & { action: 'shared'; how: 'copy' | 'copy-with-message' | 'insert' })
  | (EventBase & {
      action: 'rated';
      useful: boolean;
      /** An optional one-line reason: "outdated", "wrong industry", free text. */
      reason?: string;
      /** True when this takes the vote back (Undo, or pressing the same vote again). */
      undone?: boolean;
    });

/** Raw events kept; past this many, the oldest are rolled up into daily counts… */
export const MAX_EVENTS = 20_000;
/** …down to this many, so a rollup runs once per few thousand events, not on every one. */
export const KEEP_EVENTS = 15_000;
/** Daily count rows kept; past it the oldest days go (at one row a day per item and kind, years). */
export const MAX_DAILY_ROWS = 50_000;
/** An impression at or above this fit "fitted well": two of three known facets, or all when fewer are known. */
export const WELL_FIT = 2 / 3;

export const FACETS = [
  ['industry', 'industries'],
  ['persona', 'personas'],
  ['stage', 'stages'],
] as const;

/**
 * The share of the prospect's known facets (industry, persona, stage) the item is tagged with,
 * or null when nothing is known of the prospect. An honest, catalog-independent measure: the
 * ranker's score has no scale across catalogs, whether an item speaks to this kind of buyer has.
 */
export function fitOf(prospect: ProspectKind, matched: MatchedConcepts): number | null {
  let known = 0;
  let hit = 0;
  for (const [facet, list] of FACETS) {
    const id = prospect[facet];
    if (!id) continue;
    known += 1;
    if (matched[list].includes(id)) hit += 1;
  }
  return known ? hit / known : null;
}

export function fittedWell(fit: number | null | undefined): boolean {
  return typeof fit === 'number' && fit >= WELL_FIT - 1e-9;
}

export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

const clean = (value: string | undefined, max: number) => value?.replace(/\s+/g, ' ').trim().slice(0, max) || undefined;
const ids = (values: readonly string[] | undefined) => [...new Set((values ?? []).map((v) => String(v).slice(0, 200)))].slice(0, 20);

function toStored(event: UsageEvent, now: number): StoredEvent {
  const at = Number.isFinite(event.at) ? event.at! : now;
  const split = event.itemKey.indexOf('\u001f');
  const matched = { industries: ids(event.matched.industries), personas: ids(event.matched.personas), stages: ids(event.matched.stages) };
  const stored: StoredEvent = {
    action: event.action,
    at,
    itemKey: event.itemKey,
    itemId: split >= 0 ? event.itemKey.slice(split + 1) : event.itemKey,
    sourceId: split >= 0 ? event.itemKey.slice(0, split) : '',
    recordKey: event.recordKey,
    matched,
  };
  for (const [facet] of FACETS) {
    const id = clean(event.prospect[facet], 200);
    if (id) stored[facet] = id;
  }
  if (event.action === 'suggested') {
    stored.fit = event.fit === undefined ? fitOf(stored, matched) : event.fit;
    if (event.score !== undefined) stored.score = event.score;
    if (event.rank !== undefined) stored.rank = event.rank;
    stored.impressionKey = `${dayOf(at)}\u001f${event.recordKey}\u001f${event.itemKey}`;
  } else if (event.action === 'shared') {
    stored.how = event.how;
  } else {
    stored.useful = event.useful;
    const reason = clean(event.reason, 200);
    if (reason) stored.reason = reason;
    if (event.undone) stored.undone = true;
  }
  return stored;
}

export interface RecordOptions {
  database?: PitchsideDb;
  now?: number;
  maxEvents?: number;
  keepEvents?: number;
}

/**
 * Stores usage events. An item suggested again for the same record on the same day is one
 * impression, not one per re-ranking. When team reporting is set up, the same events join its
 * outbox (filtered, lib/reporting/), and the background is asked to post them.
 */
export async function recordEvents(events: UsageEvent[], options: RecordOptions = {}): Promise<void> {
  if (!events.length) return;
  const database = options.database ?? openDefault();
  const now = options.now ?? Date.now();
  const stored = events.map((event) => toStored(event, now));
  const impressions = stored.map((e) => e.impressionKey).filter((k): k is string => Boolean(k));
  const seen = new Set(impressions.length ? (await database.events.where('impressionKey').anyOf(impressions).toArray()).map((e) => e.impressionKey) : []);
  const fresh = stored.filter((e) => {
    if (!e.impressionKey) return true;
    if (seen.has(e.impressionKey)) return false;
    seen.add(e.impressionKey);
    return true;
  });
  if (!fresh.length) return;
  await database.events.bulkAdd(fresh);
  const identities = new Map(fresh.map((e) => [e, events[stored.indexOf(e)]!.identity]));
  const queued = await enqueueReports(database, fresh, identities).catch((error: unknown) => {
    console.warn('Pitchside: team reporting queue', error);
    return 0;
  });
  await enforceBounds(database, options.maxEvents ?? MAX_EVENTS, options.keepEvents ?? KEEP_EVENTS);
  // The background posts the batch; a panel has no business holding a network request open.
  if (queued > 0) void Promise.resolve(browser.runtime.sendMessage({ type: FLUSH_MESSAGE })).catch(() => undefined);
}

function variantOf(event: StoredEvent): string {
  if (event.action === 'shared') return event.how ?? '';
  if (event.action === 'rated') return `${event.undone ? 'undone-' : ''}${event.useful ? 'useful' : 'not-useful'}`;
  return '';
}

export function dailyKeyOf(row: Omit<DailyCount, 'key' | 'count' | 'wellFit' | 'withFit'>): string {
  return [row.day, row.action, row.variant, row.itemKey, row.industry, row.persona, row.stage, row.reason].join('\u001f');
}

/**
 * Adds events to daily counts (pure: the rows to write). Besides one row per day, action, item
 * and kind of prospect, impressions give one `prospects` row per day and kind: how many records
 * were seen (`count`), and for how many of them some suggestion fitted well (`wellFit`), so the
 * content gaps survive the rollup. (A record whose impressions of one day are split across two
 * rollups counts twice; rollups run a few thousand events apart, so this is rare.)
 */
export function rollUp(events: readonly StoredEvent[], existing: ReadonlyMap<string, DailyCount> = new Map()): DailyCount[] {
  const rows = new Map<string, DailyCount>();
  const views = new Map<string, { first: StoredEvent; well: boolean; known: boolean }>();
  for (const event of events) {
    if (event.action === 'suggested') {
      const view = `${dayOf(event.at)}\u001f${event.recordKey}`;
      const seen = views.get(view) ?? { first: event, well: false, known: false };
      seen.well ||= fittedWell(event.fit);
      seen.known ||= typeof event.fit === 'number';
      views.set(view, seen);
    }
  }
  for (const { first, well, known } of views.values()) {
    const base = {
      day: dayOf(first.at),
      action: 'suggested' as const,
      variant: 'prospects',
      reason: '',
      itemKey: '',
      industry: first.industry ?? '',
      persona: first.persona ?? '',
      stage: first.stage ?? '',
    };
    const key = dailyKeyOf(base);
    let row = rows.get(key);
    if (!row) {
      const before = existing.get(key);
      row = before ? { ...before } : { key, ...base, count: 0, wellFit: 0, withFit: 0 };
      rows.set(key, row);
    }
    row.count += 1;
    if (well) row.wellFit += 1;
    if (known) row.withFit += 1;
  }
  for (const event of events) {
    const base = {
      day: dayOf(event.at),
      action: event.action,
      variant: variantOf(event),
      reason: event.action === 'rated' ? (event.reason ?? '') : '',
      itemKey: event.itemKey,
      industry: event.industry ?? '',
      persona: event.persona ?? '',
      stage: event.stage ?? '',
    };
    const key = dailyKeyOf(base);
    let row = rows.get(key);
    if (!row) {
      const before = existing.get(key);
      row = before ? { ...before } : { key, ...base, count: 0, wellFit: 0, withFit: 0 };
      rows.set(key, row);
    }
    row.count += 1;
    if (event.action === 'suggested' && typeof event.fit === 'number') {
      row.withFit += 1;
      if (fittedWell(event.fit)) row.wellFit += 1;
    }
  }
  return [...rows.values()];
}

/**
 * Keeps storage bounded: past `maxEvents` raw events, the oldest are counted into `daily` and
 * deleted, down to `keepEvents`; past MAX_DAILY_ROWS daily rows, the oldest days go.
 * One transaction: a rollup is never half done.
 */
export async function enforceBounds(database: PitchsideDb, maxEvents = MAX_EVENTS, keepEvents = KEEP_EVENTS, maxDaily = MAX_DAILY_ROWS): Promise<void> {
  const count = await database.events.count();
  if (count <= maxEvents) return;
  await database.transaction('rw', database.events, database.daily, async () => {
    const total = await database.events.count();
    if (total <= maxEvents) return;
    const oldest = await database.events
      .orderBy('id')
      .limit(total - keepEvents)
      .toArray();
    const keys = [...new Set(rollUp(oldest).map((row) => row.key))];
    const found = await database.daily.bulkGet(keys);
    const existing = new Map(found.filter((row): row is DailyCount => Boolean(row)).map((row) => [row.key, row]));
    await database.daily.bulkPut(rollUp(oldest, existing));
    await database.events.bulkDelete(oldest.map((e) => e.id!));
    const rows = await database.daily.count();
    if (rows > maxDaily) {
      const drop = await database.daily
        .orderBy('day')
        .limit(rows - maxDaily)
        .primaryKeys();
      await database.daily.bulkDelete(drop);
    }
  });
}

/**
 * "Clear my data": the rep's edits, votes, shares, usage events, their daily counts and the
 * team-reporting outbox go; the catalog (sources, items, the matching snapshot) stays.
 */
export async function clearMyData(database: PitchsideDb = openDefault()): Promise<void> {
  await database.transaction('rw', [database.edits, database.feedback, database.shares, database.events, database.daily, database.outbox], async () => {
    await Promise.all([
      database.edits.clear(),
      database.feedback.clear(),
      database.shares.clear(),
      database.events.clear(),
      database.daily.clear(),
      database.outbox.clear(),
    ]);
  });
}
