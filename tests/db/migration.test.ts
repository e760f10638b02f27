import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb, schemaV1, schemaV2, schemaV3, schemaV4, schemaV5, itemKey, type PitchsideDb } from '@/lib/db/database';
import { readItems } from '@/lib/db/items';

/**
 * Every database version after the first is tested by opening a real database of the version
 * before, holding data in every table, with the current code (Dexie's own upgrade tests do
 * the same).
 */
/** An item row as versions 2 to 5 stored it (written out here: it must not follow later changes of the item type). */
const storedRow = (sourceId: string, id: string, patch: Record<string, unknown> = {}) => ({
  key: itemKey(sourceId, id),
  sourceId,
  id,
  title: `Item ${id}`,
  url: `https://m.example/${id}`,
  gated: false,
  internalOnly: false,
  keywords: [],
  industries: [],
  personas: [],
  products: [],
  stages: [],
  regions: [],
  languages: ['en'],
  competitors: [],
  companySizes: [],
  expiresAt: null,
  ...patch,
});

describe('database migrations', () => {
  it('version 1 → 2 keeps every row of every table and drops only the unused item indexes', async () => {
    const name = 'migration-v1-v2';
    const v1 = new Dexie(name);
    v1.version(1).stores(schemaV1);
    await v1.open();
    const item = {
      key: itemKey('demo', 'cs-1'),
      sourceId: 'demo',
      id: 'cs-1',
      title: 'Case study',
      url: 'https://a.example/cs-1',
      gated: false,
      internalOnly: false,
      keywords: ['k'],
      industries: ['healthcare'],
      personas: ['cfo'],
      products: ['p'],
      stages: ['discovery'],
      regions: [],
      languages: ['en'],
      competitors: [],
      companySizes: [],
      updatedAt: '2026-09-01',
      expiresAt: null,
    };
    await v1.table('sources').put({
      id: 'demo',
      kind: 'demo',
      name: 'Demo',
      vocabulary: { industries: [{ id: 'healthcare', label: 'Healthcare', aliases: [] }] },
      itemCount: 1,
      lastGoodSyncAt: 5,
    });
    await v1.table('items').bulkPut([item, { ...item, key: itemKey('url:x', 'cs-1'), sourceId: 'url:x' }]);
    await v1.table('edits').put({ recordKey: 'r1', fields: { name: 'Dana' }, updatedAt: 1 });
    await v1.table('feedback').put({ key: `r1\u001f${item.key}`, recordKey: 'r1', itemKey: item.key, useful: true, at: 2 });
    await v1.table('shares').add({ recordKey: 'r1', itemKey: item.key, url: item.url, at: 3, how: 'copy' });
    v1.close();

    const v2 = new Dexie(name) as ReturnType<typeof openDb>;
    v2.version(1).stores(schemaV1);
    v2.version(2).stores(schemaV2);
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(await v2.sources.toArray()).toEqual([expect.objectContaining({ id: 'demo', itemCount: 1, lastGoodSyncAt: 5 })]);
    expect(await v2.items.count()).toBe(2);
    expect(await v2.items.get(item.key)).toEqual(item);
    expect(await v2.items.where('sourceId').equals('url:x').count()).toBe(1);
    expect(await v2.edits.get('r1')).toMatchObject({ fields: { name: 'Dana' } });
    expect(await v2.feedback.where('recordKey').equals('r1').count()).toBe(1);
    expect(await v2.shares.where('[recordKey+itemKey]').equals(['r1', item.key]).count()).toBe(1);
    expect(v2.items.schema.indexes.map((index) => index.name)).toEqual(['sourceId']);
    // New rows still work in every table after the upgrade.
    await v2.shares.add({ recordKey: 'r2', itemKey: item.key, url: item.url, at: 4, how: 'insert' });
    expect(await v2.shares.count()).toBe(2);
    await v2.delete();
  });

  it('version 2 → 3 keeps every row and adds an empty snapshots table', async () => {
    const name = 'migration-v2-v3';
    const v2 = new Dexie(name);
    v2.version(1).stores(schemaV1);
    v2.version(2).stores(schemaV2);
    await v2.open();
    const item = {
      key: itemKey('demo', 'cs-1'),
      sourceId: 'demo',
      id: 'cs-1',
      title: 'Case study',
      url: 'https://a.example/cs-1',
      gated: false,
      internalOnly: false,
      keywords: [],
      industries: ['healthcare'],
      personas: [],
      products: [],
      stages: [],
      regions: [],
      languages: ['en'],
      competitors: [],
      companySizes: [],
    };
    await v2.table('sources').put({ id: 'demo', kind: 'demo', name: 'Demo', vocabulary: {}, itemCount: 1, lastGoodSyncAt: 5 });
    await v2.table('items').put(item);
    await v2.table('edits').put({ recordKey: 'r1', fields: { industry: 'Hospital & Health Care' }, updatedAt: 1 });
    await v2.table('feedback').put({ key: `r1\u001f${item.key}`, recordKey: 'r1', itemKey: item.key, useful: false, at: 2 });
    await v2.table('shares').add({ recordKey: 'r1', itemKey: item.key, url: item.url, at: 3, how: 'insert' });
    v2.close();

    const v3 = new Dexie(name) as ReturnType<typeof openDb>;
    v3.version(1).stores(schemaV1);
    v3.version(2).stores(schemaV2);
    v3.version(3).stores(schemaV3);
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(await v3.sources.get('demo')).toMatchObject({ itemCount: 1, lastGoodSyncAt: 5 });
    expect(await v3.items.get(item.key)).toEqual(item);
    expect(await v3.items.where('sourceId').equals('demo').count()).toBe(1);
    expect(await v3.edits.get('r1')).toMatchObject({ fields: { industry: 'Hospital & Health Care' } });
    expect(await v3.feedback.where('itemKey').equals(item.key).first()).toMatchObject({ useful: false });
    expect(await v3.shares.where('recordKey').equals('r1').first()).toMatchObject({ how: 'insert' });
    expect(await v3.snapshots.count()).toBe(0);
    await v3.snapshots.put({ id: 'catalog', stamp: 's', data: { format: 1 } });
    expect(await v3.snapshots.get('catalog')).toMatchObject({ stamp: 's' });
    await v3.delete();
  });

  it('version 3 → 4 keeps every row and adds empty events, daily and outbox tables', async () => {
    const name = 'migration-v3-v4';
    const v3 = new Dexie(name);
    v3.version(1).stores(schemaV1);
    v3.version(2).stores(schemaV2);
    v3.version(3).stores(schemaV3);
    await v3.open();
    const item = {
      key: itemKey('url:https://m.example/c.json', 'wp-9'),
      sourceId: 'url:https://m.example/c.json',
      id: 'wp-9',
      title: 'White paper',
      url: 'https://m.example/wp-9',
      gated: false,
      internalOnly: false,
      keywords: [],
      industries: ['banking'],
      personas: ['cfo'],
      products: [],
      stages: ['evaluation'],
      regions: [],
      languages: ['en'],
      competitors: [],
      companySizes: [],
    };
    await v3
      .table('sources')
      .put({ id: item.sourceId, kind: 'url', name: 'M', url: 'https://m.example/c.json', vocabulary: {}, itemCount: 1, lastGoodSyncAt: 7, etag: 'W/"1"' });
    await v3.table('items').put(item);
    await v3.table('edits').put({ recordKey: 'r9', fields: { stage: 'Evaluation' }, updatedAt: 1 });
    await v3.table('feedback').put({ key: `r9\u001f${item.key}`, recordKey: 'r9', itemKey: item.key, useful: true, at: 2 });
    await v3.table('shares').add({ recordKey: 'r9', itemKey: item.key, url: item.url, at: 3, how: 'copy' });
    await v3.table('snapshots').put({ id: 'catalog', stamp: 'st', data: { format: 1, n: 1 } });
    v3.close();

    const v4 = new Dexie(name) as ReturnType<typeof openDb>;
    v4.version(1).stores(schemaV1);
    v4.version(2).stores(schemaV2);
    v4.version(3).stores(schemaV3);
    v4.version(4).stores(schemaV4);
    await v4.open();
    expect(v4.verno).toBe(4);
    expect(await v4.sources.get(item.sourceId)).toMatchObject({ itemCount: 1, lastGoodSyncAt: 7, etag: 'W/"1"' });
    expect(await v4.items.get(item.key)).toEqual(item);
    expect(await v4.items.where('sourceId').equals(item.sourceId).count()).toBe(1);
    expect(await v4.edits.get('r9')).toMatchObject({ fields: { stage: 'Evaluation' } });
    expect(await v4.feedback.where('recordKey').equals('r9').first()).toMatchObject({ useful: true });
    expect(await v4.shares.where('[recordKey+itemKey]').equals(['r9', item.key]).count()).toBe(1);
    expect(await v4.snapshots.get('catalog')).toMatchObject({ stamp: 'st', data: { n: 1 } });
    expect([await v4.events.count(), await v4.daily.count(), await v4.outbox.count()]).toEqual([0, 0, 0]);
    // The new tables and their indexes work.
    await v4.events.add({
      action: 'shared',
      at: 5,
      itemKey: item.key,
      itemId: 'wp-9',
      sourceId: item.sourceId,
      recordKey: 'r9',
      matched: { industries: [], personas: [], stages: [] },
      how: 'copy',
    });
    expect(await v4.events.where('itemKey').equals(item.key).count()).toBe(1);
    await v4.outbox.add({ messageId: 'm1', queuedAt: 5, payload: { type: 'track' } });
    await expect(v4.outbox.add({ messageId: 'm1', queuedAt: 6, payload: {} })).rejects.toThrow();
    await v4.delete();
  });

  it('version 4 → 5 keeps every row of every table and drops the items’ sourceId index', async () => {
    const name = 'migration-v4-v5';
    const v4 = new Dexie(name);
    v4.version(1).stores(schemaV1);
    v4.version(2).stores(schemaV2);
    v4.version(3).stores(schemaV3);
    v4.version(4).stores(schemaV4);
    await v4.open();
    const item = (sourceId: string, id: string) =>
      storedRow(sourceId, id, {
        description: 'About it',
        keywords: ['k'],
        industries: ['banking'],
        personas: ['cfo'],
        stages: ['evaluation'],
        updatedAt: '2026-10-01',
      });
    const a = 'url:https://m.example/a.json';
    const b = 'file:b.csv';
    const items = [...Array.from({ length: 30 }, (_, i) => item(a, `a-${i}`)), item(b, 'b-1'), item(b, 'b-2')];
    await v4.table('sources').bulkPut([
      { id: a, kind: 'url', name: 'A', url: 'https://m.example/a.json', vocabulary: {}, itemCount: 30, lastGoodSyncAt: 7, etag: '"7"' },
      { id: b, kind: 'file', name: 'b.csv', vocabulary: {}, itemCount: 2, lastGoodSyncAt: 8 },
    ]);
    await v4.table('items').bulkPut(items);
    await v4.table('edits').put({ recordKey: 'r9', fields: { stage: 'Evaluation' }, updatedAt: 1 });
    await v4.table('feedback').put({ key: `r9\u001f${items[0]!.key}`, recordKey: 'r9', itemKey: items[0]!.key, useful: true, at: 2 });
    await v4.table('shares').add({ recordKey: 'r9', itemKey: items[0]!.key, url: items[0]!.url, at: 3, how: 'copy' });
    await v4.table('snapshots').put({ id: 'items:file:b.csv', stamp: 'check-1', data: { check: 1, ids: ['b-1', 'b-2'] } });
    await v4.table('events').add({
      action: 'shared',
      at: 5,
      itemKey: items[1]!.key,
      itemId: 'a-1',
      sourceId: a,
      recordKey: 'r9',
      matched: { industries: [], personas: [], stages: [] },
      how: 'copy',
    });
    await v4.table('daily').put({
      key: 'd1',
      day: '2026-11-01',
      action: 'suggested',
      variant: '',
      reason: '',
      itemKey: items[2]!.key,
      industry: '',
      persona: '',
      stage: '',
      count: 3,
      wellFit: 1,
      withFit: 2,
    });
    await v4.table('outbox').add({ messageId: 'm1', queuedAt: 5, payload: { type: 'track' } });
    v4.close();

    const v5 = new Dexie(name) as unknown as PitchsideDb;
    for (const [n, schema] of [schemaV1, schemaV2, schemaV3, schemaV4, schemaV5].entries()) v5.version(n + 1).stores(schema);
    await v5.open();
    expect(v5.verno).toBe(5);
    expect(v5.items.schema.indexes).toEqual([]);
    // Every row as it was, sourceId field included.
    expect(await v5.items.toArray()).toEqual([...items].sort((x, y) => (x.key < y.key ? -1 : 1)));
    expect(await v5.items.bulkGet([items[0]!.key, items[31]!.key])).toEqual([items[0], items[31]]);
    expect(await v5.sources.get(a)).toMatchObject({ itemCount: 30, lastGoodSyncAt: 7, etag: '"7"' });
    expect(await v5.edits.get('r9')).toMatchObject({ fields: { stage: 'Evaluation' } });
    expect(await v5.feedback.where('recordKey').equals('r9').count()).toBe(1);
    expect(await v5.shares.where('[recordKey+itemKey]').equals(['r9', items[0]!.key]).count()).toBe(1);
    expect(await v5.snapshots.get('items:file:b.csv')).toMatchObject({ data: { ids: ['b-1', 'b-2'] } });
    expect(await v5.events.where('itemKey').equals(items[1]!.key).count()).toBe(1);
    expect(await v5.daily.where('day').equals('2026-11-01').count()).toBe(1);
    await expect(v5.outbox.add({ messageId: 'm1', queuedAt: 6, payload: {} })).rejects.toThrow();
    // A source's items are still one primary-key range, which is how the store finds them now.
    const ofB = await v5.items
      .where(':id')
      .between(itemKey(b, ''), `${itemKey(b, '')}\uffff`, true, true)
      .primaryKeys();
    expect(ofB).toEqual([items[30]!.key, items[31]!.key]);
    await v5.delete();
  });

  it('version 5 → 6 adds item pages, keeps the rows, reads both, and a re-sync moves only what changed', async () => {
    const name = 'migration-v5-v6';
    const v5 = new Dexie(name);
    for (const [n, schema] of [schemaV1, schemaV2, schemaV3, schemaV4, schemaV5].entries()) v5.version(n + 1).stores(schema);
    await v5.open();
    const item = (sourceId: string, id: string, title = `Item ${id}`) => storedRow(sourceId, id, { title });
    const a = 'url:https://m.example/a.json';
    const b = 'file:b.csv';
    const rows = [...Array.from({ length: 8 }, (_, i) => item(a, `a-${i}`)), item(b, 'b-1'), item(b, 'b-2')];
    await v5.table('sources').bulkPut([
      { id: a, kind: 'url', name: 'A', url: 'https://m.example/a.json', vocabulary: {}, itemCount: 8, lastGoodSyncAt: 7 },
      { id: b, kind: 'file', name: 'b.csv', vocabulary: {}, itemCount: 2, lastGoodSyncAt: 8 },
    ]);
    await v5.table('items').bulkPut(rows);
    // A manifest as version 5 wrote it: ids and hashes, no slots.
    await v5.table('snapshots').put({
      id: `items:${a}`,
      stamp: 'check-1',
      data: { check: 1, ids: rows.slice(0, 8).map((r) => r.id), hashes: Float64Array.from(rows.slice(0, 8), (_, i) => i), warnings: [] },
    });
    v5.close();

    const v6 = openDb(name);
    await v6.open();
    expect(v6.verno).toBe(6);
    expect(await v6.itemPages.count()).toBe(0);
    expect(await v6.items.count()).toBe(10);
    expect(await readItems(v6)).toEqual([...rows].sort((x, y) => (x.key < y.key ? -1 : 1)));

    // A re-sync of A where a-3 changed and a-7 is gone: the other rows stay rows, a-3 moves to a page.
    const { applyCatalogChanges, manifestEntries, readManifest, removeSource } = await import('@/lib/catalog/store');
    const sourceA = (await v6.sources.get(a))!;
    const kept = manifestEntries((await readManifest(v6, sourceA))!).filter((e) => e.id !== 'a-3' && e.id !== 'a-7');
    const { key: _key, sourceId: _source, ...changed } = item(a, 'a-3', 'Renamed');
    await applyCatalogChanges(v6, sourceA, { fresh: [changed], entries: [...kept, { id: 'a-3', hash: 99 }] });
    expect(await v6.items.count()).toBe(8);
    expect(await v6.itemPages.count()).toBe(1);
    const after = await readItems(v6);
    expect(after.filter((i) => i.sourceId === a).map((i) => [i.id, i.title])).toEqual(
      ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6'].map((id) => [id, id === 'a-3' ? 'Renamed' : `Item ${id}`]),
    );
    // Removing B takes its rows only.
    await removeSource(v6, b);
    expect((await readItems(v6)).map((i) => i.sourceId)).toEqual(Array(7).fill(a));
    await v6.delete();
  });

  it('a fresh database opens at the latest version', async () => {
    const db = openDb('migration-fresh');
    await db.open();
    expect(db.verno).toBe(6);
    await db.delete();
  });

  it('has a test here for every version after the first', () => {
    const versions = [...readFileSync('lib/db/database.ts', 'utf8').matchAll(/\.version\((\d+)\)/g)].map((m) => Number(m[1]));
    expect(versions[0]).toBe(1);
    const tests = readFileSync('tests/db/migration.test.ts', 'utf8');
    for (const version of versions.slice(1)) expect(tests, `a migration test for version ${version}`).toContain(`version ${version - 1} → ${version}`);
  });
});
