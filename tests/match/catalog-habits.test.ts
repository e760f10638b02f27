import { describe, expect, it } from 'vitest';
import type { CatalogItem, Vocabulary } from '../../lib/catalog/types';
import type { ProspectContext } from '../../lib/context/schema';
import { bundleParts, otherIndustryHold } from '../../lib/match/score';
import { OTHER_INDUSTRY_INFERRED, OTHER_INDUSTRY_STATED, SURE_INFERENCE } from '../../lib/match/weights';
import { rank, type CatalogView } from '../../lib/match/suggest';
import { storedItem } from './support';

/**
 * Habits of real marketing teams the matcher must live with: every industry ticked on a deck,
 * a bundle named by its parts, a lazy CMS row with no language, a gated report beside its free
 * excerpt.
 */

const NOW = new Date('2026-11-23T12:00:00Z');
const item = (id: string, title: string, fields: Partial<CatalogItem> = {}) => storedItem(id, { title, languages: ['en'], updatedAt: '2026-06-01', ...fields });

const vocabulary: Vocabulary = {
  industries: [
    { id: 'retail', label: 'Retail', aliases: [] },
    { id: 'banking', label: 'Banking', aliases: [] },
    { id: 'media', label: 'Media', aliases: [] },
  ],
  products: [
    { id: 'unify', label: 'Acme Unify', aliases: [] },
    { id: 'journeys', label: 'Acme Journeys', aliases: [] },
    { id: 'signal', label: 'Acme Signal', aliases: [] },
    { id: 'loyalty', label: 'Acme Loyalty', aliases: [] },
    { id: 'suite', label: 'Acme Growth Suite', aliases: ['Unify + Journeys + Signal'] },
  ],
  stages: [
    { id: 'discovery', label: 'Discovery', aliases: [] },
    { id: 'evaluation', label: 'Evaluation', aliases: [] },
    { id: 'customer', label: 'Customer', aliases: [] },
  ],
};
const everyIndustry = ['retail', 'banking', 'media'];
const ctx = (fields: Partial<ProspectContext>): ProspectContext => ({ source: 'linkedin-profile', url: 'https://www.linkedin.com/in/x/', ...fields });
const view = (items: ReturnType<typeof item>[]): CatalogView => ({ vocabulary, items });
const ids = (list: ReturnType<typeof rank>) => list.map((s) => s.item.id);

describe('a bundle named by its parts', () => {
  it('reads the parts from an alias, and from a label that names them without the brand', () => {
    expect(bundleParts({ vocabulary })).toEqual(new Map([['suite', ['unify', 'journeys', 'signal']]]));
    const named: Vocabulary = {
      products: [
        { id: 'sense', label: 'Ferro Sense', aliases: [] },
        { id: 'pulse', label: 'Ferro Pulse', aliases: [] },
        { id: 'suite', label: 'Ferro Reliability Suite (Sense + Pulse)', aliases: [] },
      ],
    };
    expect(bundleParts({ vocabulary: named }).get('suite')).toEqual(['sense', 'pulse']);
    // A product that names one other is no bundle.
    expect(bundleParts({ vocabulary: { products: named.products!.slice(1) } }).size).toBe(0);
  });

  it('the company deck tagged with every industry and the bundle introduces the vendor to a name alone', () => {
    const catalog = view([
      item('deck', 'Company overview deck', { industries: everyIndustry, products: ['suite'], stages: ['discovery'] }),
      item('loyalty-sheet', 'Loyalty one-pager', { industries: everyIndustry, products: ['loyalty'], stages: ['discovery', 'evaluation'] }),
      item('howto', 'Setting up audiences', { products: ['unify'], updatedAt: '2026-11-01' }),
    ]);
    expect(ids(rank(ctx({ name: 'Jo Bloggs' }), catalog, { now: NOW }))[0]).toBe('deck');
    // Without its bundle it names one product of five: no introduction, and the newest item leads.
    const plain = view([
      item('deck', 'Company overview deck', { industries: everyIndustry, products: ['loyalty'], stages: ['discovery'] }),
      item('howto', 'Setting up audiences', { products: ['unify'], updatedAt: '2026-11-01' }),
    ]);
    expect(ids(rank(ctx({ name: 'Jo Bloggs' }), plain, { now: NOW }))[0]).toBe('howto');
  });

  it('an item tagged with every industry is for any industry: an introduction, as one tagged with none', () => {
    const catalog = view([
      item('overview', 'Platform overview', { industries: everyIndustry, products: ['unify', 'journeys', 'signal'], stages: ['discovery'] }),
      item('retail-story', 'A retail story', { industries: ['retail'], products: ['unify'], updatedAt: '2026-11-01' }),
    ]);
    const ranked = rank(ctx({ name: 'Jo Bloggs' }), catalog, { now: NOW });
    expect(ids(ranked)[0]).toBe('overview');
    expect(ranked[0]!.reasons).toContain('Introduction for any prospect');
  });

  it('a catalog with tags and no vocabulary, or with one industry, ticks no item with every industry', () => {
    const items = [
      item('guide', 'The platypus welding field guide', { industries: ['healthcare'], keywords: ['platypus', 'welding'] }),
      item('webinar', 'Platypus logistics webinar', { keywords: ['platypus', 'logistics'], updatedAt: '2026-11-01' }),
    ];
    for (const catalog of [
      { vocabulary: {}, items },
      { vocabulary: { industries: [{ id: 'healthcare', label: 'Healthcare', aliases: [] }] }, items },
    ]) {
      const intro = rank(ctx({ name: 'Jo Bloggs' }), catalog, { now: NOW });
      expect(ids(intro)[0]).toBe('webinar');
      const searched = rank(ctx({ name: 'Jo Bloggs' }), catalog, { now: NOW, query: 'platypus' });
      expect(ids(searched).sort()).toEqual(['guide', 'webinar']);
      for (const s of [...intro, ...searched]) expect(Number.isFinite(s.score)).toBe(true);
    }
  });
});

