import { describe, expect, it } from 'vitest';
import type { CatalogItem, Vocabulary } from '../../lib/catalog/types';
import type { ProspectContext } from '../../lib/context/schema';
import { analyzeContext, preparedFor, rank, type CatalogView } from '../../lib/match/suggest';
import { storedItem } from './support';

/** The introduction for the prospect's own industry or stage counts as evergreen for them. */

const NOW = new Date('2026-11-23T12:00:00Z');

const item = (id: string, title: string, fields: Partial<CatalogItem> = {}) => storedItem(id, { title, languages: ['en'], updatedAt: '2026-06-01', ...fields });

const vocabulary: Vocabulary = {
  industries: [
    { id: 'retail', label: 'Retail', aliases: [] },
    { id: 'banking', label: 'Banking', aliases: [] },
    { id: 'healthcare', label: 'Healthcare', aliases: [] },
  ],
  products: [
    { id: 'route', label: 'Acme Route', aliases: [] },
    { id: 'yard', label: 'Acme Yard', aliases: [] },
    { id: 'wms', label: 'Acme Warehouse', aliases: [] },
    { id: 'bi', label: 'Acme Insight', aliases: [] },
  ],
  stages: [
    { id: 'discovery', label: 'Discovery', aliases: [] },
    { id: 'evaluation', label: 'Evaluation', aliases: [] },
    { id: 'negotiation', label: 'Negotiation', aliases: [] },
  ],
};

const ctx = (fields: Partial<ProspectContext>): ProspectContext => ({ source: 'manual', url: 'https://example.com/', ...fields });
const view = (items: ReturnType<typeof item>[]): CatalogView => ({ vocabulary, items });
const score = (list: ReturnType<typeof rank>, id: string) => list.find((s) => s.item.id === id)?.score;

