import { describe, expect, it } from 'vitest';
import { allCounts, computeInsights, CSV_COLUMNS, insightsCsv, insightsJson, weekOf, weeksBetween } from '@/lib/insights';
import { itemKey, type StoredEvent, type StoredItem } from '@/lib/db/database';
import { rollUp } from '@/lib/events';

const none = { industries: [], personas: [], stages: [] };
const key = (id: string) => itemKey('demo', id);
const item = (id: string, title: string) => [key(id), { key: key(id), id, sourceId: 'demo', title, url: `https://x.example/${id}` } as StoredItem] as const;
const catalog = new Map([item('a', 'Alpha case study'), item('b', 'Beta guide'), item('c', 'Gamma, "the" =SUM(1) sheet'), item('d', 'Delta deck')]);
const vocabulary = {
  industries: [
    { id: 'healthcare', label: 'Healthcare', aliases: [] },
    { id: 'banking', label: 'Banking', aliases: [] },
  ],
  personas: [{ id: 'cfo', label: 'Finance leader', aliases: [] }],
  stages: [{ id: 'discovery', label: 'Discovery', aliases: [] }],
};
// Monday 30 November 2026 and the week after.
const W1 = Date.UTC(2026, 10, 30, 10);
const W2 = Date.UTC(2026, 11, 8, 10);
let id = 0;
const ev = (patch: Partial<StoredEvent> & Pick<StoredEvent, 'action' | 'itemKey'>): StoredEvent => ({
  id: ++id,
  at: W1,
  itemId: patch.itemKey.split('\u001f')[1]!,
  sourceId: 'demo',
  recordKey: 'r1',
  matched: none,
  ...patch,
});

const events: StoredEvent[] = [
  ev({ action: 'shared', itemKey: key('a'), how: 'copy' }),
  ev({ action: 'shared', itemKey: key('a'), how: 'insert', recordKey: 'r2' }),
  ev({ action: 'shared', itemKey: key('b'), how: 'copy' }),
  ev({ action: 'shared', itemKey: key('b'), how: 'copy', at: W2 }),
  ev({ action: 'shared', itemKey: key('b'), how: 'copy-with-message', at: W2 }),
  ev({ action: 'rated', itemKey: key('a'), useful: true }),
  ev({ action: 'rated', itemKey: key('b'), useful: true, at: W2 }),
  ev({ action: 'rated', itemKey: key('b'), useful: true, at: W2, recordKey: 'r3' }),
  ev({ action: 'rated', itemKey: key('b'), useful: true, at: W2, recordKey: 'r3', undone: true }),
  ev({ action: 'rated', itemKey: key('c'), useful: false, reason: 'outdated' }),
  ev({ action: 'rated', itemKey: key('c'), useful: false, reason: 'outdated', recordKey: 'r2' }),
  ev({ action: 'rated', itemKey: key('c'), useful: false, reason: 'wrong industry', recordKey: 'r3' }),
  ev({ action: 'rated', itemKey: key('a'), useful: false, recordKey: 'r4' }),
  // Impressions: r1 a healthcare CFO in discovery was served well (a matches 2 of 3)…
  ev({ action: 'suggested', itemKey: key('a'), industry: 'healthcare', persona: 'cfo', stage: 'discovery', fit: 2 / 3 }),
  ev({ action: 'suggested', itemKey: key('c'), industry: 'healthcare', persona: 'cfo', stage: 'discovery', fit: 1 / 3 }),
  // …r5 and r6, bank CFOs, got nothing that fitted well; r7 a bank CFO got one.
  ev({ action: 'suggested', itemKey: key('a'), industry: 'banking', persona: 'cfo', recordKey: 'r5', fit: 0.5 }),
  ev({ action: 'suggested', itemKey: key('c'), industry: 'banking', persona: 'cfo', recordKey: 'r5', fit: 0 }),
  ev({ action: 'suggested', itemKey: key('c'), industry: 'banking', persona: 'cfo', recordKey: 'r6', fit: 0.5, at: W2 }),
  ev({ action: 'suggested', itemKey: key('c'), industry: 'banking', persona: 'cfo', recordKey: 'r7', fit: 1, at: W2 }),
  // A prospect of whom nothing is known is no gap of any kind.
  ev({ action: 'suggested', itemKey: key('c'), recordKey: 'r8', fit: null }),
];

