import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDb, itemKey, type PitchsideDb } from '@/lib/db/database';
import { clearMyData, enforceBounds, fitOf, fittedWell, recordEvents, rollUp, type UsageEvent } from '@/lib/events';
import { impressionEvents } from '@/lib/event-context';
import { replaceSourceItems } from '@/lib/catalog/store';
import { LOCAL_KEY } from '@/lib/reporting/settings';
import type { CatalogItem } from '@/lib/catalog/types';
import { readItems } from '@/lib/db/items';

const none = { industries: [], personas: [], stages: [] };
const KEY = itemKey('demo', 'cs-1');
const DAY = 86_400_000;

const item: CatalogItem = {
  id: 'cs-1',
  title: 'Case study',
  url: 'https://a.example/cs',
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
} as unknown as CatalogItem;

let database: PitchsideDb;
let n = 0;
beforeEach(async () => {
  fakeBrowser.reset();
  database = openDb(`events-${n++}`);
  await database.open();
});

const shared = (at: number, itemKey = KEY, recordKey = 'r1'): UsageEvent => ({
  action: 'shared',
  how: 'copy',
  itemKey,
  recordKey,
  at,
  prospect: { industry: 'healthcare' },
  matched: none,
});

describe('fit', () => {
  it('is the share of the known facets the item is tagged with, null when nothing is known', () => {
    expect(fitOf({}, none)).toBeNull();
    expect(fitOf({ industry: 'healthcare', persona: 'cfo', stage: 'discovery' }, { industries: ['healthcare'], personas: ['cfo'], stages: [] })).toBeCloseTo(
      2 / 3,
    );
    expect(fitOf({ industry: 'healthcare', persona: 'cfo' }, { industries: ['healthcare'], personas: [], stages: [] })).toBe(0.5);
    expect(fitOf({ stage: 'discovery' }, { industries: [], personas: [], stages: ['discovery'] })).toBe(1);
    expect([2 / 3, 1, 0.5, null].map(fittedWell)).toEqual([true, true, false, false]);
  });
});

describe('recordEvents', () => {
  it('stores each action with item id, source, concepts and record key; an impression once per record, item and day', async () => {
    const at = Date.UTC(2026, 11, 1, 9);
    await recordEvents(
      [
        {
          action: 'suggested',
          itemKey: KEY,
          recordKey: 'r1',
          at,
          prospect: { industry: 'healthcare', persona: 'cfo' },
          matched: { ...none, industries: ['healthcare'] },
          score: 3.2,
          rank: 0,
        },
        { action: 'suggested', itemKey: KEY, recordKey: 'r1', at: at + 1000, prospect: { industry: 'healthcare' }, matched: none },
        { action: 'rated', itemKey: KEY, recordKey: 'r1', at, prospect: {}, matched: none, useful: false, reason: '  outdated\n ' },
        { action: 'rated', itemKey: KEY, recordKey: 'r1', at, prospect: {}, matched: none, useful: false, undone: true },
        shared(at),
      ],
      { database },
    );
    await recordEvents([{ action: 'suggested', itemKey: KEY, recordKey: 'r1', at: at + 5000, prospect: {}, matched: none }], { database });
    await recordEvents([{ action: 'suggested', itemKey: KEY, recordKey: 'r1', at: at + DAY, prospect: {}, matched: none }], { database });
    const all = await database.events.toArray();
    expect(all.map((e) => e.action)).toEqual(['suggested', 'rated', 'rated', 'shared', 'suggested']);
    expect(all[0]).toMatchObject({ itemId: 'cs-1', sourceId: 'demo', recordKey: 'r1', industry: 'healthcare', persona: 'cfo', fit: 0.5, score: 3.2, rank: 0 });
    expect(all[1]).toMatchObject({ useful: false, reason: 'outdated' });
    expect(all[2]).toMatchObject({ undone: true });
    expect(all[3]).toMatchObject({ how: 'copy' });
    // Nothing of the prospect's identity is stored with an event.
    await recordEvents([{ ...shared(at), identity: { name: 'Dana Scully', url: 'https://linkedin.example/in/dana' } }], { database });
    expect(JSON.stringify(await database.events.toArray())).not.toContain('Dana');
  });

  it('queues nothing for team reporting while no endpoint is set, and queues filtered calls once one is', async () => {
    await recordEvents([shared(1)], { database });
    expect(await database.outbox.count()).toBe(0);
    await fakeBrowser.storage.local.set({ [LOCAL_KEY]: { endpoint: 'http://127.0.0.1:9/batch' } });
    await recordEvents([{ ...shared(2), identity: { name: 'Dana Scully' } }], { database });
    const [entry] = await database.outbox.toArray();
    expect(entry!.payload).toMatchObject({
      type: 'track',
      event: 'Item Shared',
      messageId: entry!.messageId,
      properties: { item_id: 'cs-1', how: 'copy', industry: 'healthcare' },
    });
    expect(JSON.stringify(entry!.payload)).not.toMatch(/Dana|r1/);
  });
});