describe('introductions for the prospect’s industry or stage', () => {
  it('the industry’s introduction leads an item of one product made for that industry, with the same fit', () => {
    // Same concepts, same date; the title order alone would put the story first.
    const catalog = view([
      item('story', 'A retail story', { industries: ['retail'], products: ['route'], stages: ['discovery'] }),
      item('intro', 'Vendor for retail', { industries: ['retail'], stages: ['discovery'] }),
    ]);
    const ranked = rank(ctx({ industry: 'Retail' }), catalog, { now: NOW });
    expect(ranked.map((s) => s.item.id)).toEqual(['intro', 'story']);
    expect(ranked[0]!.reasons[0]).toBe('Retail');
  });

  it('an industry’s introduction made for a later stage than the prospect’s gets no lead', () => {
    const catalog = view([
      item('story', 'A retail story', { industries: ['retail'], products: ['route'], stages: ['negotiation'] }),
      item('intro', 'Vendor for retail', { industries: ['retail'], stages: ['negotiation'] }),
    ]);
    const ranked = rank(ctx({ industry: 'Retail', stage: 'Evaluation' }), catalog, { now: NOW });
    expect(score(ranked, 'intro')).toBe(score(ranked, 'story'));
    // At that stage it is their introduction again.
    expect(rank(ctx({ industry: 'Retail', stage: 'Negotiation' }), catalog, { now: NOW })[0]!.item.id).toBe('intro');
  });

  it('another industry’s introduction gets no lead', () => {
    const catalog = view([
      item('story', 'A retail story', { industries: ['retail'], products: ['route'] }),
      item('intro', 'Vendor for retail', { industries: ['retail'] }),
      item('bank', 'Banking story', { industries: ['banking'], products: ['route'] }),
    ]);
    const ranked = rank(ctx({ industry: 'Banking', products: ['Acme Route'] }), catalog, { now: NOW, limit: 10 });
    expect(ranked[0]!.item.id).toBe('bank');
    // The retail introduction holds no more than the retail story: neither is for a bank.
    expect(score(ranked, 'intro') ?? 0).toBeLessThanOrEqual(score(ranked, 'story') ?? 0);
  });

  it('the stage’s introduction (no industry, no single product) leads a one-product item of that stage', () => {
    const catalog = view([
      item('pack', 'A pricing pack', { products: ['route'], stages: ['negotiation'] }),
      item('faq', 'Contract FAQ', { stages: ['negotiation'] }),
    ]);
    const ranked = rank(ctx({ stage: 'Negotiation' }), catalog, { now: NOW });
    expect(ranked.map((s) => s.item.id)).toEqual(['faq', 'pack']);
    // The opening stage's introductions are the evergreen ones: nothing changes for a later stage.
    const early = rank(ctx({ stage: 'Evaluation' }), catalog, { now: NOW });
    expect(score(early, 'faq')).toBe(score(early, 'pack'));
  });

  it('with no stage named, what is made only for the last stage (customers) waits; a stage or a product they run brings it back', () => {
    const catalog = view([
      item('guide', 'Acme Route guide: planning routes', { products: ['route'], stages: ['evaluation'] }),
      item('onboard', 'Acme Route guide: your first routes', { products: ['route'], stages: ['negotiation'] }),
    ]);
    const profile = ctx({ title: 'Head of Transport', text: 'We plan routes for 40 trucks with Acme Route.' });
    const opening = rank(profile, catalog, { now: NOW });
    expect(opening.map((s) => s.item.id)).toEqual(['guide', 'onboard']);
    // Held as two stages away: after the sale is further than any stage before it.
    expect(score(opening, 'onboard')! / score(opening, 'guide')!).toBeLessThan(0.45);
    // At that stage, it is theirs.
    expect(rank({ ...profile, stage: 'Negotiation' }, catalog, { now: NOW })[0]!.item.id).toBe('onboard');
    // A customer already (the product named with its version): not held back.
    const customer = rank({ ...profile, text: 'We plan routes for 40 trucks on Acme Route 4.2.' }, catalog, { now: NOW });
    expect(score(customer, 'onboard')! / score(customer, 'guide')!).toBeGreaterThan(0.9);
  });

  it('at an earlier stage named, what is made only for the last stage waits more than another stage\u2019s item', () => {
    const catalog = view([
      item('eval', 'Acme Route guide: planning routes', { products: ['route'], stages: ['evaluation'] }),
      item('onboard', 'Acme Route guide: planning your first routes', { products: ['route'], stages: ['negotiation'] }),
    ]);
    const discovery = rank(ctx({ stage: 'Discovery', text: 'Planning routes for 40 trucks with Acme Route.' }), catalog, { now: NOW });
    // Both are for another stage than theirs; the customers' one is after the sale.
    expect(discovery.map((s) => s.item.id)).toEqual(['eval', 'onboard']);
    expect(score(discovery, 'onboard')! / score(discovery, 'eval')!).toBeLessThan(0.7);
  });

  it('an old name that holds its version (the alias "RouteKit 2", "RK2") makes a customer too', () => {
    const catalog: CatalogView = {
      vocabulary: { ...vocabulary, products: [{ id: 'route', label: 'Acme Route', aliases: ['RouteKit 2', 'RK2'] }] },
      items: [
        item('ds', 'Acme Route datasheet', { products: ['route'] }),
        item('upgrade', 'Moving to Acme Route', { products: ['route'], keywords: ['upgrade', 'migration'] }),
      ],
    };
    for (const text of ['Still on RouteKit 2 for 30 depots.', 'Still on RK2 for 30 depots.'])
      expect(rank(ctx({ text }), catalog, { now: NOW })[0]!.item.id).toBe('upgrade');
    // A number in the product's own name is no version: naming it makes no customer.
    const named: CatalogView = { ...catalog, vocabulary: { products: [{ id: 'route', label: 'Acme Route 365', aliases: ['RouteKit 2'] }] } };
    const customer = (text: string) => analyzeContext(ctx({ text }), preparedFor(named)).customer;
    expect(customer('Looking at Acme Route 365 for 30 depots.')).toBe(false);
    expect(customer('Still on RouteKit 2 for 30 depots.')).toBe(true);
  });

  it('an item made for the opening stage with no product tag is an introduction for any prospect; an untagged one is not', () => {
    const catalog = view([
      item('deck', 'Acme company deck', { stages: ['discovery'] }),
      item('untagged', 'Acme notes', {}),
      item('story', 'A retail story', { industries: ['retail'], products: ['route'], stages: ['discovery'] }),
    ]);
    expect(rank(ctx({ name: 'Jordan Achterberg' }), catalog, { now: NOW }).map((s) => s.item.id)[0]).toBe('deck');
    expect(score(rank(ctx({ name: 'Jordan Achterberg' }), catalog, { now: NOW, limit: 10 }), 'untagged') ?? 0).toBeLessThan(
      score(rank(ctx({ name: 'Jordan Achterberg' }), catalog, { now: NOW, limit: 10 }), 'deck')!,
    );
  });
});
