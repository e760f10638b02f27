import { describe, expect, it } from 'vitest';
import type { CatalogItem, Vocabulary } from '../../lib/catalog/types';
import type { ProspectContext } from '../../lib/context/schema';
import type { StoredItem } from '../../lib/db/database';
import { analyzeContext } from '../../lib/match/analyse';
import { preparedFor, rank, type CatalogView } from '../../lib/match/suggest';
import { WEAK_INDUSTRY } from '../../lib/match/weights';

/** The matching principles of issue 8, each on a small catalog of its own. */
import { storedItem } from './support';

const NOW = new Date('2026-11-23T12:00:00Z');

/** Items in English unless a test says otherwise. */
const item = (id: string, fields: Partial<CatalogItem> = {}) => storedItem(id, { languages: ['en'], ...fields });

const vocabulary: Vocabulary = {
  industries: [
    { id: 'healthcare', label: 'Healthcare', aliases: ['Hospitals and Health Care', 'Medical Practices'] },
    { id: 'banking', label: 'Banking', aliases: ['Financial Services', 'bank'] },
    { id: 'retail', label: 'Retail', aliases: ['Retailer'] },
  ],
  personas: [{ id: 'cio', label: 'IT leader', aliases: ['CIO', 'IT Director'] }],
  products: [
    { id: 'vault', label: 'Acme Vault', aliases: ['SafeBox', 'Vault'] },
    { id: 'desk', label: 'Acme Desk', aliases: ['HelpRiver'] },
  ],
  stages: [
    { id: 'discovery', label: 'Discovery', aliases: [] },
    { id: 'proposal', label: 'Proposal', aliases: [] },
  ],
};

/** A catalog whose healthcare items speak of patients, clinics and EHRs, and banking items of ledgers. */
function catalog(extra: StoredItem[] = []): CatalogView {
  const items: StoredItem[] = [];
  for (let i = 0; i < 6; i++)
    items.push(
      item(`hc-${i}`, {
        industries: ['healthcare'],
        title: `Care story ${i}`,
        description: 'Patient records, clinical systems and the EHR kept safe across every clinic.',
      }),
    );
  for (let i = 0; i < 6; i++)
    items.push(
      item(`bk-${i}`, { industries: ['banking'], title: `Bank story ${i}`, description: 'Ledger, payments and branch systems kept safe for every teller.' }),
    );
  for (let i = 0; i < 6; i++)
    items.push(
      item(`rt-${i}`, { industries: ['retail'], title: `Store story ${i}`, description: 'Stores, tills and payment terminals kept safe in every aisle.' }),
    );
  for (let i = 0; i < 4; i++)
    items.push(item(`gen-${i}`, { title: `Security guide ${i}`, description: 'Systems kept safe, whatever the sector.', personas: ['cio'] }));
  items.push(item('intro', { title: 'Acme company overview', products: ['vault', 'desk'], stages: ['discovery'] }));
  return { items: [...items, ...extra], vocabulary };
}

const ctx = (fields: Partial<ProspectContext>): ProspectContext => ({ source: 'manual', url: 'https://example.com/', ...fields });
const top = (view: CatalogView, context: ProspectContext, n = 5) => rank(context, view, { now: NOW }).slice(0, n);

