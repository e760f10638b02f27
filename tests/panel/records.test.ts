import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem, Vocabulary } from '@/lib/catalog/types';
import type { ProspectContext } from '@/lib/context/schema';
import { openDb, type Feedback, type PitchsideDb, type StoredItem } from '@/lib/db/database';
import { rank } from '@/lib/match/suggest';
import {
  adjustmentsFor,
  feedbackAdjustments,
  loadHistory,
  mergeEdits,
  mostShared,
  recordImpressions,
  recordShare,
  saveEdit,
  undoVote,
  vote,
  MAX_FACTOR,
  MIN_FACTOR,
  type ActionContext,
} from '@/lib/records';

const NOW = new Date('2026-11-23T12:00:00Z');

function item(id: string, fields: Partial<CatalogItem> = {}): StoredItem {
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
    ...fields,
    key: `s\u001f${id}`,
    sourceId: 's',
  };
}

const vocabulary: Vocabulary = {
  industries: [
    { id: 'healthcare', label: 'Healthcare', aliases: ['hospital'] },
    { id: 'retail', label: 'Retail', aliases: ['shop'] },
  ],
  personas: [{ id: 'finance', label: 'Finance leader', aliases: ['cfo'] }],
};
const catalog = {
  vocabulary,
  items: [
    item('case', { industries: ['healthcare'], personas: ['finance'], title: 'Hospital case study for the CFO' }),
    item('brief', { industries: ['healthcare'], title: 'Healthcare brief' }),
    item('webinar', { industries: ['healthcare'], title: 'Healthcare webinar' }),
  ],
};
const hospitalCfo: ProspectContext = { source: 'manual', url: '', industry: 'Hospital', title: 'CFO' };
const otherHospital: ProspectContext = { source: 'manual', url: '', industry: 'Hospital', title: 'Head of nursing' };
const shop: ProspectContext = { source: 'manual', url: '', industry: 'Shop', title: 'CFO' };

let database: PitchsideDb;
let n = 0;
beforeEach(() => {
  database = openDb(`records-test-${n++}`);
});
afterEach(async () => {
  database.close();
  await database.delete();
});

const on = (recordKey: string, context: ProspectContext): ActionContext => ({ database, recordKey, context, catalog, now: NOW.getTime() });
const ids = async (context: ProspectContext, votes: Feedback[], recordKey: string) =>
  rank(context, catalog, { now: NOW, adjustments: await adjustmentsFor(votes, recordKey, context, catalog) }).map((s) => s.item.id);

describe('records: edits, votes, shares', () => {
  it('keeps only the fields the rep changed, and merges them over the page', async () => {
    const page: ProspectContext = { source: 'salesforce', url: 'https://x', company: 'Acme', industry: 'Retail' };
    const edit = await saveEdit(database, 'r1', page, { company: 'Acme', industry: 'Healthcare', products: [] });
    expect(edit.fields).toEqual({ industry: 'Healthcare' });
    const history = await loadHistory(database, 'r1');
    expect(mergeEdits(page, history.edit, page.url)).toMatchObject({ company: 'Acme', industry: 'Healthcare', source: 'salesforce' });
    expect(mergeEdits(undefined, undefined, '')).toBeNull();
  });

  it('stores a vote with its reason and the kind of prospect, replaces it, and takes it back', async () => {
    const action = on('r1', hospitalCfo);
    await vote(action, catalog.items[0]!, false);
    await vote(action, catalog.items[0]!, false, '  outdated   pricing ');
    let history = await loadHistory(database, 'r1');
    expect(history.votes.get('s\u001fcase')).toMatchObject({ useful: false, reason: 'outdated pricing', industry: 'healthcare', persona: 'finance' });
    await undoVote(action, catalog.items[0]!);
    history = await loadHistory(database, 'r1');
    expect(history.votes.size).toBe(0);
    // Events: vote, (take back, vote with reason), take back: one net vote of none.
    const rated = (await database.events.toArray()).filter((e) => e.action === 'rated');
    expect(rated.map((e) => [e.useful, e.reason ?? null, e.undone ?? false])).toEqual([
      [false, null, false],
      [false, null, true],
      [false, 'outdated pricing', false],
      [false, 'outdated pricing', true],
    ]);
  });

  it('records shares per record, the most shared first, and one impression per record and item', async () => {
    await recordShare(on('r1', hospitalCfo), catalog.items[1]!, 'https://vendor.example/brief?utm_source=pitchside', 'copy');
    await recordShare(on('r2', shop), catalog.items[1]!, 'https://vendor.example/brief', 'insert');
    await recordShare(on('r2', shop), catalog.items[2]!, 'https://vendor.example/webinar', 'copy-with-message');
    expect((await loadHistory(database, 'r2')).shares.size).toBe(2);
    expect(await mostShared(database)).toEqual(['s\u001fbrief', 's\u001fwebinar']);
    const shown = rank(hospitalCfo, catalog, { now: NOW });
    await recordImpressions(on('r1', hospitalCfo), shown);
    await recordImpressions(on('r1', hospitalCfo), shown);
    const events = await database.events.toArray();
    expect(events.filter((e) => e.action === 'suggested')).toHaveLength(shown.length);
    expect(events.filter((e) => e.action === 'shared').map((e) => e.how)).toEqual(['copy', 'insert', 'copy-with-message']);
  });
});

