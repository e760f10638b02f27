import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../lib/db/database';
import { baseId, CatalogBuilder, prepareCatalog, prepareInSlices } from '../../lib/match/prepare';

function item(id: string, title: string, languages: string[] = []): StoredItem {
  return {
    id,
    title,
    url: `https://vendor.example/${id}`,
    gated: false,
    internalOnly: false,
    keywords: [],
    industries: [],
    personas: [],
    products: [],
    stages: [],
    regions: [],
    languages,
    competitors: [],
    companySizes: [],
    key: `s\u001f${id}`,
    sourceId: 's',
  };
}

const termsOf = (title: string) => [...prepareCatalog([item('a', title)], {}).terms.keys()].sort();

describe('prepareCatalog', () => {
  it('indexes plain ASCII text exactly as the general normalisation does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019 -&/.,é'.split('')), maxLength: 40 }), (title) => {
        const ascii = title.replace(/é/g, '');
        // " é" forces the general path; "é" folds to "e", a stopword ("and" in Italian).
        expect(termsOf(ascii)).toEqual(termsOf(`${ascii} é`));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same postings through its table of seen tokens as the general path, across items and cases', () => {
    const postingsOf = (titles: string[]) =>
      [
        ...prepareCatalog(
          titles.map((title, i) => item(`i${i}`, title)),
          {},
        ).terms,
      ]
        .map(([term, { docs, tf }]) => [term, [...docs], [...tf]])
        .sort();
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom(...'abAB01 -'.split('')), maxLength: 30 }), { minLength: 1, maxLength: 8 }), (titles) => {
        expect(postingsOf(titles)).toEqual(postingsOf(titles.map((title) => `${title} é`)));
      }),
      { numRuns: 200 },
    );
    // Thousands of distinct words: the table grows several times and keeps every one apart.
    const many = Array.from({ length: 300 }, (_, i) => Array.from({ length: 30 }, (_, k) => `Word${i * 30 + k}x`).join(' '));
    expect(postingsOf(many)).toEqual(postingsOf(many.map((title) => `${title} é`)));
    expect(postingsOf(many).length).toBe(9000);
  });

  it('indexes a form code as one term, as a context reads it', () => {
    expect(termsOf('Vendor pack with W-9')).toContain('w9');
    expect(termsOf('Vendor pack with W-9')).not.toContain('9');
  });

  it('groups the language versions of one asset, including a plain id', () => {
    const index = prepareCatalog(
      [
        item('guide', 'G', ['en']),
        item('guide-de', 'G', ['de']),
        item('guide_fr', 'G', ['fr']),
        item('other-de', 'O', ['de']),
        item('guide-ptbr', 'G', ['pt-BR']),
      ],
      {},
    );
    expect(index.group[0]).toBe(index.group[1]);
    expect(index.group[1]).toBe(index.group[2]);
    expect(index.group[3]).not.toBe(index.group[0]);
    expect(index.group[4]).toBe(index.group[0]);
    expect(index.groupSize[index.group[0]!]).toBe(4);
  });

  it('strips only a suffix that is a language code of the item', () => {
    expect(baseId({ id: 'report-de', languages: ['de'] })).toBe('report');
    expect(baseId({ id: 'report-de', languages: ['en'] })).toBe('report-de');
    expect(baseId({ id: 'cs-us', languages: [] })).toBe('cs-us');
    expect(baseId({ id: 'deck-fr-CA', languages: ['fr-CA'] })).toBe('deck');
    // The region joined on ("ptbr"), only as the item's own tag: "-demo" of a German item is no language.
    expect(baseId({ id: 'deck-ptbr', languages: ['pt-BR'] })).toBe('deck');
    expect(baseId({ id: 'video-demo', languages: ['de'] })).toBe('video-demo');
  });
});

describe('CatalogBuilder', () => {
  it('fed a catalog in any order, gives in key order the index of the same catalog read back', async () => {
    const { loadEvalCatalog } = await import('../eval/run');
    const { toSnapshot } = await import('../../lib/match/snapshot');
    const catalog = loadEvalCatalog();
    const sorted = [...catalog.items].sort((a, b) => (a.key < b.key ? -1 : 1));
    fc.assert(
      fc.property(fc.shuffledSubarray(sorted, { minLength: sorted.length }), (shuffled) => {
        const builder = new CatalogBuilder(catalog.vocabulary, 4);
        for (const stored of shuffled) builder.add(stored);
        expect(toSnapshot(builder.finish({ inKeyOrder: true }))).toEqual(toSnapshot(prepareCatalog(sorted, catalog.vocabulary)));
      }),
      { numRuns: 5 },
    );
  });

  it('in slices, gives the same index as in one go, and yields between the slices', async () => {
    const { loadEvalCatalog } = await import('../eval/run');
    const { toSnapshot } = await import('../../lib/match/snapshot');
    const catalog = loadEvalCatalog();
    let yields = 0;
    // A slice of 0 ms: a yield after every 64 items, then at each of finish's pauses (one a term).
    const sliced = await prepareInSlices(catalog.items, catalog.vocabulary, async () => void yields++, 0);
    const whileAdding = Math.floor(catalog.items.length / 64);
    expect(yields).toBeGreaterThan(whileAdding + 100);
    expect(toSnapshot(sliced)).toEqual(toSnapshot(prepareCatalog(catalog.items, catalog.vocabulary)));
  });

  it('finishes in key order in slices as in one go, from a catalog added in any order', async () => {
    const { loadEvalCatalog } = await import('../eval/run');
    const { toSnapshot } = await import('../../lib/match/snapshot');
    const catalog = loadEvalCatalog();
    const shuffled = [...catalog.items].reverse();
    const built = () => {
      const builder = new CatalogBuilder(catalog.vocabulary, 4);
      for (const stored of shuffled) builder.add(stored);
      return builder;
    };
    let yields = 0;
    const sliced = await built().finishInSlices({ inKeyOrder: true }, async () => void yields++, 0);
    expect(yields).toBeGreaterThan(100);
    expect(toSnapshot(sliced)).toEqual(toSnapshot(built().finish({ inKeyOrder: true })));
  });
});
