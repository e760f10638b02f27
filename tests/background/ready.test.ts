import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { replaceSourceItems } from '@/lib/catalog/store';
import { prepareReady, remakeAllReady } from '@/lib/background/ready';
import type { TabState } from '@/lib/messages';
import {
  dropAllReady,
  dropReadyOfGoneSources,
  markRecordsChanged,
  readyKey,
  type ReadyArea,
  RECORDS_CHANGED_KEY,
  usableReady,
  type ReadySuggestions,
} from '@/lib/ready';
import { rank } from '@/lib/match/suggest';
import { adjustmentsFor } from '@/lib/records';
import type { CatalogItem } from '@/lib/catalog/types';
import { storedItem } from '../match/support';
import { readDeal } from '../setup/tab-states';
import { readItems } from '@/lib/db/items';

/** A catalog item as a sync stores it (the support helper's, whose key the store sets again). */
const item = (id: string, patch: Partial<CatalogItem>) =>
  storedItem(id, { url: `https://example.com/${id}`, type: 'case-study', languages: ['en'], updatedAt: '2026-06-01', ...patch });

const vocabulary = {
  industries: [{ id: 'healthcare', label: 'Healthcare', aliases: ['Hospital & Health Care'] }],
  types: [{ id: 'case-study', label: 'Case study', aliases: [] }],
};
const items = [
  item('clinic-story', { title: 'How a clinic network cut denials', industries: ['healthcare'], keywords: ['denials'] }),
  item('bank-story', { title: 'A bank closes faster', industries: ['banking'] }),
  item('overview', { title: 'Platform overview', type: 'overview' }),
];

class FakeArea implements ReadyArea {
  data: Record<string, unknown> = {};
  async get(keys: string | null) {
    if (keys === null) return { ...this.data };
    return keys in this.data ? { [keys]: this.data[keys] } : {};
  }
  async set(values: Record<string, unknown>) {
    Object.assign(this.data, structuredClone(values));
  }
  async remove(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) delete this.data[key];
  }
}

const state = (patch: Partial<TabState> = {}): TabState => readDeal({ company: 'Riverbend', industry: 'Hospital & Health Care', text: 'denials' }, patch);

