import Dexie from 'dexie';
import type { CatalogItem } from '../catalog/types';
import { itemKey, type CatalogSource, type ItemPage, type PitchsideDb, type StoredItem } from './database';

/**
 * How a catalog's items are kept (database version 6): in pages of ITEMS_PER_PAGE items, one
 * IndexedDB row each, never rewritten.
 *
 * - Each item written gets a slot number; a page holds the consecutive slots `first…`. A write
 *   starts a new page, so the slots of a page are always one write's.
 * - A re-sync appends the new and changed items as new pages and adds the slots of the items
 *   they replace, and of those gone from the catalog, to the source's dead list
 *   (`CatalogSource.slots`). Readers skip dead slots. When a source's dead slots pass a quarter
 *   of its items, the next write packs its items again (lib/catalog/store.ts).
 * - Rows written before version 6, one item each in `items`, are read too: they are a source's
 *   items until its items are written whole again.
 *
 * Why: IndexedDB costs about the same per row whatever the row holds. 100,000 items as 100,000
 * rows took 10–12 s to write in Chromium on the bench machine, as 1,563 pages of 64 about 1 s,
 * and read back in about half the time (scripts/bench/idb-write.ts).
 */
export const ITEMS_PER_PAGE = 64;

/** Page `n` of a source: its key sorts with the source's other pages, in page order. */
export const pageKey = (sourceId: string, n: number) => `${sourceId}\u001f${String(n).padStart(8, '0')}`;

/** The key range of one source, in `items` and in `itemPages` alike. */
export function sourceRange(sourceId: string): [string, string] {
  const prefix = itemKey(sourceId, '');
  return [prefix, `${prefix}\uffff`];
}

/** The record of the `snapshots` table where the last sync lists a source's items (lib/catalog/store.ts). */
export const manifestId = (sourceId: string) => `items:${sourceId}`;

/** The first slot of the page a write starting at `next` begins. */
export const pageStart = (next: number) => Math.ceil(next / ITEMS_PER_PAGE) * ITEMS_PER_PAGE;

const byKey = (a: StoredItem, b: StoredItem) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The live items of `pages` and `rows`, in key order: the order of the rows before pages, so
 * ties in a ranking fall the same way whatever the history of syncs behind the items.
 */
export function liveItems(sources: readonly Pick<CatalogSource, 'id' | 'slots'>[], rows: readonly StoredItem[], pages: readonly ItemPage[]): StoredItem[] {
  if (pages.length === 0) return rows as StoredItem[];
  const dead = new Map<string, Set<number>>();
  for (const source of sources) if (source.slots?.dead.length) dead.set(source.id, new Set(source.slots.dead));
  const out: StoredItem[] = rows.slice();
  for (const page of pages) {
    const skip = dead.get(page.sourceId);
    if (!skip) {
      for (const item of page.items) out.push(item);
      continue;
    }
    page.items.forEach((item, k) => {
      if (!skip.has(page.first + k)) out.push(item);
    });
  }
  return out.sort(byKey);
}

/** The sources and every live item, read in one transaction (a sync writes both in one). */
export async function readCatalog(database: PitchsideDb): Promise<{ sources: CatalogSource[]; items: StoredItem[] }> {
  return database.transaction('r', [database.sources, database.items, database.itemPages], async () => {
    const [sources, rows, pages] = await Promise.all([database.sources.toArray(), database.items.toArray(), database.itemPages.toArray()]);
    return { sources, items: liveItems(sources, rows, pages) };
  });
}

/** Every live item of every source, in key order. */
export async function readItems(database: PitchsideDb): Promise<StoredItem[]> {
  return (await readCatalog(database)).items;
}

/**
 * Items by key (the panel's "shared most": a few keys), without reading whole catalogs: a row of
 * its own is read by key; an item in pages is found through its source's manifest, which gives
 * its slot, hence its page. Without a usable manifest (a catalog imported whole, the demo), the
 * source's pages are read. Undefined for a key no longer stored.
 */
