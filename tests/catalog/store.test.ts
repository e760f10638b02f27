import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import fc from 'fast-check';
import { applyCatalogChanges, manifestEntries, readManifest, removeSource, replaceSourceItems } from '@/lib/catalog/store';
import { hashText, type ItemEntry } from '@/lib/catalog/collect';
import type { CatalogItem } from '@/lib/catalog/types';
import { itemsByKey, readItems } from '@/lib/db/items';

const item = (id: string, title = id): CatalogItem => ({
  id,
  title,
  url: `https://a.example/${id}`,
  gated: false,
  internalOnly: false,
  keywords: [],
  industries: [],
  personas: [],
  products: [],
  stages: [],
  regions: [],
  languages: [],
  competitors: [],
  companySizes: [],
});
const source = (id: string) => ({ id, kind: 'url' as const, name: id, vocabulary: {} });

let database: PitchsideDb;
let n = 0;
afterEach(async () => database?.delete());
const fresh = () => (database = openDb(`store-test-${++n}`));

describe('catalog store', () => {
  it('keeps sources apart: the same id in two sources does not collide, removing one leaves the other', async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('x', 'from a'), item('y')]);
    await replaceSourceItems(db, source('b'), [item('x', 'from b')]);
    expect((await readItems(db)).length).toBe(3);
    await removeSource(db, 'a');
    expect((await readItems(db)).map((i) => [i.sourceId, i.title])).toEqual([['b', 'from b']]);
    expect(await db.sources.get('a')).toBeUndefined();
    expect((await db.sources.get('b'))?.itemCount).toBe(1);
  });

  it("replaces a source's items whole and reports progress by chunk", async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('old-1'), item('old-2')]);
    const progress: number[] = [];
    await replaceSourceItems(db, source('a'), [item('new')], (done) => progress.push(done));
    expect((await readItems(db)).map((i) => i.id)).toEqual(['new']);
    expect(progress).toEqual([1]);
  });

  it('writes many chunks in the one transaction, and a liveQuery hears of it', async () => {
    const db = fresh();
    const { liveQuery } = await import('dexie');
    const counts: number[] = [];
    const subscription = liveQuery(async () => (await readItems(db)).length).subscribe((count) => counts.push(count));
    await new Promise((r) => setTimeout(r, 50));
    // Progress comes by whole pages of 64 items (lib/db/items.ts), at least one page a chunk.
    const items = Array.from({ length: 200 }, (_, i) => item(`i${i}`));
    const progress: number[] = [];
    await replaceSourceItems(db, source('a'), items, (done) => progress.push(done), 2);
    expect(progress).toEqual([64, 128, 192, 200]);
    expect((await readItems(db)).map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect((await readItems(db)).find((row) => row.key === 'a\u001fi3')).toMatchObject({ sourceId: 'a', title: 'i3' });
    await new Promise((r) => setTimeout(r, 100));
    subscription.unsubscribe();
    expect(counts.at(-1)).toBe(200);
  });

  it('leaves the old catalog whole when a chunked write fails midway', async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('old-1'), item('old-2')]);
    let calls = 0;
    await expect(
      replaceSourceItems(
        db,
        source('a'),
        Array.from({ length: 200 }, (_, i) => item(`new-${i}`)),
        () => {
          if (++calls === 2) throw new Error('stopped');
        },
        2,
      ),
    ).rejects.toThrow('stopped');
    expect(calls).toBe(2);
    expect((await readItems(db)).map((i) => i.id).sort()).toEqual(['old-1', 'old-2']);
  });

  it('leaves the old catalog whole when the write fails midway', async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('old-1'), item('old-2')]);
    const bad = [item('new-1'), { ...item('new-2'), url: undefined as unknown as string, key: undefined } as CatalogItem];
    // A callback that throws aborts the transaction, as a stopped worker would.
    await expect(
      replaceSourceItems(db, source('a'), bad, () => {
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect((await readItems(db)).map((i) => i.id).sort()).toEqual(['old-1', 'old-2']);
    expect((await db.sources.get('a'))?.itemCount).toBe(2);
  });
});

describe('removing by key range', () => {
  it("takes only the source's own items, even with ids that sort next to another source's", async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('\uD83D\uDE00 emoji'), item('~tilde'), item('\uFFFDx')]);
    await replaceSourceItems(db, source('a2'), [item('y')]);
    await replaceSourceItems(db, source('b'), [item('z')]);
    await db.items.put({ ...item('orphan'), sourceId: 'a-other', key: 'a-other\u001forphan' });
    await removeSource(db, 'a');
    expect((await readItems(db)).map((i) => i.key).sort()).toEqual(['a-other\u001forphan', 'a2\u001fy', 'b\u001fz']);
  });
});