describe('feedback that counts, through the ranking', () => {
  it('"Not useful" drops the item for this prospect at once', async () => {
    expect((await ids(hospitalCfo, [], 'r1'))[0]).toBe('case');
    await vote(on('r1', hospitalCfo), catalog.items[0]!, false);
    const votes = await database.feedback.toArray();
    expect(await ids(hospitalCfo, votes, 'r1')).not.toContain('case');
    // …and undone, it is back first.
    await undoVote(on('r1', hospitalCfo), catalog.items[0]!);
    expect((await ids(hospitalCfo, await database.feedback.toArray(), 'r1'))[0]).toBe('case');
  });

  it('"Not useful" lowers the item for a similar prospect and says why; an unlike prospect is untouched', async () => {
    await vote(on('r1', hospitalCfo), catalog.items[0]!, false);
    const votes = await database.feedback.toArray();
    const before = rank(otherHospital, catalog, { now: NOW }).find((s) => s.item.id === 'case')!;
    const after = rank(otherHospital, catalog, { now: NOW, adjustments: await adjustmentsFor(votes, 'r3', otherHospital, catalog) }).find(
      (s) => s.item.id === 'case',
    )!;
    expect(after.score).toBeLessThan(before.score);
    expect(after.reasons[0]).toBe('You marked this not useful for Healthcare');
    const retail = await adjustmentsFor(votes, 'r4', { source: 'manual', url: '', industry: 'Shop' }, catalog);
    expect(retail.size).toBe(0);
  });

  it('"Useful" raises the item for a similar prospect: "You marked this useful for Healthcare"', async () => {
    await vote(on('r1', hospitalCfo), catalog.items[2]!, true);
    const votes = await database.feedback.toArray();
    const plain = await ids(otherHospital, [], 'r3');
    const raised = rank(otherHospital, catalog, { now: NOW, adjustments: await adjustmentsFor(votes, 'r3', otherHospital, catalog) });
    const webinar = raised.find((s) => s.item.id === 'webinar')!;
    expect(raised.map((s) => s.item.id).indexOf('webinar')).toBeLessThanOrEqual(plain.indexOf('webinar'));
    expect(webinar.reasons[0]).toBe('You marked this useful for Healthcare');
  });

  it('weighs votes by how alike the prospects are, within bounds', () => {
    const base = { recordKey: 'old', itemKey: 'k', at: 1 };
    const vote = (useful: boolean, facets: Partial<Feedback>, i: number): Feedback => ({ ...base, key: `old${i}`, recordKey: `old${i}`, useful, ...facets });
    const kind = { industry: 'healthcare', persona: 'finance' };
    const one = feedbackAdjustments([vote(true, { industry: 'healthcare' }, 0)], 'now', kind).get('k')!.factor;
    const both = feedbackAdjustments([vote(true, { industry: 'healthcare', persona: 'finance' }, 0)], 'now', kind).get('k')!.factor;
    expect(one).toBeGreaterThan(1);
    expect(both).toBeGreaterThan(one);
    const many = Array.from({ length: 50 }, (_, i) => vote(false, { industry: 'healthcare', persona: 'finance' }, i));
    expect(feedbackAdjustments(many, 'now', kind).get('k')!.factor).toBe(MIN_FACTOR);
    const praise = Array.from({ length: 50 }, (_, i) => vote(true, { industry: 'healthcare', persona: 'finance' }, i));
    expect(feedbackAdjustments(praise, 'now', kind).get('k')!.factor).toBe(MAX_FACTOR);
    // One up and one down from equally alike prospects cancel out.
    expect(
      feedbackAdjustments([vote(true, { industry: 'healthcare' }, 0), vote(false, { industry: 'healthcare' }, 1)], 'now', kind).get('k')?.factor ?? 1,
    ).toBeCloseTo(1 - 0.35 ** 2 / 4, 5);
    // Nothing known of the prospect: other records' votes do not count.
    expect(feedbackAdjustments([vote(true, { industry: 'healthcare' }, 0)], 'now', {}).size).toBe(0);
  });
});