export async function itemsByKey(database: PitchsideDb, keys: readonly string[]): Promise<Array<StoredItem | undefined>> {
  return database.transaction('r', [database.sources, database.items, database.itemPages, database.snapshots], async () => {
    const rows = await database.items.bulkGet([...keys]);
    const found = new Map<string, StoredItem>();
    const missing = new Map<string, Set<string>>();
    keys.forEach((key, i) => {
      if (rows[i]) return;
      const sourceId = key.slice(0, key.lastIndexOf('\u001f'));
      missing.set(sourceId, (missing.get(sourceId) ?? new Set()).add(key.slice(sourceId.length + 1)));
    });
    for (const [sourceId, ids] of missing) {
      const source = await database.sources.get(sourceId);
      if (!source?.slots) continue;
      const manifest = (await database.snapshots.get(manifestId(sourceId)))?.data as { ids?: string[]; slots?: Int32Array } | undefined;
      let pages: Array<ItemPage | undefined>;
      if (manifest?.ids && manifest.slots?.length === manifest.ids.length && manifest.ids.length === source.itemCount) {
        const numbers = new Set<number>();
        manifest.ids.forEach((id, i) => {
          const slot = manifest.slots![i]!;
          if (ids.has(id) && slot >= 0) numbers.add(Math.floor(slot / ITEMS_PER_PAGE));
        });
        pages = await database.itemPages.bulkGet([...numbers].map((n) => pageKey(sourceId, n)));
      } else
        pages = await database.itemPages
          .where(':id')
          .between(...sourceRange(sourceId), true, true)
          .toArray();
      for (const item of liveItems(
        [source],
        [],
        pages.filter((page) => page !== undefined),
      ))
        if (ids.has(item.id)) found.set(item.key, item);
    }
    return keys.map((key, i) => rows[i] ?? found.get(key));
  });
}

/** One source's pages and rows before version 6, inside the caller's transaction. */
export async function storageOf(database: PitchsideDb, sourceId: string): Promise<{ pages: ItemPage[]; rows: StoredItem[] }> {
  const range = sourceRange(sourceId);
  const [pages, rows] = await Promise.all([
    database.itemPages
      .where(':id')
      .between(...range, true, true)
      .toArray(),
    database.items
      .where(':id')
      .between(...range, true, true)
      .toArray(),
  ]);
  return { pages, rows };
}

/** Deletes all of one source's items, pages and rows: two range deletes, whatever the count. */
export async function clearStorage(database: PitchsideDb, sourceId: string): Promise<void> {
  const range = sourceRange(sourceId);
  await database.itemPages
    .where(':id')
    .between(...range, true, true)
    .delete();
  await database.items
    .where(':id')
    .between(...range, true, true)
    .delete();
}

/**
 * Writes `items` as new pages of `sourceId` from the page `next` falls in (or after), inside the
 * caller's Dexie transaction; returns the slot of `items[0]` (the others follow). `onProgress`
 * hears after every `chunk` items. Only IndexedDB requests are awaited, so the transaction
 * stays open (https://w3c.github.io/IndexedDB/#transaction-lifetime).
 */
export async function putPages(
  database: PitchsideDb,
  sourceId: string,
  items: readonly CatalogItem[],
  next: number,
  onProgress?: (stored: number, total: number) => void,
  chunk = 5000,
): Promise<number> {
  const start = pageStart(next);
  const step = Math.max(ITEMS_PER_PAGE, Math.floor(chunk / ITEMS_PER_PAGE) * ITEMS_PER_PAGE);
  for (let from = 0; from < items.length; from += step) {
    const to = Math.min(items.length, from + step);
    const pages: ItemPage[] = [];
    for (let at = from; at < to; at += ITEMS_PER_PAGE) {
      const first = start + at;
      // An item a sync already made a stored one (lib/catalog/sync.ts) is stored as it is.
      const slice = items
        .slice(at, Math.min(to, at + ITEMS_PER_PAGE))
        .map((item) => ((item as Partial<StoredItem>).sourceId === sourceId ? (item as StoredItem) : { ...item, sourceId, key: itemKey(sourceId, item.id) }));
      pages.push({ key: pageKey(sourceId, first / ITEMS_PER_PAGE), sourceId, first, items: slice });
    }
    // The last pages go through Dexie, so live queries on the catalog hear that it changed.
    if (to === items.length) await database.itemPages.bulkPut(pages);
    else await putRaw(pages);
    // Outside the transaction's zone: a listener's own promises (a progress write to
    // storage.session) must not count as the transaction's (Dexie.ignoreTransaction).
    if (onProgress) Dexie.ignoreTransaction(() => onProgress(to, items.length));
  }
  return start;
}

/**
 * Puts pages straight into the object store of the running Dexie transaction (the same
 * transaction, so still all or nothing): Dexie's bulkPut costs about a third more per row than
 * the bare IDBObjectStore.put.
 */
async function putRaw(pages: ItemPage[]): Promise<void> {
  // Dexie.currentTransaction (https://dexie.org/docs/Dexie/Dexie.currentTransaction) has the native
  // IDBTransaction as `idbtrans` (https://dexie.org/docs/Transaction/Transaction.idbtrans), a
  // documented escape hatch that Dexie's typings keep private, hence the cast.
  const transaction = Dexie.currentTransaction as unknown as { idbtrans: IDBTransaction } | null;
  if (!transaction) throw new Error('putRaw runs inside a Dexie transaction');
  const store = transaction.idbtrans.objectStore('itemPages');
  await new Promise<void>((resolve, reject) => {
    let request: IDBRequest | undefined;
    for (const page of pages) request = store.put(page);
    if (!request) return resolve();
    // Requests of one transaction complete in order: the last one done means all are.
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request!.error);
  });
}
