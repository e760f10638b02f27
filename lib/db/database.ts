import Dexie, { type EntityTable } from 'dexie';
import type { CatalogItem, Vocabulary } from '../catalog/types';
import type { CatalogMessage } from '../catalog/messages';
import type { ProspectContext } from '../context/schema';

/**
 * Pitchside's IndexedDB database. Only the background and extension pages open it: a content
 * script opening IndexedDB would get the web page's origin, not the extension's.
 *
 * Versions are numbered and never edited; every version after the first has a migration test
 * in tests/db/ that opens a database of the previous version holding data.
 */
export const DB_NAME = 'pitchside';

export type SourceKind = 'url' | 'feed' | 'file' | 'demo' | 'policy';

export interface CatalogSource {
  /** Stable id: "demo", "url:<href>", "file:<name>". */
  id: string;
  kind: SourceKind;
  /** What the rep sees: the URL, the file name, "Demo catalog". */
  name: string;
  url?: string;
  publisher?: string;
  vocabulary: Vocabulary;
  itemCount: number;
  /** Time of the last sync that stored a catalog (ms since epoch). */
  lastGoodSyncAt?: number;
  lastAttemptAt?: number;
  /** The reason of the last failed sync, in English; cleared by a good one. */
  lastError?: string;
  /**
   * The same reason as a message descriptor, shown in the rep's language. Records written before
   * it existed (or by code that only has text) have `lastError` alone, which is shown as it is.
   */
  lastErrorI18n?: CatalogMessage;
  /** `network` when the host could not be reached (down, or no CORS and no host permission). */
  lastErrorKind?: 'network' | 'http' | 'timeout' | 'invalid' | 'too-large' | 'interrupted';
  /** Last time the source answered "not modified" or with a catalog. */
  lastCheckedAt?: number;
  etag?: string;
  lastModified?: string;
  /** Consecutive failures, for backoff. */
  failures?: number;
  /**
   * Invalid items skipped by the last import: index or CSV row, and the reason in English, with
   * the place and reason as message descriptors beside them for the rep's language. Records written before
   * it existed have `reason` alone, which is shown as it is.
   */
  problems?: Array<{ where: string; whereI18n?: CatalogMessage; reason: string; reasonI18n?: CatalogMessage; warning?: boolean }>;
  /** How many problems the last import had (only the first 1,000 are kept in `problems`). */
  problemCount?: number;
  /** The format of the last catalog stored. */
  format?: 'json' | 'csv' | 'feed';
  /** Items in the last imported catalog, valid or not. */
  totalInCatalog?: number;
  /** Set by enterprise policy: the rep cannot remove it. */
  managed?: boolean;
  /**
   * Where this source's items stand in the `itemPages` table. Absent: none are stored in pages
   * (a source last written before version 6 keeps its rows in `items`).
   */
  slots?: SlotState;
}

export interface StoredItem extends CatalogItem {
  /** `${sourceId}\u001f${id}`: the same item id in two sources does not collide. */
  key: string;
  sourceId: string;
}

/**
 * Up to ITEMS_PER_PAGE items of one source in one row (version 6, lib/db/items.ts). IndexedDB
 * costs about the same per row whatever the row holds, so a 100,000-item catalog written as
 * 1,563 rows of 64 items takes about a tenth of the time of 100,000 rows
 * (scripts/bench/idb-write.ts). Pages are never rewritten: a re-sync appends the new and
 * changed items as new pages and lists the slots it replaced as dead (`CatalogSource.slots`).
 */
export interface ItemPage {
  /** `${sourceId}\u001f${page number, 8 digits}`: a source's pages are one key range, in order. */
  key: string;
  sourceId: string;
  /** The slot of `items[0]`; `items[k]` has slot `first + k`. */
  first: number;
  items: StoredItem[];
}

/** Where a source's items stand in its pages (lib/db/items.ts). */
export interface SlotState {
  /** The first slot no page holds yet. */
  next: number;
  /** Slots whose item was replaced or deleted since its page was written: readers skip them. */
  dead: number[];
}

export interface ContextEdit {
  /** Record key (CRM record id, profile slug) or the page URL. */
  recordKey: string;
  fields: Partial<ProspectContext>;
  updatedAt: number;
}

export interface Feedback {
  /** `${recordKey}\u001f${itemKey}` */
  key: string;
  recordKey: string;
  itemKey: string;
  useful: boolean;
  at: number;
  /** An optional one-line reason: "outdated", "wrong industry", free text. */
  reason?: string;
  /** The kind of prospect it was (concept ids), so the vote counts for similar prospects too. */
  industry?: string;
  persona?: string;
  stage?: string;
}

export interface Share {
  id?: number;
  recordKey: string;
  itemKey: string;
  url: string;
  at: number;
  how: 'copy' | 'copy-with-message' | 'insert';
}

/**
 * A cache derived from the items (lib/match/snapshot.ts): the prepared matching index, stamped
 * with the sources it was built from. Losing it costs one rebuild, nothing else.
 */
export interface SnapshotRecord {
  id: string;
  stamp: string;
  data: unknown;
}

/**
 * One usage event, kept in this browser (lib/events.ts). `recordKey` ties it to the record it
 * happened on, for the rep's own history; it never leaves the browser unless an admin turns
 * identities on for team reporting.
 */
