import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../../lib/catalog/types';
import type { ProspectContext } from '../../lib/context/schema';
import { rank, type CatalogView } from '../../lib/match/suggest';

import { storedItem } from './support';

const NOW = new Date('2026-11-23T12:00:00Z');

const item = storedItem;

const vocabulary: Vocabulary = {
  industries: [
    { id: 'healthcare', label: 'Healthcare', aliases: ['Hospital & Health Care', 'hospital'] },
    { id: 'retail', label: 'Retail', aliases: ['Retailer', 'grocery'] },
    { id: 'banking', label: 'Banking', aliases: ['Bank', 'Financial Services'] },
  ],
  personas: [{ id: 'finance-leader', label: 'Finance leader', aliases: ['CFO', 'Controller', 'VP Finance'] }],
  stages: [
    { id: 'proposal', label: 'Proposal', aliases: ['Proposal/Price Quote', 'decisionmakerboughtin'] },
    { id: 'negotiation', label: 'Negotiation', aliases: ['contractsent'] },
  ],
  products: [{ id: 'insight', label: 'Acme Insight', aliases: ['Insight Suite', 'AI'] }],
  competitors: [{ id: 'globex', label: 'Globex', aliases: ['Globex Corp'] }],
  companySizes: [
    { id: 'smb', label: 'Small business', aliases: ['1-200 employees'] },
    { id: 'enterprise', label: 'Enterprise', aliases: ['1,001+ employees'] },
  ],
  types: [{ id: 'battlecard', label: 'Battlecard', aliases: ['battle card'] }],
};

const ctx = (fields: Partial<ProspectContext>): ProspectContext => ({ source: 'manual', url: 'https://example.com/', ...fields });
const ids = (view: CatalogView, context: ProspectContext, options = {}) => rank(context, view, { now: NOW, ...options }).map((s) => s.item.id);

