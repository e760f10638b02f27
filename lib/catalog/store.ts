import type { CatalogItem } from './types';
import { itemKey, type CatalogSource, type PitchsideDb, type StoredItem } from '../db/database';

export const STORE_CHUNK = 5000;

/**
 * Replaces one source's items and record in a single Dexie transaction: a rep never sees a
 * half-imported catalog, and a service worker stopped mid-write leaves the old catalog whole
 * (IndexedDB aborts the transaction). Other sources' items are untouched.
 *
 * Items are written in chunks inside that one transaction so `onProgress` can report; nothing
 * but Dexie calls is awaited inside it (awaiting anything else would commit it early).
 */
export async function replaceSourceItems(
  database: PitchsideDb,
  source: Omit<CatalogSource, 'itemCount'>,
  items: readonly CatalogItem[],
  onProgress?: (stored: number, total: number) => void,
): Promise<number> {
  await database.transaction('rw', database.sources, database.items, async () => {
    await database.items.where('sourceId').equals(source.id).delete();
    for (let start = 0; start < items.length; start += STORE_CHUNK) {
      const rows: StoredItem[] = items
        .slice(start, start + STORE_CHUNK)
        .map((item) => ({ ...item, sourceId: source.id, key: itemKey(source.id, item.id) }));
      await database.items.bulkPut(rows);
      onProgress?.(Math.min(items.length, start + STORE_CHUNK), items.length);
    }
    await database.sources.put({ ...source, itemCount: items.length });
  });
  return items.length;
}

/** Removes a source and its items, and only its items. */
export async function removeSource(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.transaction('rw', database.sources, database.items, async () => {
    await database.items.where('sourceId').equals(sourceId).delete();
    await database.sources.delete(sourceId);
  });
}

/** Updates a source's record only (sync status); its items stay as they are. */
export async function updateSource(database: PitchsideDb, sourceId: string, patch: Partial<CatalogSource>): Promise<void> {
  await database.sources.update(sourceId, patch);
}