describe('matching principles', () => {
  it('learns which words signal a concept from the catalog, and says so', () => {
    const [first, ...rest] = top(
      catalog(),
      ctx({ title: 'IT Director', company: 'Riverside', text: 'Moving our clinical systems and the EHR to the cloud; patient data first.' }),
    );
    expect(first!.item.industries).toEqual(['healthcare']);
    expect(rest.slice(0, 3).every((s) => s.item.industries.length === 0 || s.item.industries.includes('healthcare'))).toBe(true);
    expect(first!.reasons[0]).toMatch(/^Healthcare, from: (clinical|ehr|EHR|patient), (clinical|ehr|EHR|patient)$/);
  });

  it('an industry only hinted at by a word of the notes is confirmed by the words the catalog learned for it', () => {
    // "bank" is an alias (weak in free text); the learned words of healthcare do not make it a bank.
    const industriesOf = (text: string) =>
      analyzeContext(ctx({ text }), preparedFor(catalog()))
        .concepts.filter((f) => f.list === 'industries')
        .map((f) => [f.concept.id, f.weight]);
    const hint = industriesOf('Our bank is growing fast.');
    const confirmed = industriesOf('Our bank keeps the ledger and payments of every branch and teller.');
    expect(hint).toEqual([['banking', WEAK_INDUSTRY]]);
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]![0]).toBe('banking');
    expect(confirmed[0]![1]).toBeGreaterThan(WEAK_INDUSTRY);
    // Words of another industry add no second one to a hint.
    expect(industriesOf('Our bank keeps patient records and the clinical EHR.').map(([id]) => id)).toEqual(['banking']);
  });

  it('learns the words of an industry when most of the catalog is ticked with every industry', () => {
    // A real team's habit: the decks and one-pagers carry every industry, so each industry is on
    // most items; those are a third of each industry's, not one of each, and the words still tell.
    const broad = Array.from({ length: 30 }, (_, i) =>
      item(`broad-${i}`, { industries: ['healthcare', 'banking', 'retail'], title: `One-pager ${i}`, description: 'Systems kept safe, whatever the sector.' }),
    );
    const view = catalog(broad);
    expect(view.items.filter((i) => i.industries.includes('healthcare')).length).toBeGreaterThan(view.items.length / 2);
    const learned = analyzeContext(ctx({ text: 'Moving our clinical systems and the EHR to the cloud.' }), preparedFor(view)).concepts.find(
      (f) => f.list === 'industries',
    );
    expect(learned?.concept.id).toBe('healthcare');
    expect(learned?.via).toBe('learned');
  });

  it('a stated industry outranks words that suggest another', () => {
    const list = top(catalog(), ctx({ industry: 'Financial Services', text: 'We keep patient records for our clinical partners.' }));
    expect(list[0]!.item.industries).toEqual(['banking']);
  });

  it('one word of a multi-word alias is not an industry on its own', () => {
    // "Medical" alone (of "Medical Practices") does not make a healthcare prospect.
    const list = top(catalog(), ctx({ text: 'Medical grade' }));
    expect(list.filter((s) => s.item.industries.includes('healthcare'))).toHaveLength(0);
  });

  it('an industry the catalog does not cover gets cross-industry content, not another industry\u2019s', () => {
    const list = top(catalog(), ctx({ industry: 'Hospitality', title: 'IT Director', text: 'Payment terminals and guest systems kept safe.' }));
    expect(list[0]!.item.industries).toEqual([]);
    expect(list.slice(0, 3).every((s) => s.item.industries.length === 0)).toBe(true);
  });

  it('with only a name: the evergreen introduction first, with a reason', () => {
    const [first] = top(catalog(), ctx({ name: 'Alex Kim' }));
    expect(first!.item.id).toBe('intro');
    expect(first!.reasons).toEqual(['Introduction for any prospect']);
  });

  it('never an empty list while the catalog holds shareable items', () => {
    const view: CatalogView = { vocabulary: {}, items: [item('a', { title: 'Alpha' }), item('b', { title: 'Beta', internalOnly: true })] };
    const list = rank(ctx({ text: 'zzz' }), view, { now: NOW });
    expect(list.map((s) => s.item.id)).toEqual(['a']);
    expect(list[0]!.reasons.length).toBeGreaterThan(0);
  });

  it('the prospect\u2019s language version wins; without one, the main language beats off-topic content in theirs', () => {
    const view = catalog([
      item('vault-guide-en', { title: 'Vault backup guide', products: ['vault'], keywords: ['backup', 'restore'] }),
      item('vault-guide-de', { title: 'Vault Leitfaden', products: ['vault'], languages: ['de'], keywords: ['Sicherung'] }),
      item('desk-guide-en', { title: 'Desk ticketing guide', products: ['desk'], keywords: ['tickets', 'ticketing'] }),
      item('other-de', { title: 'Unternehmensüberblick', languages: ['de'] }),
    ]);
    const german = rank(ctx({ location: 'Berlin, Germany', products: ['Acme Vault'], text: 'backup and restore' }), view, { now: NOW });
    expect(german[0]!.item.id).toBe('vault-guide-de');
    expect(german.map((s) => s.item.id)).not.toContain('vault-guide-en');
    const desk = rank(ctx({ location: 'Berlin, Germany', products: ['Acme Desk'], text: 'ticketing' }), view, { now: NOW });
    expect(desk[0]!.item.id).toBe('desk-guide-en');
    expect(desk.findIndex((s) => s.item.id === 'other-de')).not.toBe(1);
  });

  it('a Japanese prospect: their words meet the catalog\u2019s Japanese items, and its Japanese version wins', () => {
    const view = catalog([
      item('vault-guide-en', { title: 'Vault backup guide', products: ['vault'], keywords: ['backup', 'restore'] }),
      item('vault-guide-ja', { title: 'Vault バックアップガイド', products: ['vault'], languages: ['ja'], description: 'バックアップと復元の手順。' }),
      item('desk-ja', { title: 'Desk 導入事例', products: ['desk'], languages: ['ja'], description: 'ヘルプデスクのチケット管理。' }),
    ]);
    // No language given, no country: the kana say Japanese; "バックアップ" is the guide's word.
    const list = rank(ctx({ title: '情報システム部長', text: 'メモ: バックアップの運用に課題がある。' }), view, { now: NOW });
    expect(list[0]!.item.id).toBe('vault-guide-ja');
    expect(list.map((s) => s.item.id)).not.toContain('vault-guide-en');
    // The reason spells the word, not the pairs of characters it was matched by.
    expect(list[0]!.reasons).toContain('mentions バックアップ');
  });

  it('an old product name with a version makes an existing customer: upgrade content rises', () => {
    const view = catalog([
      item('vault-ds', { title: 'Acme Vault datasheet', products: ['vault'] }),
      item('vault-upgrade', { title: 'Upgrade from SafeBox to Acme Vault', products: ['vault'], keywords: ['upgrade', 'migration'] }),
    ]);
    const list = rank(ctx({ text: 'Installed base: SafeBox 6.2 on 40 servers.' }), view, { now: NOW });
    expect(list[0]!.item.id).toBe('vault-upgrade');
    expect(list[0]!.reasons[0]).toBe('Acme Vault');
  });

  it('a prospect writing in a language the catalog lacks meets its words where they are the same word, inflected', () => {
    const view: CatalogView = {
      vocabulary: { ...vocabulary, industries: [...vocabulary.industries!, { id: 'grocery', label: 'Grocery', aliases: ['Supermarkets'] }] },
      items: [
        item('grocery-story', { industries: ['grocery'], title: 'A supermarket chain doubles its loyalty members' }),
        item('bank-story', { industries: ['banking'], title: 'A bank doubles its loyalty members', updatedAt: '2026-11-01' }),
      ],
    };
    const industries = (text: string, location: string) =>
      analyzeContext(ctx({ text, location }), preparedFor(view))
        .concepts.filter((f) => f.list === 'industries')
        .map((f) => f.concept.id);
    // Polish: "supermarketów" is the catalog's "supermarket", and names the industry its alias does.
    expect(industries('Sieć 240 supermarketów w zachodniej Polsce.', 'Poznań, Polska')).toEqual(['grocery']);
    expect(rank(ctx({ text: 'Sieć 240 supermarketów w zachodniej Polsce.', location: 'Poznań, Polska' }), view, { now: NOW })[0]!.item.id).toBe(
      'grocery-story',
    );
    // In a language the catalog holds, words are its own: a "supermarketer" is no supermarket.
    expect(industries('Our founder was a supermarketer, and we are now a bank.', 'Leeds, England')).not.toContain('grocery');
  });

  it('a prospect who runs a competitor’s product gets the switching path, and no reason quotes words they did not write', () => {
    const view: CatalogView = {
      vocabulary: { ...vocabulary, competitors: [{ id: 'rival', label: 'Rivalsoft', aliases: [] }] },
      items: [
        item('switch-guide', { title: 'Switching from Rivalsoft: a migration guide', competitors: ['rival'], keywords: ['migration', 'switch'] }),
        item('compare', { title: 'Acme vs Rivalsoft: identity compared', competitors: ['rival'], keywords: ['identity'], updatedAt: '2026-11-01' }),
      ],
    };
    const running = rank(ctx({ text: 'On Rivalsoft since 2022; unhappy with identity matching.' }), view, { now: NOW });
    expect(running[0]!.item.id).toBe('switch-guide');
    expect(running.flatMap((s) => s.reasons).join(' | ')).not.toMatch(/switch|migration/);
    // Named, not run: the comparison on what they said leads.
    expect(rank(ctx({ text: 'Looked at Rivalsoft; unhappy with identity matching.' }), view, { now: NOW })[0]!.item.id).toBe('compare');
  });

  it('a content type the lead came in from is one they have seen, not one they ask for', () => {
    const view: CatalogView = {
      vocabulary: { ...vocabulary, types: [{ id: 'webinar', label: 'Webinar', aliases: ['webinars'] }] },
      items: [
        item('webinar', { title: 'Threat outlook: the webinar', type: 'webinar', updatedAt: '2026-11-01' }),
        item('till-story', { title: 'Keeping tills safe: a store story', keywords: ['tills'] }),
      ],
    };
    const types = (text: string) =>
      analyzeContext(ctx({ text }), preparedFor(view))
        .concepts.filter((f) => f.list === 'types')
        .map((f) => f.concept.id);
    expect(types('Inbound after a webinar. Worried about the tills.')).toEqual([]);
    expect(types('Came in from the peak readiness webinar.')).toEqual([]);
    expect(types('Downloaded the webinar last week.')).toEqual([]);
    expect(types('Asked for a webinar on the tills.')).toEqual(['webinar']);
    expect(rank(ctx({ text: 'Inbound after a webinar. Worried about the tills.' }), view, { now: NOW })[0]!.item.id).toBe('till-story');
  });

  it('a product run since a year makes an existing customer; one a sister company uses does not', () => {
    const prepared = preparedFor(catalog());
    const customer = (text: string) => analyzeContext(ctx({ text }), prepared).customer;
    expect(customer('On SafeBox since 2021, and the renewal is due.')).toBe(true);
    expect(customer('Wir nutzen SafeBox seit 2019.')).toBe(true);
    expect(customer('Running SafeBox on-prem since 2019.')).toBe(true);
    expect(customer('Our sister company uses SafeBox and likes it.')).toBe(false);
    expect(customer('Evaluating SafeBox since March.')).toBe(false);
  });

  it('a one-word product name written in lower case is a word, not the product', () => {
    const view = catalog([item('vault-ds', { title: 'Acme Vault datasheet', products: ['vault'] })]);
    const list = rank(ctx({ text: 'the bank vault door' }), view, { now: NOW });
    expect(list.find((s) => s.item.id === 'vault-ds')?.reasons ?? []).not.toContain('Acme Vault');
  });

  it('the prospect\u2019s own case study is ranked down and marked', () => {
    const view = catalog([
      item('cs-riverbend', { industries: ['healthcare'], title: 'Riverbend Clinic cuts downtime', description: 'Patient records at Riverbend Clinic.' }),
    ]);
    const list = rank(ctx({ company: 'Riverbend Clinic', industry: 'Hospitals and Health Care' }), view, { now: NOW });
    const own = list.find((s) => s.item.id === 'cs-riverbend')!;
    expect(own.reasons[0]).toBe('About this account');
    expect(list[0]!.item.id).not.toBe('cs-riverbend');
  });

  it('an industry word in the company\u2019s name does not hide its own story', () => {
    // "Retailer" is an industry alias the catalog's text never uses: it says what the company
    // does, not who it is, so the story titled with the rest of the name is still theirs.
    const view = catalog([
      item('cs-keystone', { industries: ['retail'], title: 'Keystone Outfitters cuts stock-outs by 30%' }),
      item('retail-brief', { industries: ['retail'], title: 'Store operations brief' }),
    ]);
    const list = rank(ctx({ company: 'Keystone Outfitters Retailer', industry: 'Retail' }), view, { now: NOW });
    const own = list.find((s) => s.item.id === 'cs-keystone')!;
    expect(own.reasons[0]).toBe('About this account');
    expect(list[0]!.item.id).toBe('retail-brief');
  });

  it('expired items never, however well they fit', () => {
    const view = catalog([item('hc-old', { industries: ['healthcare'], title: 'Patient EHR clinical story', expiresAt: '2026-11-22' })]);
    expect(rank(ctx({ industry: 'Hospitals and Health Care', text: 'patient EHR clinical' }), view, { now: NOW }).map((s) => s.item.id)).not.toContain(
      'hc-old',
    );
  });

  it('reasons come from the terms that scored: a reason names a concept the item holds or a word it contains', () => {
    const view = catalog();
    for (const s of rank(ctx({ industry: 'Retail', title: 'CIO', text: 'tills and payment terminals' }), view, { now: NOW })) {
      for (const reason of s.reasons) {
        if (reason.startsWith('mentions '))
          for (const word of reason.slice(9).split(/, | /))
            expect(`${s.item.title} ${s.item.description}`.toLowerCase()).toContain(word.toLowerCase().replace(/s$/, ''));
        else if (reason === 'Retail') expect(s.item.industries).toContain('retail');
        else if (reason === 'IT leader') expect(s.item.personas).toContain('cio');
      }
    }
  });
  it("an item made only for another region gives way to one for the prospect's", () => {
    const regional: Vocabulary = {
      ...vocabulary,
      regions: [
        { id: 'na', label: 'North America', aliases: ['United States'] },
        { id: 'dach', label: 'DACH', aliases: ['Germany'] },
      ],
    };
    const view = catalog([
      item('audit-us', { title: 'Audit evidence guide', description: 'Evidence your auditors want.', regions: ['na'] }),
      item('audit-any', { title: 'Audit guide', description: 'Evidence your auditors want.' }),
    ]);
    const list = rank(ctx({ location: 'Munich, Germany', text: 'Auditors want evidence' }), { ...view, vocabulary: regional }, { now: NOW }).map(
      (s) => s.item.id,
    );
    expect(list.indexOf('audit-any')).toBeLessThan(list.indexOf('audit-us'));
    const us = rank(ctx({ location: 'Austin, United States', text: 'Auditors want evidence' }), { ...view, vocabulary: regional }, { now: NOW }).map(
      (s) => s.item.id,
    );
    expect(us[0]).toBe('audit-us');
  });
});
