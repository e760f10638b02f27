import { CHECK_VERSION, type ItemEntry } from './collect';
import type { CatalogItem } from './types';
import type { CatalogMessage } from './messages';
import { itemKey, type CatalogSource, type PitchsideDb, type SlotState, type StoredItem } from '../db/database';
import { clearStorage, liveItems, manifestId, putPages, storageOf } from '../db/items';

export const STORE_CHUNK = 5000;

/** The bundled demo catalog's source id (lib/catalog/demo.ts). */
export const DEMO_SOURCE_ID = 'demo';

/**
 * A source's dead slots may reach this share of its items before a write packs them again
 * (lib/db/items.ts): reading skips them, but they are read. A catalog that changes 1% a day is
 * packed about once a month.
 */
export const REPACK_SHARE = 0.25;

const TABLES = (database: PitchsideDb) => [database.sources, database.items, database.itemPages, database.snapshots];

/**
 * Replaces one source's items and record in a single Dexie transaction: a rep never sees a
 * half-imported catalog, and a service worker stopped mid-write leaves the old catalog whole
 * (IndexedDB aborts the transaction). Other sources' items are untouched.
 *
 * Items are written in chunks inside that one transaction so `onProgress` can report; nothing
 * but IndexedDB requests is awaited inside it (awaiting anything else would commit it early:
 * a transaction auto-commits once no request is pending, https://w3c.github.io/IndexedDB/#transaction-lifetime;
 * Dexie's note: https://dexie.org/docs/Dexie/Dexie.transaction()#async-and-promises).
 */
export async function replaceSourceItems(
  database: PitchsideDb,
  source: Omit<CatalogSource, 'itemCount'>,
  items: readonly CatalogItem[],
  onProgress?: (stored: number, total: number) => void,
  chunk = STORE_CHUNK,
): Promise<number> {
  await database.transaction('rw', TABLES(database), async () => {
    // Written without hashes: the next sync compares with nothing and writes all.
    await database.snapshots.delete(manifestId(source.id));
    await clearStorage(database, source.id);
    const first = await putPages(database, source.id, items, 0, onProgress, chunk);
    await database.sources.put({ ...source, itemCount: items.length, slots: { next: first + items.length, dead: [] } });
    await dropDemo(database, source.kind);
  });
  return items.length;
}

/**
 * What the last sync stored for a source, for the next one to compare with: every item's id
 * and content hash (./collect.ts), its warnings, and for a split catalog each part's URL, ETag
 * and number of items. One record in the `snapshots` table (a cache table, key
 * `items:<sourceId>`), written in the same transaction as the items, so it always describes
 * them; no schema change. Without it (a database from before, or a lost record) a sync simply
 * rewrites every item, once.
 */
export interface ItemManifest {
  check: number;
  ids: string[];
  hashes: Float64Array;
  warnings: Array<[number, string[]]>;
  /** The same warnings as message descriptors, shown in the rep's language (absent in manifests written before). */
  warningsI18n?: Array<[number, CatalogMessage[]]>;
  parts?: PartState[];
  /** Each entry's slot in the source's pages (lib/db/items.ts), -1 for a row of its own; absent in manifests written before pages (all rows). */
  slots?: Int32Array;
}

export interface PartState {
  url: string;
  etag?: string;
  lastModified?: string;
  /** Entries of the manifest this part holds, in order after the parts before it. */
  count: number;
}

export { manifestId };

export async function readManifest(database: PitchsideDb, source: Pick<CatalogSource, 'id' | 'itemCount'>): Promise<ItemManifest | undefined> {
  const record = await database.snapshots.get(manifestId(source.id)).catch(() => undefined);
  const manifest = record?.data as ItemManifest | undefined;
  if (!manifest || manifest.check !== CHECK_VERSION || manifest.ids?.length !== source.itemCount || manifest.hashes?.length !== source.itemCount)
    return undefined;
  if (manifest.slots && manifest.slots.length !== source.itemCount) return undefined;
  return manifest;
}

