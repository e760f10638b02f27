import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { removeSource, replaceSourceItems } from '@/lib/catalog/store';
import type { CatalogItem } from '@/lib/catalog/types';

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
    expect(await db.items.count()).toBe(3);
    await removeSource(db, 'a');
    expect((await db.items.toArray()).map((i) => [i.sourceId, i.title])).toEqual([['b', 'from b']]);
    expect(await db.sources.get('a')).toBeUndefined();
    expect((await db.sources.get('b'))?.itemCount).toBe(1);
  });

  it("replaces a source's items whole and reports progress by chunk", async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('old-1'), item('old-2')]);
    const progress: number[] = [];
    await replaceSourceItems(db, source('a'), [item('new')], (done) => progress.push(done));
    expect((await db.items.toArray()).map((i) => i.id)).toEqual(['new']);
    expect(progress).toEqual([1]);
  });

  it('writes many chunks in the one transaction, and a liveQuery hears of it', async () => {
    const db = fresh();
    const { liveQuery } = await import('dexie');
    const counts: number[] = [];
    const subscription = liveQuery(() => db.items.count()).subscribe((count) => counts.push(count));
    await new Promise((r) => setTimeout(r, 50));
    const items = Array.from({ length: 7 }, (_, i) => item(`i${i}`));
    const progress: number[] = [];
    await replaceSourceItems(db, source('a'), items, (done) => progress.push(done), 2);
    expect(progress).toEqual([2, 4, 6, 7]);
    expect((await db.items.toArray()).map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(await db.items.get('a\u001fi3')).toMatchObject({ sourceId: 'a', title: 'i3' });
    await new Promise((r) => setTimeout(r, 100));
    subscription.unsubscribe();
    expect(counts.at(-1)).toBe(7);
  });

  it('leaves the old catalog whole when a chunked write fails midway', async () => {
    const db = fresh();
    await replaceSourceItems(db, source('a'), [item('old-1'), item('old-2')]);
    let calls = 0;
    await expect(
      replaceSourceItems(
        db,
        source('a'),
        Array.from({ length: 7 }, (_, i) => item(`new-${i}`)),
        () => {
          if (++calls === 2) throw new Error('stopped');
        },
        2,
      ),
    ).rejects.toThrow('stopped');
    expect(calls).toBe(2);
    expect((await db.items.toArray()).map((i) => i.id).sort()).toEqual(['old-1', 'old-2']);
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
    expect((await db.items.toArray()).map((i) => i.id).sort()).toEqual(['old-1', 'old-2']);
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
    expect((await db.items.toArray()).map((i) => i.key).sort()).toEqual(['a-other\u001forphan', 'a2\u001fy', 'b\u001fz']);
  });
});
