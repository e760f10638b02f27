import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type CatalogSource, type PitchsideDb } from '../../lib/db/database';
import type { WorkerLink } from '../../lib/match/load';
import { prepareCatalog } from '../../lib/match/prepare';
import { fromSnapshot, toSnapshot } from '../../lib/match/snapshot';
import type { CatalogView } from '../../lib/match/suggest';
import { storedItem } from './support';

/**
 * The panel's worker loading a large catalog (lib/match/load.ts with `linkWorker`): it never
 * waits on the background for long, prepares the index itself when no snapshot is coming, and
 * never writes one (the background is the one writer).
 */

/** Above the page's own-build limit (2,000), so the background's snapshot is what is expected. */
const N = 2500;
const names: string[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const name of names.splice(0)) await openDb(name).delete();
});

async function catalog(n = N, lastGoodSyncAt = 1, title = (i: number) => `Hospital claims ${i}`): Promise<PitchsideDb> {
  const name = `worker-load-${Math.random()}`;
  names.push(name);
  const db = openDb(name);
  await db.items.bulkPut(Array.from({ length: n }, (_, i) => storedItem(`i${i}`, { title: title(i) })));
  await db.sources.put(source(n, lastGoodSyncAt));
  return db;
}

const source = (itemCount: number, lastGoodSyncAt: number): CatalogSource => ({ id: 's', kind: 'url', name: 'S', vocabulary: {}, itemCount, lastGoodSyncAt });

/** A fresh module (no cache), linked as the worker links it, with short waits. */
async function workerLoad(link: Partial<WorkerLink> = {}) {
  vi.resetModules();
  const load = await import('../../lib/match/load');
  // The same module graph as load.ts's: a view's prepared index is kept in suggest.ts.
  const { adoptPrepared } = await import('../../lib/match/suggest');
  const calls = { askBackground: vi.fn(), replaced: vi.fn() };
  load.linkWorker({ ...calls, waitMs: 1500, graceMs: 200, pollMs: 20, ...link });
  return { ...load, adoptPrepared, ...calls };
}

const building = (db: PitchsideDb, at = Date.now()) => db.snapshots.put({ id: 'catalog-building', stamp: 'any', data: { at } });