export function manifestEntries(manifest: ItemManifest, from = 0, to = manifest.ids.length): ItemEntry[] {
  const warned = new Map(manifest.warnings);
  const described = new Map(manifest.warningsI18n ?? []);
  const out: ItemEntry[] = [];
  for (let i = from; i < to; i++) {
    const warnings = warned.get(i);
    const warningsI18n = described.get(i);
    const entry: ItemEntry = { id: manifest.ids[i]!, hash: manifest.hashes[i]!, slot: manifest.slots?.[i] ?? -1 };
    if (warnings) entry.warnings = warnings;
    if (warnings && warningsI18n) entry.warningsI18n = warningsI18n;
    out.push(entry);
  }
  return out;
}

export function toManifest(entries: readonly ItemEntry[], parts?: PartState[]): ItemManifest {
  const warnings: Array<[number, string[]]> = [];
  const warningsI18n: Array<[number, CatalogMessage[]]> = [];
  entries.forEach((entry, i) => {
    if (!entry.warnings?.length) return;
    warnings.push([i, entry.warnings]);
    if (entry.warningsI18n?.length) warningsI18n.push([i, entry.warningsI18n]);
  });
  return {
    check: CHECK_VERSION,
    ids: entries.map((e) => e.id),
    hashes: Float64Array.from(entries, (e) => e.hash),
    slots: Int32Array.from(entries, (e) => e.slot ?? -1),
    warnings,
    warningsI18n,
    parts,
  };
}

export interface CatalogChanges {
  /** Items checked this sync: new, or changed since the last one. Unchanged rows stay as they are. */
  fresh: readonly CatalogItem[];
  /** Every item of the new catalog, in order. */
  entries: readonly ItemEntry[];
  parts?: PartState[];
}

/**
 * Applies a re-sync as a difference, in one transaction: deletes the items gone from the
 * catalog, writes the new and changed ones, leaves the rest untouched, then the manifest and
 * the source record. A failure anywhere (a quota, a closed worker) aborts it all and the
 * previous catalog stays whole. Returns how many rows were written and deleted.
 */
export async function applyCatalogChanges(
  database: PitchsideDb,
  source: Omit<CatalogSource, 'itemCount'>,
  changes: CatalogChanges,
  onProgress?: (stored: number, total: number) => void,
  chunk = STORE_CHUNK,
): Promise<{ written: number; deleted: number; unchanged: boolean }> {
  let deleted = 0;
  let unchanged = false;
  await database.transaction('rw', TABLES(database), async () => {
    const previous = await database.sources.get(source.id);
    const manifest = previous ? await readManifest(database, previous) : undefined;
    const fresh = new Set(changes.entries.map((entry) => entry.id));
    let slots: SlotState;
    if (manifest) {
      deleted = manifest.ids.filter((id) => !fresh.has(id)).length;
      slots = await applyDifference(database, source.id, previous!.slots, manifest, changes, onProgress, chunk);
    } else {
      // Nothing to compare with: the source's items are written whole.
      if (previous) deleted = (await storedIds(database, previous)).filter((id) => !fresh.has(id)).length;
      slots = await writeWhole(database, source.id, changes.entries, changes.fresh, new Map(), onProgress, chunk);
    }
    await database.snapshots.put({ id: manifestId(source.id), stamp: `check-${CHECK_VERSION}`, data: toManifest(changes.entries, changes.parts) });
    // Nothing differs: the cached catalog is the catalog and keeps its stamp, so the panel's
    // prepared index (lib/match) stays valid.
    unchanged =
      !!previous &&
      !!manifest &&
      changes.fresh.length === 0 &&
      deleted === 0 &&
      previous.publisher === source.publisher &&
      JSON.stringify(previous.vocabulary) === JSON.stringify(source.vocabulary);
    const lastGoodSyncAt = unchanged ? previous!.lastGoodSyncAt : source.lastGoodSyncAt;
    await database.sources.put({ ...source, lastGoodSyncAt, itemCount: changes.entries.length, slots });
    await dropDemo(database, source.kind);
  });
  return { written: changes.fresh.length, deleted, unchanged };
}

/**
 * A re-sync with the last one's manifest: the entries it kept (`slot` set) stay where they
 * are; the slots of the others (changed, or gone from the catalog) become dead, their rows from
 * before pages are deleted, and the fresh items are appended as new pages. Sets each entry's
 * slot. When the dead slots would pass REPACK_SHARE of the items, writes them all again instead.
 */
