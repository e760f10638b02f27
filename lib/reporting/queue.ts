import type { OutboxEntry, PitchsideDb, StoredEvent } from '../db/database';
import { getReportingSettings, installId, setReportingStatus, getReportingStatus, type ReportingSettings } from './settings';

/**
 * The team-reporting outbox: events in the Segment / RudderStack `track` format, waiting in
 * IndexedDB until a batch of them is posted (./sender.ts). Bounded: past MAX_OUTBOX the oldest
 * go (and are counted as dropped), so an endpoint down for weeks cannot fill the disk.
 */
export const MAX_OUTBOX = 5_000;
/** The message that asks the background to post now (sent by extension pages, no reply). */
export const FLUSH_MESSAGE = 'reporting:flush';

export const EVENT_NAMES: Record<StoredEvent['action'], string> = {
  suggested: 'Item Suggested',
  shared: 'Item Shared',
  rated: 'Item Rated',
};

const LIBRARY = { name: 'pitchside', version: '0.1.0' };

export interface Identity {
  name?: string;
  url?: string;
}

/**
 * One `track` call for an event. Only item ids, concept ids, stage, action and its details go
 * out; the record key, the prospect's name and page URL only when `includeIdentities`.
 */
export function trackCall(
  event: StoredEvent,
  options: { anonymousId: string; messageId: string; includeIdentities: boolean; identity?: Identity },
): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    item_id: event.itemId,
    source_id: event.sourceId,
    industry: event.industry ?? null,
    persona: event.persona ?? null,
    stage: event.stage ?? null,
    matched_industries: event.matched.industries,
    matched_personas: event.matched.personas,
    matched_stages: event.matched.stages,
  };
  if (event.action === 'suggested') {
    properties.fit = event.fit ?? null;
    if (event.score !== undefined) properties.score = event.score;
    if (event.rank !== undefined) properties.rank = event.rank;
  } else if (event.action === 'shared') {
    properties.how = event.how;
  } else {
    properties.useful = event.useful;
    properties.reason = event.reason ?? null;
    properties.undone = Boolean(event.undone);
  }
  if (options.includeIdentities) {
    properties.record_id = event.recordKey;
    if (options.identity?.name) properties.prospect_name = options.identity.name;
    if (options.identity?.url) properties.profile_url = options.identity.url;
  }
  return {
    type: 'track',
    event: EVENT_NAMES[event.action],
    anonymousId: options.anonymousId,
    messageId: options.messageId,
    timestamp: new Date(event.at).toISOString(),
    properties,
    context: { library: LIBRARY },
  };
}

/** The request body of one batch (Segment `POST /v1/batch`, RudderStack the same). */
export function batchBody(calls: readonly Record<string, unknown>[], sentAt: number): string {
  return JSON.stringify({ batch: calls, sentAt: new Date(sentAt).toISOString() });
}

/**
 * Adds events to the outbox when reporting is set up; returns how many were queued (0 when
 * off: nothing is kept for an endpoint that does not exist).
 */
export async function enqueueReports(
  database: PitchsideDb,
  events: readonly StoredEvent[],
  identities: ReadonlyMap<StoredEvent, Identity | undefined> = new Map(),
  settings?: ReportingSettings,
): Promise<number> {
  const current = settings ?? (await getReportingSettings());
  if (!current.endpoint || !events.length) return 0;
  const anonymousId = await installId();
  const entries: OutboxEntry[] = events.map((event) => {
    const messageId = `pitchside-${crypto.randomUUID()}`;
    return {
      messageId,
      queuedAt: Date.now(),
      payload: trackCall(event, { anonymousId, messageId, includeIdentities: current.includeProspectIdentities, identity: identities.get(event) }),
    };
  });
  const dropped = await database.transaction('rw', database.outbox, async () => {
    await database.outbox.bulkAdd(entries);
    const count = await database.outbox.count();
    if (count <= MAX_OUTBOX) return 0;
    const oldest = await database.outbox
      .orderBy('seq')
      .limit(count - MAX_OUTBOX)
      .primaryKeys();
    await database.outbox.bulkDelete(oldest);
    return oldest.length;
  });
  if (dropped) await setReportingStatus({ dropped: (await getReportingStatus()).dropped + dropped });
  return entries.length;
}