describe('an item with no language tag', () => {
  it('is in the language its text is written in: a German checklist is no item for an English reader', () => {
    const catalog = view([
      item('checkliste', 'Checkliste: Einwilligungen richtig dokumentieren', {
        languages: [],
        description: 'Was Sie für den Nachweis einer Einwilligung nach der DSGVO speichern müssen.',
        keywords: ['consent'],
      }),
      item('checklist', 'Consent checklist for marketers', { keywords: ['consent'], updatedAt: '2025-01-01' }),
    ]);
    const ranked = rank(ctx({ title: 'Head of consent', location: 'Leeds, England' }), catalog, { now: NOW });
    expect(ids(ranked)[0]).toBe('checklist');
    const german = rank(ctx({ title: 'Leiterin Consent', location: 'München, Deutschland' }), catalog, { now: NOW });
    expect(ids(german)[0]).toBe('checkliste');
  });

  it('whose text tells no language is read in the catalog’s working language, not in every language', () => {
    const catalog = view([
      item('untagged', 'Consent tips', { languages: [], keywords: ['consent'], updatedAt: '2026-11-01' }),
      item('english', 'Consent guide', { keywords: ['consent'] }),
      item('deutsch', 'Consent Leitfaden', { languages: ['de'], keywords: ['consent'] }),
      item('anglais', 'Consent note', { keywords: ['consent'] }),
    ]);
    // A Polish reader: the catalog has nothing in Polish; an untagged item is no nearer to them than an English one.
    const ranked = rank(ctx({ title: 'Consent lead', location: 'Poznań, Polska' }), catalog, { now: NOW });
    const at = (id: string) => ids(ranked).indexOf(id);
    expect(at('english')).toBeGreaterThanOrEqual(0);
    expect(at('untagged')).toBeGreaterThan(at('english'));
  });
});

describe('a gated item beside its free version', () => {
  it('gives its place to the free one: the rep shares what opens without a form', () => {
    const catalog = view([
      item('report', 'State of Loyalty 2026: the full benchmark report', {
        type: 'benchmark',
        gated: true,
        products: ['loyalty'],
        keywords: ['loyalty benchmark'],
      }),
      item('summary', 'State of Loyalty 2026: executive summary', { type: 'benchmark', products: ['loyalty'], keywords: ['loyalty'] }),
      item('guide', 'Loyalty buyer’s guide: what to ask', { type: 'ebook', gated: true, products: ['loyalty'], keywords: ['loyalty'] }),
    ]);
    const ranked = ids(rank(ctx({ title: 'Head of loyalty' }), catalog, { now: NOW }));
    expect(ranked).toContain('summary');
    expect(ranked).not.toContain('report');
    // A gated item with no free version stays, marked (it may be what the rep needs).
    expect(ranked).toContain('guide');
  });

  it('two different pieces that open alike are not twins', () => {
    const catalog = view([
      item('a', 'Customer story: Alpha Bank', { type: 'proof', gated: true, products: ['loyalty'], keywords: ['loyalty'] }),
      item('b', 'Customer story: Beta Stores', { type: 'proof', products: ['loyalty'], keywords: ['loyalty'] }),
    ]);
    expect(ids(rank(ctx({ title: 'Head of loyalty' }), catalog, { now: NOW }))).toContain('a');
  });
});