describe('bounds', () => {
  it('rolls the oldest events up into daily counts past the limit, keeping every count', () => {
    const events = [
      { action: 'suggested' as const, at: 0, itemKey: 'a', itemId: 'a', sourceId: '', recordKey: 'r', industry: 'x', matched: none, fit: 1 },
      { action: 'suggested' as const, at: 1000, itemKey: 'a', itemId: 'a', sourceId: '', recordKey: 's', industry: 'x', matched: none, fit: 0 },
      { action: 'suggested' as const, at: DAY, itemKey: 'a', itemId: 'a', sourceId: '', recordKey: 'r', industry: 'x', matched: none, fit: null },
      { action: 'rated' as const, at: 0, itemKey: 'a', itemId: 'a', sourceId: '', recordKey: 'r', matched: none, useful: false, reason: 'outdated' },
    ];
    const rows = rollUp(events);
    expect(rows.map((r) => [r.day, r.action, r.variant, r.reason, r.count, r.wellFit, r.withFit])).toEqual([
      // Prospects seen a day, and for how many some suggestion fitted well.
      ['1970-01-01', 'suggested', 'prospects', '', 2, 1, 2],
      ['1970-01-02', 'suggested', 'prospects', '', 1, 0, 0],
      ['1970-01-01', 'suggested', '', '', 2, 1, 2],
      ['1970-01-02', 'suggested', '', '', 1, 0, 0],
      ['1970-01-01', 'rated', 'not-useful', 'outdated', 1, 0, 0],
    ]);
    const again = rollUp(events.slice(0, 1), new Map(rows.map((r) => [r.key, r])));
    expect(again[0]).toMatchObject({ variant: 'prospects', count: 3, wellFit: 2, withFit: 3 });
    expect(again[1]).toMatchObject({ variant: '', count: 3, wellFit: 2, withFit: 3 });
  });

  it('keeps at most the limit of raw events and as many counted as were recorded', async () => {
    const events = Array.from({ length: 130 }, (_, i) => shared(i * 3_600_000, itemKey('demo', `i${i % 4}`), `r${i}`));
    for (let i = 0; i < events.length; i += 10) await recordEvents(events.slice(i, i + 10), { database, maxEvents: 50, keepEvents: 30 });
    const raw = await database.events.count();
    expect(raw).toBeLessThanOrEqual(50);
    const daily = await database.daily.toArray();
    expect(raw + daily.reduce((sum, row) => sum + row.count, 0)).toBe(130);
    // The raw events kept are the newest.
    const oldestKept = (await database.events.orderBy('at').first())!.at;
    expect(daily.every((row) => row.day <= new Date(oldestKept).toISOString().slice(0, 10))).toBe(true);
  });

  it('drops the oldest days of counts past their own limit', async () => {
    await database.events.bulkAdd(
      Array.from({ length: 20 }, (_, i) => ({
        action: 'shared' as const,
        at: i * DAY,
        itemKey: 'a',
        itemId: 'a',
        sourceId: '',
        recordKey: 'r',
        matched: none,
        how: 'copy' as const,
      })),
    );
    await enforceBounds(database, 5, 0, 8);
    const days = (await database.daily.toArray()).map((r) => r.day).sort();
    expect(days).toHaveLength(8);
    expect(days[0]).toBe('1970-01-13');
  });
});

