import type { CatalogItem } from './types';
import { itemKey, type CatalogSource, type PitchsideDb, type StoredItem } from '../db/database';

/**
 * Replaces one source's items and record in a single Dexie transaction: a rep never sees a
 * half-imported catalog, and a service worker stopped mid-write leaves the old catalog whole
 * (IndexedDB aborts the transaction). Other sources' items are untouched.
 */
export async function replaceSourceItems(
  database: PitchsideDb,
  source: Omit<CatalogSource, 'itemCount'>,
  items: readonly CatalogItem[],
): Promise<number> {
  const rows: StoredItem[] = items.map((item) => ({ ...item, sourceId: source.id, key: itemKey(source.id, item.id) }));
  await database.transaction('rw', database.sources, database.items, async () => {
    await database.items.where('sourceId').equals(source.id).delete();
    await database.items.bulkPut(rows);
    await database.sources.put({ ...source, itemCount: rows.length });
  });
  return rows.length;
}

/** Removes a source and its items, and only its items. */
export async function removeSource(database: PitchsideDb, sourceId: string): Promise<void> {
  await database.transaction('rw', database.sources, database.items, async () => {
    await database.items.where('sourceId').equals(sourceId).delete();
    await database.sources.delete(sourceId);
  });
}