let n = 0;
describe('suggestions made ready by the background for the panel’s first paint', () => {
  let database: PitchsideDb;
  let area: FakeArea;
  let current: TabState | null;
  const env = () => ({ database, area, ensureSnapshot: async () => undefined, current: async () => current });

  beforeEach(async () => {
    database = openDb(`ready-test-${++n}`);
    await replaceSourceItems(database, { id: 'url:a', kind: 'url', name: 'A', vocabulary }, items);
    area = new FakeArea();
    current = state();
  });

  it('are the ranking the panel makes for the same record, with the rep’s edits and votes', async () => {
    await database.edits.put({ recordKey: 'crm:deal:7', fields: { title: 'VP Revenue Cycle' }, updatedAt: 1 });
    await database.feedback.put({
      key: 'crm:deal:7\u001furl:a\u001fclinic-story',
      recordKey: 'crm:deal:7',
      itemKey: 'url:a\u001fclinic-story',
      useful: false,
      at: 2,
    });
    expect(await prepareReady(7, state(), env())).toBe(true);
    const ready = area.data[readyKey(7)] as ReadySuggestions;
    expect(ready.recordKey).toBe('crm:deal:7');
    expect(ready.stateAt).toBe(1000);

    const catalog = { items: await readItems(database), vocabulary };
    const context = { ...state().context!, title: 'VP Revenue Cycle' };
    const votes = await database.feedback.toArray();
    const expected = rank(context, catalog, { limit: 10, adjustments: await adjustmentsFor(votes, 'crm:deal:7', context, catalog) });
    expect(ready.suggestions.map((s) => s.item.id)).toEqual(expected.map((s) => s.item.id));
    // "Not useful" on this record: the item is gone here too.
    expect(ready.suggestions.map((s) => s.item.id)).not.toContain('clinic-story');
    // Labels for the types shown, from the vocabulary (the overview's type has none).
    expect(ready.typeLabels).toEqual(ready.suggestions.some((s) => s.item.type === 'case-study') ? [['case-study', 'Case study']] : []);
    await database.feedback.clear();
    await prepareReady(7, state(), env());
    const again = area.data[readyKey(7)] as ReadySuggestions;
    expect(again.suggestions[0]?.item.id).toBe('clinic-story');
    expect(again.typeLabels).toEqual([['case-study', 'Case study']]);
  });

  it('are not stored for a reading the tab no longer shows, and removed when nothing is read', async () => {
    current = state({ at: 2000 });
    expect(await prepareReady(7, state(), env())).toBe(false);
    expect(area.data[readyKey(7)]).toBeUndefined();

    current = state();
    await prepareReady(7, state(), env());
    expect(area.data[readyKey(7)]).toBeDefined();
    await prepareReady(7, state({ status: 'unreadable', context: undefined }), env());
    expect(area.data[readyKey(7)]).toBeUndefined();
    // A selection search is the panel's own: none made for it.
    await prepareReady(7, state({ query: 'denials' }), env());
    expect(area.data[readyKey(7)]).toBeUndefined();
  });

  it('are not made from a large catalog with no snapshot: preparing it is the snapshot build’s work', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => item(`item-${i}`, { title: `Story ${i}`, industries: ['healthcare'] }));
    await replaceSourceItems(database, { id: 'url:a', kind: 'url', name: 'A', vocabulary }, many);
    expect(await prepareReady(7, state(), env())).toBe(false);
    expect(area.data[readyKey(7)]).toBeUndefined();
  });

  it('are made again for every tab with a reading once a new catalog is stored', async () => {
    await area.set({ 'tab:7': state(), 'tab:8': state({ status: 'unsupported', context: undefined }), 'tab:x': state(), 'tab:9': { junk: true } });
    const tabs: Record<number, TabState> = { 7: state() };
    const made = await remakeAllReady({ ...env(), current: async (id) => tabs[id] ?? null });
    expect(made).toBe(1);
    expect(Object.keys(area.data).filter((key) => key.startsWith('ready:'))).toEqual(['ready:7']);
  });

  it('are all dropped when a new snapshot is stored, and nothing else is', async () => {
    await prepareReady(7, state(), env());
    await area.set({ 'tab:7': { kept: true } });
    await dropAllReady(area);
    expect(Object.keys(area.data)).toEqual(['tab:7']);
  });

  it('holding an item of a source gone from the catalog are dropped, the others kept', async () => {
    await prepareReady(7, state(), env());
    await area.set({ 'ready:8': { recordKey: 'x', suggestions: [{ item: { sourceId: 'demo' } }] }, 'ready:9': 'junk' });
    await dropReadyOfGoneSources(area, new Set(['url:a']));
    expect(Object.keys(area.data).sort()).toEqual(['ready:7']);
    await dropReadyOfGoneSources(area, new Set(['url:b']));
    expect(Object.keys(area.data)).toEqual([]);
  });

  it('are shown only for the same reading and language, and not after a vote or an edit', async () => {
    await prepareReady(7, state(), env());
    const stored = area.data[readyKey(7)] as ReadySuggestions;
    const tab = { recordKey: 'crm:deal:7', at: 1000 };
    expect(usableReady(stored, tab, undefined, 'en')?.suggestions.length).toBeGreaterThan(0);
    expect(usableReady(stored, { ...tab, at: 1001 }, undefined, 'en')).toBeNull();
    expect(usableReady(stored, { ...tab, recordKey: 'crm:deal:8' }, undefined, 'en')).toBeNull();
    expect(usableReady(stored, tab, undefined, 'de')).toBeNull();
    expect(usableReady(stored, null, undefined, 'en')).toBeNull();

    const session = new FakeArea();
    await markRecordsChanged(session, { now: stored.at + 5 });
    expect(usableReady(stored, tab, session.data[RECORDS_CHANGED_KEY], 'en')).toBeNull();
    expect(usableReady(stored, tab, stored.at - 5, 'en')).not.toBeNull();
  });

  it('are refused when they do not have the shape the panel renders', () => {
    const tab = { recordKey: 'k', at: 1 };
    const base = { recordKey: 'k', stateAt: 1, at: 5, language: 'en', typeLabels: [] };
    expect(usableReady({ ...base, suggestions: [{ item: { title: 'x' }, reasons: [] }] }, tab, undefined, 'en')).toBeNull();
    expect(usableReady({ ...base, suggestions: 'nope' }, tab, undefined, 'en')).toBeNull();
    expect(usableReady({ ...base, suggestions: [], typeLabels: [[1, 2]] }, tab, undefined, 'en')).toBeNull();
    expect(usableReady('<img src=x>', tab, undefined, 'en')).toBeNull();
    expect(usableReady({ ...base, suggestions: [] }, tab, undefined, 'en')).not.toBeNull();
  });
});