describe('rank', () => {
  it('finds personas in titles, industries in industry labels, and explains with vocabulary labels', () => {
    const view = {
      vocabulary,
      items: [item('cs', { industries: ['healthcare'], personas: ['finance-leader'], keywords: ['claims'] }), item('other', { industries: ['retail'] })],
    };
    const [first] = rank(ctx({ title: 'VP, Finance & Controller', industry: 'Hospital & Health Care', text: 'Backlog of claims' }), view, { now: NOW });
    expect(first!.item.id).toBe('cs');
    expect(first!.reasons.slice(0, 2)).toEqual(['Healthcare', 'Finance leader']);
    expect(first!.reasons).toContain('mentions claims');
  });

  it('labels stages and competitors as a rep reads them', () => {
    const view = { vocabulary, items: [item('bc', { competitors: ['globex'], stages: ['proposal'], internalOnly: true })] };
    expect(rank(ctx({ stage: 'Proposal/Price Quote', competitors: ['Globex Corp'] }), view, { now: NOW })[0]!.reasons).toEqual(['vs Globex', 'Proposal stage']);
    expect(rank(ctx({ text: 'They also talk to Globex' }), view, { now: NOW })[0]!.reasons).toContain('mentions Globex');
  });

  it('counts an item’s keyword of several words, said whole, above its words said apart, and names it once', () => {
    const view = {
      vocabulary,
      items: [
        item('saas', { keywords: ['Office 365', 'SaaS backup'] }),
        // Both words, apart: "office" in one keyword, "365" in the description.
        item('apart', { keywords: ['office moves'], description: 'Support 365 days a year.' }),
      ],
    };
    const context = ctx({ text: 'Can we also protect their Office 365 tenant?' });
    const [first, second] = rank(context, view, { now: NOW });
    expect(first!.item.id).toBe('saas');
    expect(first!.reasons).toContain('mentions Office 365');
    expect(first!.score).toBeGreaterThan(second!.score * 1.5);
    // Said apart, the phrase is not found.
    expect(rank(ctx({ text: 'Their office has run for 365 days' }), view, { now: NOW })[0]!.reasons.join(' ')).not.toContain('Office 365');
  });

  it('reads a code of initials and a number as the catalog’s phrase it stands for ("m365": "Microsoft 365")', () => {
    const view = {
      vocabulary,
      items: [item('m365', { keywords: ['Microsoft 365'], description: 'Restore any mailbox.' }), item('mail', { description: 'Restore any mailbox.' })],
    };
    const [first, second] = rank(ctx({ text: 'restore deleted mailbox m365' }), view, { now: NOW });
    expect(first!.item.id).toBe('m365');
    expect(first!.reasons.join(' ')).toContain('m365');
    // The other item is far below, or under the cut-off.
    expect(second?.score ?? 0).toBeLessThan(first!.score / 1.5);
    // Initials that spell no phrase of the catalog add nothing.
    const [a, b] = rank(ctx({ text: 'restore deleted mailbox x365' }), view, { now: NOW });
    expect(a!.score).toBeLessThan(b!.score * 1.5);
  });

  it('reads a company named "Retail Bank of X" as a bank, not a retailer', () => {
    const view = { vocabulary, items: [item('retail', { industries: ['retail'] }), item('bank', { industries: ['banking'] })] };
    expect(ids(view, ctx({ company: 'Retail Bank of Ashford' }))).toEqual(['bank']);
    expect(
      ids(
        view,
        ctx({
          name: 'Retail Bank of Ashford',
          company: 'Retail Bank of Ashford',
          industry: 'Banking',
          text: 'Retail Bank of Ashford serves 2 million customers',
        }),
      ),
    ).toEqual(['bank']);
  });

  it('never takes the company name over the industry field', () => {
    const view = { vocabulary, items: [item('retail', { industries: ['retail'] }), item('health', { industries: ['healthcare'] })] };
    expect(ids(view, ctx({ company: 'Grocery Outlet Hospital Supplies', industry: 'Hospital & Health Care' }))[0]).toBe('health');
  });

  it('prefers the item made for the industry to one tagged with many', () => {
    const view = {
      vocabulary,
      items: [item('broad', { industries: ['healthcare', 'retail', 'banking'] }), item('specific', { industries: ['healthcare'] })],
    };
    expect(ids(view, ctx({ industry: 'Hospital & Health Care' }))).toEqual(['specific', 'broad']);
  });

  it('does not read "AI" in "email"', () => {
    const view = { vocabulary, items: [item('insight', { products: ['insight'] })] };
    // The catalog's one item is still suggested (never an empty list), but not for "AI".
    expect(rank(ctx({ text: 'Sends the email newsletter' }), view, { now: NOW })[0]!.reasons).not.toContain('Acme Insight');
    expect(ids(view, ctx({ text: 'Looking at AI for planning' }))).toEqual(['insight']);
  });

  it('bands company sizes by number', () => {
    const view = { vocabulary, items: [item('small', { companySizes: ['smb'] }), item('large', { companySizes: ['enterprise'] })] };
    expect(ids(view, ctx({ companySize: '1,001-5,000 employees' }))).toEqual(['large']);
    expect(ids(view, ctx({ companySize: '5K+' }))).toEqual(['large']);
    expect(ids(view, ctx({ companySize: '11-50 employees' }))).toEqual(['small']);
  });

  it('suggests one version of an asset in several languages, in the prospect’s language', () => {
    const items = ['en', 'de', 'fr'].map((l) => item(`guide-${l}`, { industries: ['retail'], languages: [l] }));
    const view = { vocabulary, items };
    expect(ids(view, ctx({ industry: 'Retail', language: 'de' }))).toEqual(['guide-de']);
    expect(ids(view, ctx({ industry: 'Retail', text: 'Nous cherchons une solution pour les magasins et les entrepôts' }))).toEqual(['guide-fr']);
    expect(ids(view, ctx({ industry: 'Retail' }))).toEqual(['guide-en']);
  });

  it('lets a typed query surface an item the context knows nothing about', () => {
    const view = { vocabulary, items: [item('match', { industries: ['healthcare'] }), item('cold', { title: 'Cold chain compliance guide' })] };
    const context = ctx({ industry: 'Hospital & Health Care' });
    expect(ids(view, context, { query: 'cold chain' })).toEqual(['cold']);
    // While typing: "compl" already finds "compliance".
    expect(ids(view, context, { query: 'compl' })).toEqual(['cold']);
    expect(ids(view, ctx({}), { query: 'battlecard' })).toEqual([]);
  });

  it('keeps internal items to a few places, so shareable ones are never crowded out', () => {
    const items = [
      ...Array.from({ length: 8 }, (_, i) => item(`bc-${i}`, { competitors: ['globex'], internalOnly: true })),
      ...Array.from({ length: 8 }, (_, i) => item(`share-${i}`, { competitors: ['globex'], stages: ['negotiation'] })),
    ];
    const result = rank(ctx({ competitors: ['Globex'] }), { vocabulary, items }, { now: NOW, limit: 10 });
    expect(result).toHaveLength(10);
    expect(result.filter((s) => s.item.internalOnly)).toHaveLength(3);
    expect(result.filter((s) => !s.item.internalOnly).every((s) => s.shareable)).toBe(true);
    expect(rank(ctx({ competitors: ['Globex'] }), { vocabulary, items }, { now: NOW, internalLimit: 0 }).some((s) => s.item.internalOnly)).toBe(false);
  });

  it('filters by type, stage and shareability', () => {
    const items = [
      item('bc', { type: 'battlecard', competitors: ['globex'], internalOnly: true, stages: ['negotiation'] }),
      item('gated', { competitors: ['globex'], gated: true, stages: ['proposal'] }),
      item('open', { competitors: ['globex'], stages: ['proposal'] }),
    ];
    const view = { vocabulary, items };
    const context = ctx({ competitors: ['Globex'] });
    expect(ids(view, context, { filters: { types: ['battlecard'] } })).toEqual(['bc']);
    expect(ids(view, context, { filters: { stages: ['proposal'] } }).sort()).toEqual(['gated', 'open']);
    expect(ids(view, context, { filters: { shareableOnly: true } })).toEqual(['open']);
  });

  it('reuses the prepared index for the same catalog view', () => {
    const view = { vocabulary, items: [item('a', { industries: ['retail'] })] };
    const first = rank(ctx({ industry: 'Retail' }), view, { now: NOW });
    const second = rank(ctx({ industry: 'Retail' }), view, { now: NOW });
    expect(second).toEqual(first);
  });
});