export interface StoredEvent {
  id?: number;
  action: 'suggested' | 'shared' | 'rated';
  at: number;
  /** `${sourceId}\u001f${id}` of the item. */
  itemKey: string;
  itemId: string;
  sourceId: string;
  recordKey: string;
  /** What kind of prospect it was: concept ids of the prospect's industry, persona and stage. */
  industry?: string;
  persona?: string;
  stage?: string;
  /** Concept ids the item shares with the prospect. */
  matched: { industries: string[]; personas: string[]; stages: string[] };
  /** `suggested`: share of the prospect's known facets (industry, persona, stage) the item is tagged with, 0…1; null when none is known. */
  fit?: number | null;
  /** `suggested`: the ranker's score and the place in the list (0 first). */
  score?: number;
  rank?: number;
  /** `suggested`: one impression per record, item and day: `${day}\u001f${recordKey}\u001f${itemKey}`. */
  impressionKey?: string;
  /** `shared` */
  how?: 'copy' | 'copy-with-message' | 'insert';
  /** `rated` */
  useful?: boolean;
  reason?: string;
  undone?: boolean;
}

/** Events past the limit, counted by day (UTC) and by everything the insights group on. */
export interface DailyCount {
  /** Every field below but the counts, joined: one row per combination and day. */
  key: string;
  day: string;
  action: StoredEvent['action'];
  /** `shared`: how; `rated`: "useful" / "not-useful", with "undone-" before when it took a vote back. */
  variant: string;
  reason: string;
  itemKey: string;
  industry: string;
  persona: string;
  stage: string;
  count: number;
  /** `suggested`: impressions that fitted well (fit ≥ 2/3), and impressions with a known fit. */
  wellFit: number;
  withFit: number;
}

/** A team-reporting event waiting to be posted (lib/reporting/), already stripped of what may not leave. */
export interface OutboxEntry {
  seq?: number;
  messageId: string;
  queuedAt: number;
  /** The `track` event as posted, in the Segment / RudderStack batch format. */
  payload: Record<string, unknown>;
}

export type PitchsideDb = Dexie & {
  sources: EntityTable<CatalogSource, 'id'>;
  items: EntityTable<StoredItem, 'key'>;
  itemPages: EntityTable<ItemPage, 'key'>;
  edits: EntityTable<ContextEdit, 'recordKey'>;
  feedback: EntityTable<Feedback, 'key'>;
  shares: EntityTable<Share, 'id'>;
  snapshots: EntityTable<SnapshotRecord, 'id'>;
  events: EntityTable<StoredEvent, 'id'>;
  daily: EntityTable<DailyCount, 'key'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
};

/** Schema of version 1. */
export const schemaV1 = {
  sources: 'id, kind',
  items: 'key, sourceId, type, *industries, *personas, *products, *stages, *competitors, expiresAt',
  edits: 'recordKey',
  feedback: 'key, recordKey, itemKey',
  shares: '++id, recordKey, itemKey, [recordKey+itemKey]',
};

/**
 * Version 2: items keep only the indexes something reads. The matcher loads every item
 * (lib/match/index.ts) and insights read by primary key; only `sourceId` is queried (replacing
 * and removing a source). The six unused indexes (type, five multi-entry tag lists, expiresAt)
 * cost about a fifth of the write time of a 100,000-item import. Data is untouched; tested in
 * tests/db/migration.test.ts.
 */
export const schemaV2 = {
  ...schemaV1,
  items: 'key, sourceId',
};

/**
 * Version 3: a `snapshots` table holding the prepared matching index, so the panel opens
 * without reading and tokenising every item. Existing tables are untouched.
 */
export const schemaV3 = {
  ...schemaV2,
  snapshots: 'id',
};

/**
 * Version 4: usage events (lib/events.ts), their daily counts once rolled up, and the outbox of
 * team reporting (lib/reporting/). Existing tables are untouched; a catalog sync never writes
 * these three, so events survive re-syncs.
 */
export const schemaV4 = {
  ...schemaV3,
  events: '++id, at, itemKey, recordKey, impressionKey',
  daily: 'key, day',
  outbox: '++seq, &messageId',
};

/**
 * Version 5: items keep no secondary index at all. Nothing queries `sourceId` any more (a
 * source's items are one primary-key range, `${sourceId}\u001f…`: see lib/catalog/store.ts),
 * and IndexedDB writes an index entry beside every row: without it a 100,000-item first sync
 * writes about a fifth faster in Chromium (scripts/bench/idb-write.ts). Rows keep their
 * `sourceId` field; data is untouched (tests/db/migration.test.ts).
 */
export const schemaV5 = {
  ...schemaV4,
  items: 'key',
};

/**
 * Version 6: items are written in pages of 64 (`itemPages`, see ItemPage), not a row each.
 * Rows already in `items` stay where they are and are read as before; a source's rows go once
 * its items are next written whole, and single ones as they change. No data is moved.
 */
export const schemaV6 = {
  ...schemaV5,
  itemPages: 'key',
};

export function openDb(name = DB_NAME): PitchsideDb {
  const db = new Dexie(name) as PitchsideDb;
  db.version(1).stores(schemaV1);
  db.version(2).stores(schemaV2);
  db.version(3).stores(schemaV3);
  db.version(4).stores(schemaV4);
  db.version(5).stores(schemaV5);
  db.version(6).stores(schemaV6);
  return db;
}

let shared: PitchsideDb | undefined;

/** The one database of this extension context. */
export function db(): PitchsideDb {
  shared ??= openDb();
  return shared;
}

export function itemKey(sourceId: string, id: string): string {
  return `${sourceId}\u001f${id}`;
}
