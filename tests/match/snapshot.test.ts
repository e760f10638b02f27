import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type StoredItem } from '../../lib/db/database';
import { prepareCatalog } from '../../lib/match/prepare';
import { fromSnapshot, toSnapshot } from '../../lib/match/snapshot';
import { adoptPrepared, rank, type CatalogView } from '../../lib/match/suggest';
import { EVAL_DAY, loadEvalCatalog, loadJudged } from '../eval/run';

describe('catalog snapshot', () => {
  it('ranks exactly as the index it was made from, after a structured clone as IndexedDB does', async () => {
    const catalog = loadEvalCatalog();
    const built = prepareCatalog(catalog.items, catalog.vocabulary);
    const restored = await fromSnapshot(structuredClone(toSnapshot(built)), catalog.vocabulary);
    const fromSnap: CatalogView = { items: restored.items, vocabulary: catalog.vocabulary };
    adoptPrepared(fromSnap, restored);
    for (const judged of [...loadJudged('contexts'), ...loadJudged('holdout')]) {
      const options = { now: EVAL_DAY, query: judged.query, limit: 10 };
      const a = rank(judged.context, catalog, options).map((s) => [s.item.key, s.score.toFixed(6), s.reasons]);
      const b = rank(judged.context, fromSnap, options).map((s) => [s.item.key, s.score.toFixed(6), s.reasons]);
      expect(b, judged.id).toEqual(a);
    }
  });

  it('keeps every item, in order, across the chunks a large catalog is stored in, parsing each when read', async () => {
    const base = loadEvalCatalog().items[0]!;
    const items = Array.from({ length: 4500 }, (_, i) => ({ ...base, id: `i${i}`, key: `s\u001f${i}`, title: `Item ${i}` }));
    const snapshot = structuredClone(toSnapshot(prepareCatalog(items, {})));
    expect(snapshot.itemChunks.length).toBe(3);
    let pauses = 0;
    const restored = await fromSnapshot(snapshot, {}, async () => void pauses++);
    expect(restored.items.length).toBe(4500);
    expect(restored.items[4499]!.id).toBe('i4499');
    expect(restored.items.map((item) => item.id)).toEqual(items.map((item) => item.id));
    expect([...restored.items].length).toBe(4500);
    expect(restored.items.filter((item) => item.id.endsWith('99')).length).toBe(45);
    expect(pauses).toBe(1);
  });

  it('keeps fields the matcher may add, by their shape', async () => {
    const catalog = loadEvalCatalog();
    const built = prepareCatalog(catalog.items, catalog.vocabulary);
    const extra = {
      lengths: new Map([
        ['a', new Int32Array([1, 2])],
        ['b', new Int32Array([3])],
      ]),
      pairs: new Map([['x', { docs: new Int32Array([4]), weight: new Float32Array([0.5]) }]]),
      nested: [['en', 'de'], ['fr']],
      counts: { a: new Uint8Array([1]), b: new Uint8Array([2]) },
      names: new Map([['k', 'v']]),
      threshold: 0.25,
    };
    const restored = (await fromSnapshot(structuredClone(toSnapshot({ ...built, ...extra } as never)), catalog.vocabulary)) as unknown as typeof extra;
    expect(restored.lengths).toEqual(extra.lengths);
    expect(restored.pairs).toEqual(extra.pairs);
    expect(restored.nested).toEqual(extra.nested);
    expect(restored.counts).toEqual(extra.counts);
    expect(restored.names).toEqual(extra.names);
    expect(restored.threshold).toBe(0.25);
  });

  it('refuses a snapshot that does not fit its items', async () => {
    const catalog = loadEvalCatalog();
    const snapshot = toSnapshot(prepareCatalog(catalog.items, catalog.vocabulary));
    await expect(fromSnapshot({ ...snapshot, fields: { ...snapshot.fields, docLength: new Float32Array(3) } }, catalog.vocabulary)).rejects.toThrow(
      /does not match/,
    );
    await expect(fromSnapshot({ ...snapshot, format: 1 } as never, catalog.vocabulary)).rejects.toThrow(/format/);
  });
});

describe('the panel opens from the snapshot', () => {
  const names: string[] = [];
  afterEach(async () => {
    for (const name of names.splice(0)) await openDb(name).delete();
  });

  it('writes one after building, reads items no more while it fits, and rebuilds after a sync', async () => {
    vi.resetModules();
    const { loadCatalog } = await import('../../lib/match');
    const name = `snapshot-${Math.random()}`;
    names.push(name);
    const db = openDb(name);
    const item = (id: string): StoredItem => ({
      id,
      title: `Hospital claims ${id}`,
      url: `https://v.example/${id}`,
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
      key: `s\u001f${id}`,
      sourceId: 's',
    });
    await db.sources.put({ id: 's', kind: 'url', name: 'S', vocabulary: {}, itemCount: 1, lastGoodSyncAt: 1 });
    await db.items.put(item('a'));
    await loadCatalog(db);
    await vi.waitFor(async () => expect(await db.snapshots.get('catalog')).toBeDefined());

    // Another panel (a fresh module) opens from the snapshot: it never reads the items table.
    vi.resetModules();
    const again = await import('../../lib/match');
    const toArray = vi.spyOn(db.items, 'toArray');
    expect((await again.loadCatalog(db)).items.map((i) => i.id)).toEqual(['a']);
    expect(toArray).not.toHaveBeenCalled();

    // A sync changes the source: the snapshot no longer fits and the items are read again.
    await db.items.put(item('b'));
    await db.sources.put({ id: 's', kind: 'url', name: 'S', vocabulary: {}, itemCount: 2, lastGoodSyncAt: 2 });
    expect((await again.loadCatalog(db)).items.map((i) => i.id).sort()).toEqual(['a', 'b']);
    expect(toArray).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('opens a large catalog from the previous snapshot right after a sync, then from the new one once stored', async () => {
    vi.resetModules();
    const { loadCatalog, refreshSnapshot } = await import('../../lib/match');
    const name = `snapshot-${Math.random()}`;
    names.push(name);
    const db = openDb(name);
    const item = (id: string, title = `Hospital claims ${id}`): StoredItem => ({
      id,
      title,
      url: `https://v.example/${id}`,
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
      key: `s\u001f${id}`,
      sourceId: 's',
    });
    const n = 2500;
    await db.items.bulkPut(Array.from({ length: n }, (_, i) => item(`i${i}`)));
    await db.sources.put({ id: 's', kind: 'url', name: 'S', vocabulary: {}, itemCount: n, lastGoodSyncAt: 1 });
    expect(await refreshSnapshot(db)).toBe(true);

    // A sync renames one item; the background has not stored the new snapshot yet.
    await db.items.put(item('i7', 'Renamed'));
    await db.sources.put({ id: 's', kind: 'url', name: 'S', vocabulary: {}, itemCount: n, lastGoodSyncAt: 2 });
    const toArray = vi.spyOn(db.items, 'toArray');
    const stale = await loadCatalog(db, await db.sources.toArray());
    expect(stale.items.find((i) => i.id === 'i7')!.title).toBe('Hospital claims i7');
    expect(toArray).not.toHaveBeenCalled();

    // Stored: the panel's live query fires (the sources were touched) and the next load has it.
    expect(await refreshSnapshot(db)).toBe(true);
    const fresh = await loadCatalog(db, await db.sources.toArray());
    expect(fresh).not.toBe(stale);
    expect(fresh.items.find((i) => i.id === 'i7')!.title).toBe('Renamed');
    db.close();
  });
});