describe('insights', () => {
  it('weeks start on Monday, none skipped', () => {
    expect(weekOf('2026-12-06')).toBe('2026-11-30');
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weeksBetween('2026-11-30', '2026-12-20')).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
  });

  it('most shared and most useful by week, with Undo cancelling a vote', () => {
    const result = computeInsights(allCounts(events, []), catalog, vocabulary);
    expect(
      result.weeks.map((w) => [w.week, w.shares, w.useful, w.topShared.map((i) => [i.title, i.count]), w.topUseful.map((i) => [i.title, i.count])]),
    ).toEqual([
      [
        '2026-11-30',
        3,
        1,
        [
          ['Alpha case study', 2],
          ['Beta guide', 1],
        ],
        [['Alpha case study', 1]],
      ],
      ['2026-12-07', 2, 1, [['Beta guide', 2]], [['Beta guide', 1]]],
    ]);
    expect(result.mostShared.map((i) => [i.itemId, i.count])).toEqual([
      ['b', 3],
      ['a', 2],
    ]);
    expect(result.mostUseful.map((i) => [i.itemId, i.count])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(result.totals).toMatchObject({ shares: 5, useful: 2, notUseful: 4, impressions: 7, prospects: 5 });
  });

  it('the most "not useful" items with their reasons; items never suggested nor shared', () => {
    const result = computeInsights(allCounts(events, []), catalog, vocabulary);
    expect(result.mostNotUseful.map((i) => [i.itemId, i.notUseful, i.reasons])).toEqual([
      [
        'c',
        3,
        [
          { reason: 'outdated', count: 2 },
          { reason: 'wrong industry', count: 1 },
        ],
      ],
      ['a', 1, []],
    ]);
    expect(result.neverUsed.map((i) => i.itemId)).toEqual(['d']);
    expect(result.catalogSize).toBe(4);
  });

  it('content gaps: kinds of prospects for whom no suggestion fitted well, most unserved first', () => {
    const result = computeInsights(allCounts(events, []), catalog, vocabulary);
    expect(result.gaps.map((g) => [g.industry?.label, g.persona?.label, g.stage?.label ?? null, g.prospects, g.unserved])).toEqual([
      ['Banking', 'Finance leader', null, 3, 2],
    ]);
  });

  it('gives the same figures from rolled-up daily counts as from raw events', () => {
    const raw = computeInsights(allCounts(events, []), catalog, vocabulary);
    const rolled = computeInsights(allCounts(events.slice(15), rollUp(events.slice(0, 15))), catalog, vocabulary);
    expect(rolled).toEqual(raw);
  });

  it('exports JSON and a CSV a spreadsheet opens safely', () => {
    const result = computeInsights(allCounts(events, []), catalog, vocabulary);
    const json = JSON.parse(insightsJson(result, new Date(Date.UTC(2026, 11, 9))));
    expect(json).toMatchObject({ generatedAt: '2026-12-09T00:00:00.000Z', totals: { shares: 5 }, gaps: [expect.objectContaining({ unserved: 2 })] });
    const csv = insightsCsv(result);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toContain('most_shared_by_week,2026-11-30,a,demo,Alpha case study,,,,,2,3');
    expect(lines).toContain('not_useful_reason,,c,demo,"Gamma, ""the"" =SUM(1) sheet",,,,outdated,2,');
    expect(lines).toContain('content_gap,,,,,Banking,Finance leader,,,2,3');
    expect(lines).toContain('never_suggested_or_shared,,d,demo,Delta deck,,,,,,');
    expect(insightsCsv({ ...result, neverUsed: [{ ...result.neverUsed[0]!, title: '=HYPERLINK("x")' }] })).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('is empty, not broken, with no events', () => {
    const result = computeInsights([], catalog, vocabulary);
    expect(result).toMatchObject({
      from: null,
      weeks: [],
      mostShared: [],
      gaps: [],
      neverUsed: expect.arrayContaining([expect.objectContaining({ itemId: 'a' })]),
    });
    expect(insightsCsv(result).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
  });
});