describe('items in pages (database version 6)', () => {
  /** A re-sync as the sync builds it: entries of the last manifest kept when an item's text is the same. */
  async function resync(db: PitchsideDb, sourceId: string, catalog: readonly CatalogItem[]) {
    const previous = await db.sources.get(sourceId);
    const manifest = previous ? await readManifest(db, previous) : undefined;
    const known = new Map(manifest ? manifestEntries(manifest).map((e) => [e.hash, e]) : []);
    const fresh: CatalogItem[] = [];
    const entries: ItemEntry[] = catalog.map((it) => {
      const hash = hashText(JSON.stringify(it));
      const entry = known.get(hash);
      if (entry) return entry;
      fresh.push(it);
      return { id: it.id, hash };
    });
    return applyCatalogChanges(db, source(sourceId), { fresh, entries });
  }

  it('a re-sync appends what changed as a page and leaves the rest where it is', async () => {
    const db = fresh();
    const catalog = Array.from({ length: 640 }, (_, i) => item(`i${String(i).padStart(3, '0')}`));
    await resync(db, 'a', catalog);
    expect(await db.itemPages.count()).toBe(10);
    const next = catalog.map((it, i) => (i % 100 === 7 ? { ...it, title: `${it.title} v2` } : it)).filter((it) => it.id !== 'i001');
    expect(await resync(db, 'a', next)).toMatchObject({ written: 7, deleted: 1 });
    // Ten pages untouched, one new page of seven, eight slots dead (seven replaced, one deleted).
    expect(await db.itemPages.count()).toBe(11);
    expect((await db.sources.get('a'))?.slots).toMatchObject({ next: 647 });
    expect((await db.sources.get('a'))?.slots?.dead).toHaveLength(8);
    const stored = await readItems(db);
    expect(stored.map((it) => it.id)).toEqual(next.map((it) => it.id));
    expect(stored.filter((it) => it.title.endsWith('v2'))).toHaveLength(7);
  });

  it('packs a source again once its dead slots pass a quarter of its items', async () => {
    const db = fresh();
    let catalog = Array.from({ length: 128 }, (_, i) => item(`i${i}`));
    await resync(db, 'a', catalog);
    catalog = catalog.map((it, i) => (i < 30 ? { ...it, title: 'changed' } : it));
    await resync(db, 'a', catalog);
    expect((await db.sources.get('a'))?.slots?.dead).toHaveLength(30);
    catalog = catalog.map((it, i) => (i >= 30 && i < 33 ? { ...it, title: 'changed' } : it));
    await resync(db, 'a', catalog);
    // 33 dead of 128 passes a quarter: written whole again, two full pages, nothing dead.
    expect((await db.sources.get('a'))?.slots).toEqual({ next: 128, dead: [] });
    expect(await db.itemPages.count()).toBe(2);
    expect((await readItems(db)).filter((it) => it.title === 'changed')).toHaveLength(33);
  });

  it('finds items by key in their pages, through the manifest or, without one, by reading the source', async () => {
    const db = fresh();
    const catalog = Array.from({ length: 300 }, (_, i) => item(`i${i}`));
    await resync(db, 'a', catalog);
    await resync(
      db,
      'a',
      catalog.map((it) => (it.id === 'i5' ? { ...it, title: 'i5 v2' } : it)).filter((it) => it.id !== 'i9'),
    );
    await replaceSourceItems(db, source('b'), [item('x', 'from b')]);
    const pagesRead = vi.spyOn(db.itemPages, 'bulkGet');
    const found = await itemsByKey(db, ['a\u001fi5', 'a\u001fi9', 'a\u001fi250', 'b\u001fx', 'a\u001fnever']);
    expect(found.map((it) => it?.title)).toEqual(['i5 v2', undefined, 'i250', 'from b', undefined]);
    // Source a: the two pages that hold i5 (now) and i250, not its five.
    expect(pagesRead.mock.calls.map(([keys]) => keys.length)).toEqual([2]);
  });

  it('reads back exactly the last catalog after any sequence of re-syncs, beside another source', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `id-${i}`);
    const catalogs = fc.array(
      fc.uniqueArray(fc.record({ id: fc.constantFrom(...ids), version: fc.integer({ min: 0, max: 2 }) }), { selector: (e) => e.id, maxLength: 150 }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(catalogs, async (sequence) => {
        const db = fresh();
        await resync(db, 'other', [item('id-1', 'other source')]);
        for (const catalog of sequence)
          await resync(
            db,
            'a',
            catalog.map(({ id, version }) => item(id, `${id} v${version}`)),
          );
        const last = sequence.at(-1)!.map(({ id, version }) => `${id} v${version}`);
        const stored = (await readItems(db)).filter((it) => it.sourceId === 'a');
        expect(stored.map((it) => it.title).sort()).toEqual(last.sort());
        expect((await readItems(db)).filter((it) => it.sourceId === 'other').map((it) => it.title)).toEqual(['other source']);
        await db.delete();
      }),
      { numRuns: 40 },
    );
  });
});
