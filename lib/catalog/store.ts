import Dexie from 'dexie';
import type { CatalogItem } from './types';
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
  await database.transaction('rw', database.sources, database.items, async () => {
    // Items that stay are overwritten in place; only those gone from the catalog are deleted
    // (cheaper than emptying the source first: a new version mostly keeps its ids).
    const fresh = new Set(items.map((item) => itemKey(source.id, item.id)));
    const stale = (await keysOf(database, source.id)).filter((key) => !fresh.has(key));
    if (stale.length) await database.items.bulkDelete(stale);
    for (let start = 0; start < items.length; start += chunk) {
      const rows: StoredItem[] = items
        .slice(start, start + chunk)
        .map((item) => ({ ...item, sourceId: source.id, key: itemKey(source.id, item.id) }));
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

function rangeOf(sourceId: string): [string, string] {
  const prefix = itemKey(sourceId, '');
  return [prefix, `${prefix}\uffff`];
}

async function keysOf(database: PitchsideDb, sourceId: string): Promise<string[]> {
  return (await database.items.where(':id').between(...rangeOf(sourceId), true, true).primaryKeys()) as string[];
}

/**
 * Deletes a source's items as one primary-key range: every key is `${sourceId}\u001f${id}`
 * (itemKey), so they sit together. One IDBObjectStore.delete(range) instead of a delete per row
 * (`where('sourceId')…delete()`): 100,000 items go in well under a second instead of ~20 s.
 */
async function deleteItemsOf(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.items.where(':id').between(...rangeOf(sourceId), true, true).delete();
}

/** Removes a source and its items, and only its items. */
export async function removeSource(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.transaction('rw', database.sources, database.items, async () => {
    await deleteItemsOf(database, sourceId);
    await database.sources.delete(sourceId);
  });
}

/** Updates a source's record only (sync status); its items stay as they are. */
export async function updateSource(database: PitchsideDb, sourceId: string, patch: Partial<CatalogSource>): Promise<void> {
  await database.sources.update(sourceId, patch);
}
