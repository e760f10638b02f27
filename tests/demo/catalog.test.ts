import { describe, expect, it } from 'vitest';
import demo from '@/lib/demo/catalog.json';
import { validateCatalog } from '@/lib/catalog/schema';
import { installDemoCatalog } from '@/lib/catalog/demo';
import { itemTagFields, vocabularyLists } from '@/lib/catalog/types';
import { openDb } from '@/lib/db/database';
import { readItems } from '@/lib/db/items';

describe('bundled demo catalog', () => {
  it('is a valid catalog of about 60 items with a vocabulary, every tag a concept', () => {
    const result = validateCatalog(demo);
    if (!result.ok) throw new Error(result.error);
    expect(result.problems).toEqual([]);
    expect(result.catalog.items.length).toBeGreaterThanOrEqual(50);
    const ids = new Map(vocabularyLists.map((list) => [list, new Set((result.catalog.vocabulary[list] ?? []).map((c) => c.id))]));
    for (const item of result.catalog.items) {
      for (const field of itemTagFields) {
        if (field === 'languages') continue;
        for (const tag of item[field]) expect(ids.get(field)?.has(tag), `${item.id}: ${field} ${tag}`).toBe(true);
      }
    }
    expect(result.catalog.items.some((item) => item.gated)).toBe(true);
    expect(result.catalog.items.some((item) => item.internalOnly)).toBe(true);
  });

  it('is installed on first run, and not brought back after a rep removed it', async () => {
    const database = openDb(`demo-${Math.random()}`);
    expect(await installDemoCatalog(database)).toBeGreaterThan(50);
    expect((await readItems(database)).filter((item) => item.sourceId === 'demo').length).toBeGreaterThan(50);

    await database.itemPages.clear();
    await database.sources.clear();
    await database.sources.put({ id: 'url:https://cdn.example/c.json', kind: 'url', name: 'c', vocabulary: {}, itemCount: 0 });
    expect(await installDemoCatalog(database)).toBe(0);
    expect((await readItems(database)).length).toBe(0);
    database.close();
  });
});

describe('the demo gives way to real collateral', () => {
  it('is removed, items and all, when the first real catalog is stored, and the real one is whole', async () => {
    const { replaceSourceItems } = await import('@/lib/catalog/store');
    const database = openDb(`demo-gives-way-${Math.random()}`);
    await installDemoCatalog(database);
    const item = {
      id: 'cs-1',
      title: 'Real case study',
      url: 'https://acme.example/cs-1',
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
    };
    await replaceSourceItems(database, { id: 'url:https://cdn.acme.example/c.json', kind: 'url', name: 'Acme', vocabulary: {} }, [item]);
    expect(await database.sources.get('demo')).toBeUndefined();
    expect((await readItems(database)).filter((item) => item.sourceId === 'demo').length).toBe(0);
    expect((await readItems(database)).map((i) => i.id)).toEqual(['cs-1']);
    // An update of the extension does not bring the demo back beside the real catalog.
    expect(await installDemoCatalog(database)).toBe(0);
    expect((await readItems(database)).length).toBe(1);
    database.close();
  });
});
