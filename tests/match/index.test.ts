import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type CatalogSource, type StoredItem } from '../../lib/db/database';
import { loadCatalog, suggest } from '../../lib/match';

const NOW = new Date('2026-11-23T12:00:00Z');
let counter = 0;

function stored(id: string, fields: Partial<StoredItem> = {}): StoredItem {
  return {
    id,
    title: id,
    url: `https://vendor.example/${id}`,
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
    key: `src\u001f${id}`,
    sourceId: 'src',
    ...fields,
  };
}

const source = (fields: Partial<CatalogSource> = {}): CatalogSource => ({
  id: 'src',
  kind: 'url',
  name: 'Catalog',
  itemCount: 1,
  lastGoodSyncAt: 1,
  vocabulary: { industries: [{ id: 'healthcare', label: 'Healthcare', aliases: ['Hospital & Health Care'] }] },
  ...fields,
});

const dbs: ReturnType<typeof openDb>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('suggest from IndexedDB', () => {
  it('loads the catalog once, and again after a sync changes the source', async () => {
    const db = openDb(`match-test-${counter++}`);
    dbs.push(db);
    await db.sources.put(source());
    await db.items.put(stored('health', { industries: ['healthcare'] }));
    const context = { source: 'manual', url: 'https://example.com/', industry: 'Hospital & Health Care' };

    const first = await loadCatalog(db);
    expect(await loadCatalog(db)).toBe(first);
    expect((await suggest(context, { database: db, now: NOW })).map((s) => s.item.id)).toEqual(['health']);

    await db.items.put(stored('health-2', { industries: ['healthcare'] }));
    await db.sources.put(source({ itemCount: 2, lastGoodSyncAt: 2 }));
    const second = await loadCatalog(db);
    expect(second).not.toBe(first);
    expect((await suggest(context, { database: db, now: NOW })).map((s) => s.item.id).sort()).toEqual(['health', 'health-2']);
  });
});
