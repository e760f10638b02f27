import Dexie from 'dexie';
import { CHECK_VERSION, type ItemEntry } from './collect';
import type { CatalogItem } from './types';
import type { CatalogMessage } from './messages';
import { itemKey, type CatalogSource, type PitchsideDb, type StoredItem } from '../db/database';

export const STORE_CHUNK = 5000;

/** The bundled demo catalog's source id (lib/catalog/demo.ts). */
export const DEMO_SOURCE_ID = 'demo';

/**
 * Puts rows straight into the object store of the running Dexie transaction (same transaction,
 * so still all or nothing). Dexie's bulkPut costs a third more per row than the bare
 * IDBObjectStore.put (100,000 items in Chromium: about 9.4 s against 6.5 s of writing, on two
 * cores; see scripts/bench/catalog.ts), and the write is most of an import.
 */
async function putRaw(rows: StoredItem[]): Promise<void> {
  // Dexie.currentTransaction (https://dexie.org/docs/Dexie/Dexie.currentTransaction) has the native
  // IDBTransaction as `idbtrans` (https://dexie.org/docs/Transaction/Transaction.idbtrans), a
  // documented escape hatch that Dexie's typings keep private, hence the cast.
  const transaction = Dexie.currentTransaction as unknown as { idbtrans: IDBTransaction } | null;
  if (!transaction) throw new Error('putRaw runs inside a Dexie transaction');
  const store = transaction.idbtrans.objectStore('items');
  await new Promise<void>((resolve, reject) => {
    let request: IDBRequest | undefined;
    for (const row of rows) request = store.put(row);
    if (!request) return resolve();
    // Requests of one transaction complete in order: the last one done means all are.
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request!.error);
  });
}

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
  await database.transaction('rw', [database.sources, database.items, database.snapshots], async () => {
    // Rows written without hashes: the next sync compares with nothing and writes all.
    await database.snapshots.delete(manifestId(source.id));
    // Items that stay are overwritten in place; only those gone from the catalog are deleted
    // (cheaper than emptying the source first: a new version mostly keeps its ids).
    const fresh = new Set(items.map((item) => itemKey(source.id, item.id)));
    const stale = (await keysOf(database, source.id)).filter((key) => !fresh.has(key));
    if (stale.length) await database.items.bulkDelete(stale);
    for (let start = 0; start < items.length; start += chunk) {
      const rows: StoredItem[] = items.slice(start, start + chunk).map((item) => ({ ...item, sourceId: source.id, key: itemKey(source.id, item.id) }));
      const last = start + chunk >= items.length;
      // The last chunk goes through Dexie, so liveQuery subscribers hear that items changed.
      if (last) await database.items.bulkPut(rows);
      else await putRaw(rows);
      onProgress?.(Math.min(items.length, start + chunk), items.length);
    }
    await database.sources.put({ ...source, itemCount: items.length });
    // The bundled demo is there until the company's own collateral arrives: fictional items
    // must never be suggested beside real ones.
    if (source.kind !== 'demo' && (await database.sources.get(DEMO_SOURCE_ID))?.kind === 'demo') {
      await deleteItemsOf(database, DEMO_SOURCE_ID);
      await database.sources.delete(DEMO_SOURCE_ID);
    }
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
}

export interface PartState {
  url: string;
  etag?: string;
  lastModified?: string;
  /** Entries of the manifest this part holds, in order after the parts before it. */
  count: number;
}

export const manifestId = (sourceId: string) => `items:${sourceId}`;

export async function readManifest(database: PitchsideDb, source: Pick<CatalogSource, 'id' | 'itemCount'>): Promise<ItemManifest | undefined> {
  const record = await database.snapshots.get(manifestId(source.id)).catch(() => undefined);
  const manifest = record?.data as ItemManifest | undefined;
  if (!manifest || manifest.check !== CHECK_VERSION || manifest.ids?.length !== source.itemCount || manifest.hashes?.length !== source.itemCount)
    return undefined;
  return manifest;
}

export function manifestEntries(manifest: ItemManifest, from = 0, to = manifest.ids.length): ItemEntry[] {
  const warned = new Map(manifest.warnings);
  const described = new Map(manifest.warningsI18n ?? []);
  const out: ItemEntry[] = [];
  for (let i = from; i < to; i++) {
    const warnings = warned.get(i);
    const warningsI18n = described.get(i);
    const entry: ItemEntry = { id: manifest.ids[i]!, hash: manifest.hashes[i]! };
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
  return { check: CHECK_VERSION, ids: entries.map((e) => e.id), hashes: Float64Array.from(entries, (e) => e.hash), warnings, warningsI18n, parts };
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
  await database.transaction('rw', [database.sources, database.items, database.snapshots], async () => {
    const previous = await database.sources.get(source.id);
    const manifest = previous ? await readManifest(database, previous) : undefined;
    const fresh = new Set(changes.entries.map((entry) => entry.id));
    const staleIds = manifest
      ? manifest.ids.filter((id) => !fresh.has(id)).map((id) => itemKey(source.id, id))
      : (await keysOf(database, source.id)).filter((key) => !fresh.has(key.slice(source.id.length + 1)));
    deleted = staleIds.length;
    if (staleIds.length) await database.items.bulkDelete(staleIds);
    await writeRows(database, source.id, changes.fresh, onProgress, chunk);
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
    await database.sources.put({ ...source, lastGoodSyncAt, itemCount: changes.entries.length });
    await dropDemo(database, source.kind);
  });
  return { written: changes.fresh.length, deleted, unchanged };
}

async function writeRows(
  database: PitchsideDb,
  sourceId: string,
  items: readonly CatalogItem[],
  onProgress: ((stored: number, total: number) => void) | undefined,
  chunk: number,
): Promise<void> {
  for (let start = 0; start < items.length; start += chunk) {
    const rows: StoredItem[] = items.slice(start, start + chunk).map((item) => ({ ...item, sourceId, key: itemKey(sourceId, item.id) }));
    const last = start + chunk >= items.length;
    // The last chunk goes through Dexie, so liveQuery subscribers hear that items changed.
    if (last) await database.items.bulkPut(rows);
    else await putRaw(rows);
    onProgress?.(Math.min(items.length, start + chunk), items.length);
  }
}

/** The bundled demo is there until the company's own collateral arrives: fictional items must never be suggested beside real ones. */
async function dropDemo(database: PitchsideDb, kind: CatalogSource['kind']): Promise<void> {
  if (kind !== 'demo' && (await database.sources.get(DEMO_SOURCE_ID))?.kind === 'demo') {
    await deleteItemsOf(database, DEMO_SOURCE_ID);
    await database.sources.delete(DEMO_SOURCE_ID);
  }
}

function rangeOf(sourceId: string): [string, string] {
  const prefix = itemKey(sourceId, '');
  return [prefix, `${prefix}\uffff`];
}

async function keysOf(database: PitchsideDb, sourceId: string): Promise<string[]> {
  return (await database.items
    .where(':id')
    .between(...rangeOf(sourceId), true, true)
    .primaryKeys()) as string[];
}

/**
 * Deletes a source's items as one primary-key range: every key is `${sourceId}\u001f${id}`
 * (itemKey), so they sit together. One IDBObjectStore.delete(range) instead of a delete per row
 * (`where('sourceId')…delete()`): 100,000 items go in well under a second instead of ~20 s.
 */
async function deleteItemsOf(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.items
    .where(':id')
    .between(...rangeOf(sourceId), true, true)
    .delete();
}

/** Removes a source and its items, and only its items. */
export async function removeSource(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.transaction('rw', [database.sources, database.items, database.snapshots], async () => {
    await deleteItemsOf(database, sourceId);
    await database.snapshots.delete(manifestId(sourceId));
    await database.sources.delete(sourceId);
  });
}

/** Updates a source's record only (sync status); its items stay as they are. */
export async function updateSource(database: PitchsideDb, sourceId: string, patch: Partial<CatalogSource>): Promise<void> {
  await database.sources.update(sourceId, patch);
}