// ------------------------------------------------------------------------------------------
// Properties over random catalogs and contexts.

const tag = (values: string[]) => fc.subarray(values, { maxLength: 3 });
const day = fc.integer({ min: 0, max: 2000 }).map((d) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const words = fc
  .subarray(['claims', 'automation', 'hospital', 'grocery', 'globex', 'AI', 'email', 'forecast', 'cfo', 'bank'], { maxLength: 4 })
  .map((w) => w.join(' '));

const arbItem = fc
  .record({
    title: words,
    keywords: fc.subarray(['claims', 'returns', 'fuel', 'forecast'], { maxLength: 2 }),
    industries: tag(['healthcare', 'retail', 'banking', 'free text']),
    personas: fc.subarray(['finance-leader']),
    products: fc.subarray(['insight']),
    stages: fc.subarray(['proposal', 'negotiation']),
    competitors: fc.subarray(['globex']),
    languages: fc.subarray(['en', 'de']),
    gated: fc.boolean(),
    internalOnly: fc.boolean(),
    type: fc.constantFrom(undefined, 'battlecard', 'case-study'),
    updatedAt: fc.option(day, { nil: undefined }),
    expiresAt: fc.option(day, { nil: null }),
  })
  .map((fields) => fields);

const arbCatalog = fc
  .array(arbItem, { maxLength: 30 })
  .map((list) => ({ vocabulary, items: list.map((fields, i) => item(`item-${i}`, { ...fields, title: fields.title || `item ${i}` })) }));

const arbContext = fc
  .record({
    title: fc.constantFrom(undefined, 'CFO', 'VP Finance at Retail Bank of X', 'Marketing'),
    industry: fc.constantFrom(undefined, 'Hospital & Health Care', 'Retail', 'Banking'),
    stage: fc.constantFrom(undefined, 'Proposal/Price Quote', 'contractsent'),
    text: words,
    companySize: fc.constantFrom(undefined, '2500', '11-50 employees'),
    language: fc.constantFrom(undefined, 'de', 'en'),
  })
  .map((fields) => ctx(fields));

const arbOptions = fc.record({
  limit: fc.integer({ min: 0, max: 12 }),
  internalLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  query: fc.constantFrom(undefined, '', 'claims', 'glob', 'battlecard'),
  filters: fc.record({
    shareableOnly: fc.boolean(),
    types: fc.constantFrom<string[] | undefined>(undefined, ['battlecard']),
    stages: fc.constantFrom<string[] | undefined>(undefined, ['proposal']),
  }),
});

describe('rank properties', () => {
  it('never returns expired items, never more than the limit, and honours every filter', () => {
    fc.assert(
      fc.property(arbCatalog, arbContext, arbOptions, (view, context, options) => {
        const result = rank(context, view, { ...options, now: NOW });
        const today = NOW.toISOString().slice(0, 10);
        expect(result.length).toBeLessThanOrEqual(options.limit);
        expect(result.filter((s) => s.item.internalOnly).length).toBeLessThanOrEqual(options.internalLimit ?? 3);
        for (const s of result) {
          expect(!s.item.expiresAt || s.item.expiresAt >= today).toBe(true);
          expect(s.shareable).toBe(!s.item.gated && !s.item.internalOnly);
          if (options.filters.shareableOnly) expect(s.shareable).toBe(true);
          if (options.filters.types) expect(options.filters.types).toContain(s.item.type);
          if (options.filters.stages) expect(s.item.stages.some((st) => options.filters.stages!.includes(st))).toBe(true);
          expect(s.score).toBeGreaterThan(0);
          expect(s.reasons.length).toBeLessThanOrEqual(4);
        }
        expect(new Set(result.map((s) => s.item.key)).size).toBe(result.length);
      }),
      { numRuns: 300 },
    );
  });

  it('orders each list by score', () => {
    fc.assert(
      fc.property(arbCatalog, arbContext, (view, context) => {
        const result = rank(context, view, { now: NOW, limit: 20 });
        for (const internal of [true, false]) {
          const scores = result.filter((s) => s.item.internalOnly === internal).map((s) => s.score);
          expect(scores).toEqual([...scores].sort((a, b) => b - a));
        }
      }),
      { numRuns: 200 },
    );
  });
  it('skips nothing that belongs in a list: the first k of a short list are those of a list long enough that nothing is skipped', () => {
    // A limit above the catalog's size keeps the lists' floors at minus infinity, so every item
    // is scored in full; a short list skips by its floors, after looking at the best-fitting
    // few dozen first. Catalogs larger than those few dozen, and adjustments that lift an item.
    const arbLarger = fc
      .array(arbItem, { minLength: 40, maxLength: 120 })
      .map((list) => ({ vocabulary, items: list.map((fields, i) => item(`item-${i}`, { ...fields, title: fields.title || `item ${i}` })) }));
    const arbAdjustments = fc.array(fc.tuple(fc.nat(119), fc.constantFrom(0, 0.5, 1.5, 3)), { maxLength: 10 });
    fc.assert(
      fc.property(arbLarger, arbContext, fc.integer({ min: 3, max: 6 }), arbOptions, arbAdjustments, (view, context, limit, options, adjusted) => {
        const adjustments = new Map(adjusted.map(([i, factor]) => [`s\u001fitem-${i}`, { factor, reason: `adjusted ${factor}` }]));
        const common = { now: NOW, query: options.query, filters: options.filters, adjustments };
        const keys = (n: number) => rank(context, view, { ...common, limit: n }).map((s) => `${s.item.key} ${s.score}`);
        expect(keys(limit)).toEqual(keys(200).slice(0, limit));
      }),
      { numRuns: 200 },
    );
  });

  it('skips nothing that belongs in a list, on the run that found an item in the main language displaced by one the cut-off then took out', () => {
    // A limit above the catalog's size keeps the lists' floors at minus infinity, so every item
    // is scored in full; a short list skips by its floors, after looking at the best-fitting
    // few dozen first. Catalogs larger than those few dozen, and adjustments that lift an item.
    const arbLarger = fc
      .array(arbItem, { minLength: 40, maxLength: 120 })
      .map((list) => ({ vocabulary, items: list.map((fields, i) => item(`item-${i}`, { ...fields, title: fields.title || `item ${i}` })) }));
    const arbAdjustments = fc.array(fc.tuple(fc.nat(119), fc.constantFrom(0, 0.5, 1.5, 3)), { maxLength: 10 });
    fc.assert(
      fc.property(arbLarger, arbContext, fc.integer({ min: 3, max: 6 }), arbOptions, arbAdjustments, (view, context, limit, options, adjusted) => {
        const adjustments = new Map(adjusted.map(([i, factor]) => [`s\u001fitem-${i}`, { factor, reason: `adjusted ${factor}` }]));
        const common = { now: NOW, query: options.query, filters: options.filters, adjustments };
        const keys = (n: number) => rank(context, view, { ...common, limit: n }).map((s) => `${s.item.key} ${s.score}`);
        expect(keys(limit)).toEqual(keys(200).slice(0, limit));
      }),
      { numRuns: 200, seed: -1362160777 },
    );
  });
});

describe("a rep's adjustment", () => {
  it('lifts an item of lower fit into a short list, past items it would not otherwise beat', () => {
    const items = [
      ...Array.from({ length: 40 }, (_, i) => item(`close-${i}`, { industries: ['healthcare'], personas: ['finance-leader'], updatedAt: '2026-11-01' })),
      item('lifted', { industries: ['healthcare'], updatedAt: '2026-11-01' }),
    ];
    const view = { vocabulary, items };
    const context = ctx({ industry: 'Hospital & Health Care', title: 'CFO' });
    expect(ids(view, context, { limit: 3 })).not.toContain('lifted');
    const adjustments = new Map([['s\u001flifted', { factor: 3, reason: 'Shared often by your team' }]]);
    const lifted = rank(context, view, { now: NOW, limit: 3, adjustments });
    expect(lifted[0]?.item.id).toBe('lifted');
    expect(lifted[0]?.reasons[0]).toBe('Shared often by your team');
  });
});

describe("a known product's own items", () => {
  it('lead its other items: the datasheet named after it, tagged with it alone, first on a deal for it', () => {
    const view = {
      vocabulary,
      items: [
        // Alone, these two tie on the product; the guide's title comes first in the alphabet.
        item('guide', { title: 'A faster month-end close', products: ['insight'] }),
        item('datasheet', { title: 'Acme Insight datasheet', products: ['insight'] }),
      ],
    };
    expect(ids(view, ctx({ name: 'Northwind – new deal', products: ['Acme Insight'] }))).toEqual(['datasheet', 'guide']);
    // Nothing says the prospect buys it: no lead either.
    expect(ids(view, ctx({ name: 'Northwind' }))[0]).not.toBe('datasheet');
  });
});

describe('reasons a rep can read', () => {
  it('keeps acronyms such as FP&A whole and in capitals, and quotes vague words only as a last resort', async () => {
    const { rank } = await import('@/lib/match/suggest');
    const items = [
      { id: 'a', title: 'FP&A playbook for hospital finance teams', url: 'https://x.example/a' },
      { id: 'b', title: 'Save time and add value', url: 'https://x.example/b' },
    ].map((i) => ({
      ...i,
      key: `s\u001f${i.id}`,
      sourceId: 's',
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
    }));
    const found = rank({ source: 'manual', url: '', text: 'Owns FP&A. Wants time back and value.' }, { items, vocabulary: {} });
    expect(found.find((s) => s.item.id === 'a')?.reasons).toEqual(['mentions FPA']);
    // Vague words are quoted only when nothing else explains an item: every suggestion says why.
    for (const suggestion of found) expect(suggestion.reasons.length, suggestion.item.id).toBeGreaterThan(0);
  });
});

describe('industry hints from free text', () => {
  it('takes a job function for a role, not an industry, and trusts the company name first', async () => {
    const { rank } = await import('@/lib/match/suggest');
    const vocabulary = {
      industries: [
        { id: 'banking', label: 'Banking', aliases: ['Finance', 'Financial Services'] },
        { id: 'healthcare', label: 'Healthcare', aliases: ['Health', 'health system'] },
      ],
      personas: [{ id: 'finance-leader', label: 'Finance leader', aliases: ['CFO', 'Chief Financial Officer'] }],
    };
    const base = {
      gated: false,
      internalOnly: false,
      keywords: [],
      personas: ['finance-leader'],
      products: [],
      stages: [],
      regions: [],
      languages: [],
      competitors: [],
      companySizes: [],
    };
    const items = [
      { ...base, id: 'bank', title: 'A bank closes faster', url: 'https://x.example/b', industries: ['banking'] },
      { ...base, id: 'hospital', title: 'A hospital closes faster', url: 'https://x.example/h', industries: ['healthcare'] },
    ].map((i) => ({ ...i, key: `s\u001f${i.id}`, sourceId: 's' }));
    const found = rank(
      {
        source: 'linkedin-profile',
        url: '',
        title: 'Chief Financial Officer at Northwind Health',
        company: 'Northwind Health',
        text: 'Finance leader at a health system.',
      },
      { items, vocabulary },
    );
    expect(found[0]?.item.id).toBe('hospital');
    expect(found.flatMap((s) => s.reasons)).not.toContain('Banking');
  });
});

describe('every suggestion says why', () => {
  it('has at least one reason, for any context built from the catalog’s own words', async () => {
    const fc = (await import('fast-check')).default;
    const { rank } = await import('@/lib/match/suggest');
    const { loadEvalCatalog, EVAL_DAY } = await import('../eval/run');
    const catalog = loadEvalCatalog();
    const words = [
      ...new Set(
        catalog.items
          .flatMap((item) => [item.title, ...item.keywords])
          .join(' ')
          .split(/\s+/)
          .concat(Object.values(catalog.vocabulary).flatMap((concepts) => (concepts ?? []).flatMap((c) => [c.label, ...c.aliases]))),
      ),
    ];
    const phrase = fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 6 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(phrase, phrase, phrase, phrase, fc.option(phrase), (title, industry, stage, text, query) => {
        const context = { source: 'generic', url: 'https://crm.example/r/1', title, industry, stage, text };
        for (const suggestion of rank(context, catalog, { now: EVAL_DAY, query: query ?? undefined })) {
          expect(suggestion.reasons.length, suggestion.item.id).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