describe('the worker loads a large catalog with no snapshot of it', () => {
  it('prepares the index from the items at once when no build is under way, asks the background for a snapshot, and writes none', async () => {
    const db = await catalog();
    const { loadCatalog, askBackground } = await workerLoad({ waitMs: 60_000 });
    const started = Date.now();
    const view = await loadCatalog(db);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(view.items).toHaveLength(N);
    expect(view.items.find((item) => item.id === 'i7')!.title).toBe('Hospital claims 7');
    expect(askBackground).toHaveBeenCalledTimes(1);
    expect(await db.snapshots.get('catalog')).toBeUndefined();
    // Later requests of the panel (every suggestion) share the view: nothing is read again.
    const toArray = vi.spyOn(db.items, 'toArray');
    expect(await loadCatalog(db, await db.sources.toArray())).toBe(view);
    expect(toArray).not.toHaveBeenCalled();
    db.close();
  });

  it('waits for a build the background has under way and reads its snapshot, instead of preparing a second index', async () => {
    const db = await catalog();
    await building(db);
    const { loadCatalog, refreshSnapshot, askBackground } = await workerLoad({ waitMs: 10_000 });
    const loading = loadCatalog(db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toArray = vi.spyOn(db.items, 'toArray');
    // The background's build ends (refreshSnapshot, as the service worker runs it).
    expect(await refreshSnapshot(db)).toBe(true);
    const view = await loading;
    expect(view.items).toHaveLength(N);
    expect(toArray).toHaveBeenCalledTimes(1); // the background's read only
    expect(askBackground).not.toHaveBeenCalled();
    db.close();
  });

  it('stops waiting for a build that does not end within the wait, and prepares the index itself', async () => {
    const db = await catalog();
    await building(db);
    const { loadCatalog, askBackground } = await workerLoad({ waitMs: 600 });
    const started = Date.now();
    const view = await loadCatalog(db);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(5000);
    expect(view.items).toHaveLength(N);
    expect(askBackground).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('ignores the marker of a build a stopped service worker left behind', async () => {
    const db = await catalog();
    await building(db, Date.now() - 60_000);
    const { loadCatalog } = await workerLoad({ waitMs: 30_000 });
    const started = Date.now();
    expect((await loadCatalog(db)).items).toHaveLength(N);
    expect(Date.now() - started).toBeLessThan(5000);
    db.close();
  });
});

describe("the panel's page, below the worker's size", () => {
  it('does not prepare a large catalog itself when there is no snapshot to read: it says so, for its worker to do it', async () => {
    const db = await catalog();
    vi.resetModules();
    const load = await import('../../lib/match/load');
    await expect(load.loadCatalog(db, undefined, { buildHere: false })).rejects.toMatchObject({ name: load.BUILD_ELSEWHERE });
    // Nothing of the refusal is kept: asked to, it prepares the catalog.
    expect((await load.loadCatalog(db)).items).toHaveLength(N);
    db.close();
  });

  it('still prepares a small catalog itself (a few ms)', async () => {
    const db = await catalog(300);
    vi.resetModules();
    const load = await import('../../lib/match/load');
    expect((await load.loadCatalog(db, undefined, { buildHere: false })).items).toHaveLength(300);
    db.close();
  });
});

describe('the worker shows a stale snapshot of the same catalog', () => {
  /** A snapshot of the catalog, then a sync that renames item 7 (no new snapshot yet). */
  async function synced() {
    const db = await catalog();
    const { refreshSnapshot } = await workerLoad();
    expect(await refreshSnapshot(db)).toBe(true);
    await db.items.put(storedItem('i7', { title: 'Renamed' }));
    await db.sources.put(source(N, 2));
    return db;
  }

  it('at once, asks the background for the new one, and replaces it itself when the background does not deliver in time', async () => {
    const db = await synced();
    const { loadCatalog, askBackground, replaced } = await workerLoad({ waitMs: 500, graceMs: 100 });
    const stale = await loadCatalog(db);
    expect(stale.items.find((item) => item.id === 'i7')!.title).toBe('Hospital claims 7');
    expect(askBackground).toHaveBeenCalledTimes(1);
    // While stale, a request (a keystroke) reads only the small stamp record, not the snapshot.
    const get = vi.spyOn(db.snapshots, 'get');
    expect(await loadCatalog(db)).toBe(stale);
    expect(get.mock.calls.map(([id]) => id)).toContain('catalog-stamp');
    expect(get.mock.calls.map(([id]) => id)).not.toContain('catalog');
    await vi.waitFor(() => expect(replaced).toHaveBeenCalledTimes(1), { timeout: 5000 });
    const fresh = await loadCatalog(db);
    expect(fresh).not.toBe(stale);
    expect(fresh.items.find((item) => item.id === 'i7')!.title).toBe('Renamed');
    expect(await db.snapshots.get('catalog-stamp')).toMatchObject({ stamp: expect.stringContaining(':1:') }); // still the background's old one
    db.close();
  });

  it('reads the new snapshot once the background stored it, and replaces nothing itself', async () => {
    const db = await synced();
    const { loadCatalog, refreshSnapshot, replaced } = await workerLoad({ waitMs: 3000, graceMs: 2000 });
    const stale = await loadCatalog(db);
    expect(stale.items.find((item) => item.id === 'i7')!.title).toBe('Hospital claims 7');
    expect(await refreshSnapshot(db)).toBe(true);
    // The background touched the sources: the panel's live query loads again.
    const fresh = await loadCatalog(db, await db.sources.toArray());
    expect(fresh.items.find((item) => item.id === 'i7')!.title).toBe('Renamed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(replaced).not.toHaveBeenCalled();
    db.close();
  });
});

describe('the background marks its build', () => {
  it('while it builds, and removes the mark after', async () => {
    const db = await catalog();
    const { refreshSnapshot } = await workerLoad();
    const put = vi.spyOn(db.snapshots, 'put');
    expect(await refreshSnapshot(db)).toBe(true);
    expect(put.mock.calls.map(([record]) => record.id)).toEqual(['catalog-building', 'catalog', 'catalog-stamp']);
    expect(await db.snapshots.get('catalog-building')).toBeUndefined();
    // Nothing changed: no build, no mark.
    put.mockClear();
    expect(await refreshSnapshot(db)).toBe(false);
    expect(put).not.toHaveBeenCalled();
    db.close();
  });
});

describe('the newest items, for the panel without a prospect', () => {
  const TODAY = '2026-11-23';
  const items = Array.from({ length: 4500 }, (_, i) =>
    storedItem(`n${i}`, {
      // Titles in the opposite order to the items': ties are decided by title.
      title: `Item ${String(4500 - i).padStart(4, '0')}`,
      updatedAt: i % 97 === 0 ? undefined : `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      internalOnly: i % 13 === 0,
      expiresAt: i % 17 === 0 ? '2026-11-22' : i % 19 === 0 ? TODAY : null,
    }),
  );
  /** What the panel listed before, from every item. */
  const plain = (list: typeof items, limit: number) =>
    list
      .filter((item) => item.updatedAt && (!item.expiresAt || item.expiresAt >= TODAY) && !item.internalOnly)
      .sort((a, b) => b.updatedAt!.localeCompare(a.updatedAt!) || a.title.localeCompare(b.title))
      .slice(0, limit);

  it('are those the items alone give, ties on the last day and all', async () => {
    const { newestItems } = await workerLoad();
    const view: CatalogView = { items, vocabulary: {} };
    for (const limit of [1, 5, 12, 40]) expect(newestItems(view, limit, TODAY).map((item) => item.id)).toEqual(plain(items, limit).map((item) => item.id));
    expect(newestItems({ items: items.filter((item) => item.internalOnly), vocabulary: {} }, 5, TODAY)).toEqual([]);
    expect(newestItems({ items: [], vocabulary: {} }, 5, TODAY)).toEqual([]);
  });

  it('parse only the few items they list from a snapshot', async () => {
    const { newestItems, adoptPrepared } = await workerLoad();
    const restored = await fromSnapshot(structuredClone(toSnapshot(prepareCatalog(items, {}))), {});
    const view: CatalogView = { items: restored.items, vocabulary: {} };
    adoptPrepared(view, restored);
    const parse = vi.spyOn(JSON, 'parse');
    const newest = newestItems(view, 5, TODAY);
    expect(parse.mock.calls.length).toBeLessThan(100);
    parse.mockRestore();
    expect(newest.map((item) => item.id)).toEqual(plain(items, 5).map((item) => item.id));
  });
});