describe('evidence of the industry, and of the competitor', () => {
  const competitors = [{ id: 'rival', label: 'Rivalsoft', aliases: [] }];
  const telco: Vocabulary = { ...vocabulary, industries: [...vocabulary.industries!, { id: 'telecom', label: 'Telecom', aliases: ['Télécoms'] }], competitors };

  it('an industry the company’s name and the notes both name holds another industry’s story back as one the name alone does not', () => {
    const catalog: CatalogView = {
      vocabulary: telco,
      items: [
        item('telco-story', 'Churn down at a mobile operator', { industries: ['telecom'], keywords: ['churn'] }),
        item('media-story', 'Churn and retention at a streamer', { industries: ['media'], keywords: ['churn', 'retention'] }),
      ],
    };
    const both = rank(ctx({ company: 'Orvalis Télécom', text: 'Years in télécoms; churn and retention.' }), catalog, { now: NOW });
    const nameOnly = rank(ctx({ company: 'Orvalis Télécom', text: 'Churn and retention.' }), catalog, { now: NOW });
    // The other industry's story over the prospect's (0 once the cut-off takes it out).
    const ratio = (list: ReturnType<typeof rank>) =>
      (list.find((s) => s.item.id === 'media-story')?.score ?? 0) / list.find((s) => s.item.id === 'telco-story')!.score;
    expect(ratio(both)).toBeLessThan(ratio(nameOnly));
    // A third witness (the title) holds it back further: evidence nearing a statement holds as one.
    const three = rank(ctx({ company: 'Orvalis Télécom', title: 'Directrice CRM, télécoms', text: 'Years in télécoms; churn and retention.' }), catalog, {
      now: NOW,
    });
    expect(ratio(three)).toBeLessThan(ratio(both));
  });

  it('holds another industry back as surely as the evidence of the prospect’s: a statement most, nothing least', () => {
    const weights = [0, 0.1, 0.3, SURE_INFERENCE, 0.7, 0.9, 1, 1.5];
    const holds = weights.map((w) => otherIndustryHold('inferred', w));
    for (let i = 1; i < holds.length; i++) expect(holds[i]).toBeLessThanOrEqual(holds[i - 1]!);
    expect(holds[0]).toBe(1);
    expect(otherIndustryHold('inferred', SURE_INFERENCE)).toBeCloseTo(OTHER_INDUSTRY_INFERRED);
    expect(otherIndustryHold('inferred', 1)).toBeCloseTo(otherIndustryHold('stated', 0));
    expect(otherIndustryHold('inferred', 2)).toBeCloseTo(OTHER_INDUSTRY_STATED);
  });

  it('with the industry unknown, an item made for most industries is held less than one made for one', () => {
    const catalog = view([
      item('one', 'Loyalty calculator', { industries: ['banking'], keywords: ['loyalty calculator'] }),
      item('most', 'Loyalty calculator', { industries: ['banking', 'retail'], keywords: ['loyalty calculator'] }),
      item('every', 'Loyalty calculator', { industries: everyIndustry, keywords: ['loyalty calculator'] }),
    ]);
    const ranked = rank(ctx({ title: 'Head of loyalty', text: 'loyalty calculator' }), catalog, { now: NOW });
    const score = (id: string) => ranked.find((s) => s.item.id === id)!.score;
    expect(score('every')).toBeGreaterThan(score('most'));
    expect(score('most')).toBeGreaterThan(score('one'));
  });

  it('an item made against a competitor waits for a deal where one is named', () => {
    const catalog: CatalogView = {
      vocabulary: telco,
      items: [
        item('switch', 'Switch from Rivalsoft: loyalty in 90 days', { competitors: ['rival'], keywords: ['loyalty'] }),
        item('sheet', 'Loyalty one-pager', { keywords: ['loyalty'], updatedAt: '2025-01-01' }),
      ],
    };
    expect(ids(rank(ctx({ title: 'Head of loyalty' }), catalog, { now: NOW }))[0]).toBe('sheet');
    expect(ids(rank(ctx({ title: 'Head of loyalty', text: 'Unhappy with Rivalsoft.' }), catalog, { now: NOW }))[0]).toBe('switch');
  });
});