async function applyDifference(
  database: PitchsideDb,
  sourceId: string,
  before: SlotState | undefined,
  manifest: ItemManifest,
  changes: CatalogChanges,
  onProgress: ((stored: number, total: number) => void) | undefined,
  chunk: number,
): Promise<SlotState> {
  const kept = new Set<string>();
  for (const entry of changes.entries) if (entry.slot !== undefined) kept.add(entry.id);
  const dead = before?.dead.slice() ?? [];
  const gone: string[] = [];
  manifest.ids.forEach((id, i) => {
    if (kept.has(id)) return;
    const slot = manifest.slots?.[i] ?? -1;
    if (slot >= 0) dead.push(slot);
    else gone.push(itemKey(sourceId, id));
  });
  if (dead.length > REPACK_SHARE * changes.entries.length) {
    const { pages, rows } = await storageOf(database, sourceId);
    const stored = new Map<number | string, StoredItem>();
    for (const page of pages) page.items.forEach((item, k) => stored.set(page.first + k, item));
    for (const row of rows) stored.set(row.key, row);
    return writeWhole(database, sourceId, changes.entries, changes.fresh, stored, onProgress, chunk);
  }
  if (gone.length) await database.items.bulkDelete(gone);
  const first = await putPages(database, sourceId, changes.fresh, before?.next ?? 0, onProgress, chunk);
  assignSlots(changes, first);
  return { next: first + changes.fresh.length, dead };
}

/** Fresh entries get the slots their items were written at, from `first` in order. */
function assignSlots(changes: CatalogChanges, first: number): void {
  const at = new Map(changes.fresh.map((item, i) => [item.id, first + i]));
  for (const entry of changes.entries) if (entry.slot === undefined) entry.slot = at.get(entry.id);
}

/**
 * Writes the source's items whole, in catalog order from slot 0, after deleting what it had:
 * the fresh items from memory, the kept ones from `stored` (by slot, or by key for a row from
 * before pages), read in this same transaction.
 */
async function writeWhole(
  database: PitchsideDb,
  sourceId: string,
  entries: readonly ItemEntry[],
  fresh: readonly CatalogItem[],
  stored: Map<number | string, StoredItem>,
  onProgress: ((stored: number, total: number) => void) | undefined,
  chunk: number,
): Promise<SlotState> {
  const freshById = new Map(fresh.map((item) => [item.id, item]));
  const items = entries.map((entry) => {
    const item = freshById.get(entry.id) ?? (entry.slot === undefined ? undefined : stored.get(entry.slot >= 0 ? entry.slot : itemKey(sourceId, entry.id)));
    if (!item) throw new Error(`Item "${entry.id}" is neither in the catalog read nor stored`);
    return item;
  });
  await clearStorage(database, sourceId);
  await putPages(database, sourceId, items, 0, onProgress, chunk);
  entries.forEach((entry, i) => {
    entry.slot = i;
  });
  return { next: items.length, dead: [] };
}

/** The ids of a source's live items, from its pages and rows (a sync without a manifest counts what it deletes). */
async function storedIds(database: PitchsideDb, source: CatalogSource): Promise<string[]> {
  const { pages, rows } = await storageOf(database, source.id);
  return liveItems([source], rows, pages).map((item) => item.id);
}

/** The bundled demo is there until the company's own collateral arrives: fictional items must never be suggested beside real ones. */
async function dropDemo(database: PitchsideDb, kind: CatalogSource['kind']): Promise<void> {
  if (kind !== 'demo' && (await database.sources.get(DEMO_SOURCE_ID))?.kind === 'demo') {
    await clearStorage(database, DEMO_SOURCE_ID);
    await database.sources.delete(DEMO_SOURCE_ID);
  }
}

/** Removes a source and its items, and only its items. */
export async function removeSource(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.transaction('rw', TABLES(database), async () => {
    await clearStorage(database, sourceId);
    await database.snapshots.delete(manifestId(sourceId));
    await database.sources.delete(sourceId);
  });
}

/** Updates a source's record only (sync status); its items stay as they are. */
export async function updateSource(database: PitchsideDb, sourceId: string, patch: Partial<CatalogSource>): Promise<void> {
  await database.sources.update(sourceId, patch);
}