describe('catalog re-syncs and Clear my data', () => {
  it('events survive a catalog re-sync; Clear my data removes edits, feedback, shares, events, counts and the outbox, never the catalog', async () => {
    await replaceSourceItems(database, { id: 'demo', kind: 'demo', name: 'Demo', vocabulary: {} }, [item]);
    await recordEvents([shared(1)], { database });
    await replaceSourceItems(database, { id: 'demo', kind: 'demo', name: 'Demo', vocabulary: {} }, [{ ...item, title: 'Case study v2' }]);
    expect(await database.events.count()).toBe(1);

    await database.edits.put({ recordKey: 'r1', fields: { name: 'Dana' }, updatedAt: 1 });
    await database.feedback.put({ key: `r1\u001f${KEY}`, recordKey: 'r1', itemKey: KEY, useful: true, at: 1 });
    await database.shares.add({ recordKey: 'r1', itemKey: KEY, url: '', at: 1, how: 'copy' });
    await database.daily.put({
      key: 'k',
      day: '2026-01-01',
      action: 'shared',
      variant: 'copy',
      reason: '',
      itemKey: KEY,
      industry: '',
      persona: '',
      stage: '',
      count: 1,
      wellFit: 0,
      withFit: 0,
    });
    await database.outbox.add({ messageId: 'm', queuedAt: 1, payload: {} });
    await database.snapshots.put({ id: 'catalog', stamp: 's', data: {} });
    await clearMyData(database);
    const counts = await Promise.all(
      [database.edits, database.feedback, database.shares, database.events, database.daily, database.outbox].map((t) => t.count()),
    );
    expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
    expect((await readItems(database)).length).toBe(1);
    expect(await database.sources.count()).toBe(1);
    expect(await database.snapshots.count()).toBe(1);
  });
});

describe('impression helpers', () => {
  it('reads the prospect kind from the context and what each suggested item shares with it', () => {
    const vocabulary = {
      industries: [{ id: 'healthcare', label: 'Healthcare', aliases: ['Hospital & Health Care'] }],
      personas: [{ id: 'cfo', label: 'Finance leader', aliases: ['CFO', 'Chief Financial Officer'] }],
      stages: [{ id: 'discovery', label: 'Discovery', aliases: [] }],
    };
    const a = { ...item, key: itemKey('demo', 'a'), sourceId: 'demo', id: 'a', industries: ['Healthcare'], personas: ['cfo'], stages: [] };
    const b = { ...item, key: itemKey('demo', 'b'), sourceId: 'demo', id: 'b', industries: ['banking'], personas: [], stages: ['discovery'] };
    const catalog = { items: [a, b], vocabulary };
    const context = { source: 'manual', url: '', title: 'Chief Financial Officer', industry: 'Hospital & Health Care', stage: 'Discovery' };
    const events = impressionEvents(
      'r1',
      context,
      [
        { item: a, score: 2, reasons: [], shareable: true },
        { item: b, score: 1, reasons: [], shareable: true },
      ],
      catalog,
    );
    expect(events.map((e) => [e.prospect, e.matched])).toEqual([
      [
        { industry: 'healthcare', persona: 'cfo', stage: 'discovery' },
        { industries: ['healthcare'], personas: ['cfo'], stages: [] },
      ],
      [
        { industry: 'healthcare', persona: 'cfo', stage: 'discovery' },
        { industries: [], personas: [], stages: ['discovery'] },
      ],
    ]);
  });
});
