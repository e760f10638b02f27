import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { db } from '@/lib/db/database';
import { saveSettings } from '@/lib/settings';
import { PROGRESS_KEY } from '@/lib/catalog/protocol';
import { handleCatalogSync, RETRY_ALARM, startCatalogSync, SYNC_ALARM } from '@/lib/background/catalog-sync';
import { onPanelMessage } from '@/lib/background';
import { readItems } from '@/lib/db/items';
import { catalogStored, indexWhileSyncing, snapshotsSettled } from '@/lib/background/snapshot';
import { reconcileSources, syncSource } from '@/lib/catalog/sync';
import { loadCatalog, releaseCatalog } from '@/lib/match/load';
import { rank } from '@/lib/match/suggest';
import { tabStateKey } from '@/lib/messages';
import { readDeal, until } from '../setup/tab-states';
import { readyKey, type ReadySuggestions } from '@/lib/ready';

const URL_A = 'https://catalog.example/a.json';
const small = readFileSync('tests/fixtures/catalogs/small.json', 'utf8');

const shipyardReading = readDeal({ company: 'Quokka Yards', industry: 'Shipyards' });

describe('catalog sync in the background', () => {
  const answers: Array<() => Response> = [];
  beforeEach(async () => {
    fakeBrowser.reset();
    await db().sources.clear();
    await db().items.clear();
    await db().itemPages.clear();
    await db().snapshots.clear();
    answers.length = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => (answers.shift() ?? (() => new Response('', { status: 503 })))()),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('"Sync now" syncs the URLs of the settings and answers with the outcome', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    answers.push(() => new Response(small, { headers: { ETag: '"1"' } }));
    const answer = await handleCatalogSync({});
    expect(answer.outcomes).toEqual([
      expect.objectContaining({ sourceId: `url:${URL_A}`, ok: true, itemCount: 3, message: expect.stringContaining('3 items cached') }),
    ]);
    expect((await readItems(db())).length).toBe(3);
    expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toBeUndefined();
  });

  it('a sync that changed the catalog removes at once the ready suggestions holding items of a source no longer cached', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    answers.push(() => new Response(small, { headers: { ETag: '"1"' } }));
    await handleCatalogSync({});
    const list = (sourceId: string) => ({ recordKey: 'k', suggestions: [{ item: { sourceId, id: 'x' } }] });
    await fakeBrowser.storage.session.set({ 'ready:7': list('demo'), 'ready:8': list(`url:${URL_A}`), 'tab:7': { kept: true } });
    // A re-sync with one item changed: the stored items are compared, not read as they come.
    answers.push(() => new Response(small.replace('A shipyard case study.', 'A shipyard case study, updated.'), { headers: { ETag: '"2"' } }));
    await handleCatalogSync({});
    const after = await fakeBrowser.storage.session.get(null);
    // A source that is not there (the demo's, after the first real sync): gone before the new snapshot.
    expect(after['ready:7']).toBeUndefined();
    // The previous version of a source still cached stays until the new snapshot remakes it, as a panel's stale snapshot does.
    expect(after['ready:8']).toEqual(list(`url:${URL_A}`));
    expect(after['tab:7']).toEqual({ kept: true });
  });

  it('a first sync answers once the tabs’ ready suggestions are made from the index it prepared while reading', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    const reading = shipyardReading;
    await fakeBrowser.storage.session.set({ [tabStateKey(7)]: reading });
    const read = vi.spyOn(db().itemPages, 'toArray');
    answers.push(() => new Response(small, { headers: { ETag: '"1"' } }));
    await handleCatalogSync({});
    // Made before the answer, from the catalog just synced, without reading its items back.
    const ready = (await fakeBrowser.storage.session.get(readyKey(7)))[readyKey(7)] as ReadySuggestions | undefined;
    expect(ready?.suggestions.map((s) => s.item.id)).toContain('cs-quokka-yards');
    expect(read).not.toHaveBeenCalled();
    // The snapshot that follows is of the same index: read back, it ranks alike.
    await snapshotsSettled();
    read.mockRestore();
    releaseCatalog();
    const fromSnapshot = await loadCatalog(db(), undefined, { buildHere: false });
    const again = rank(reading.context!, fromSnapshot, { limit: 10 });
    expect(again.map((s) => [s.item.key, s.reasons])).toEqual(ready!.suggestions.map((s) => [s.item.key, s.reasons]));
  });

  it('the sync waits for those lists even when a panel that heard the change asked for the rebuild first', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    await reconcileSources(db(), { catalogUrls: [URL_A], feedUrls: [], managed: {} });
    await fakeBrowser.storage.session.set({ [tabStateKey(7)]: shipyardReading });
    const fetch = (async () => new Response(small)) as typeof globalThis.fetch;
    await syncSource({ database: db(), fetch, index: indexWhileSyncing }, `url:${URL_A}`);
    // The panel's "catalog:changed" takes the prepared index; the sync's own call comes second.
    const panels = catalogStored();
    await catalogStored();
    expect((await fakeBrowser.storage.session.get(readyKey(7)))[readyKey(7)]).toBeTruthy();
    await panels;
    await snapshotsSettled();
  });

  it('an import or a removal told by the options page ("catalog:changed") drops the ready lists of a source gone', async () => {
    const list = (sourceId: string) => ({ recordKey: 'k', suggestions: [{ item: { sourceId, id: 'x' } }] });
    await fakeBrowser.storage.session.set({ 'ready:7': list('file:old.json') });
    await onPanelMessage({ type: 'catalog:changed' });
    expect((await fakeBrowser.storage.session.get('ready:7'))['ready:7']).toBeUndefined();
  });

  it('after a failure keeps the items and schedules a retry with backoff', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    answers.push(() => new Response(small));
    await handleCatalogSync({ sourceId: `url:${URL_A}` });
    const before = Date.now();
    const answer = await handleCatalogSync({ sourceId: `url:${URL_A}` });
    expect(answer.outcomes[0]).toMatchObject({ ok: false, itemCount: 3, error: expect.stringMatching(/HTTP 503/) });
    const retry = await fakeBrowser.alarms.get(RETRY_ALARM);
    // One failure: 2 minutes.
    expect(retry!.scheduledTime - before).toBeGreaterThanOrEqual(2 * 60_000 - 1000);
    expect(retry!.scheduledTime - before).toBeLessThan(2 * 60_000 + 5000);
    expect((await readItems(db())).length).toBe(3);
  });

  it('on start-up keeps a periodic alarm at the interval and syncs what is due; the alarm syncs again', async () => {
    await saveSettings({ catalogUrls: [URL_A], syncIntervalHours: 2 });
    answers.push(() => new Response(small));
    startCatalogSync();
    const alarm = await until(() => fakeBrowser.alarms.get(SYNC_ALARM), 'the alarm');
    expect(alarm.periodInMinutes).toBe(120);
    await until(async () => (await readItems(db())).length === 3, 'the start-up sync');
    // Not due yet: an alarm now fetches nothing.
    const fetches = vi.mocked(fetch).mock.calls.length;
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now() });
    await new Promise((r) => setTimeout(r, 100));
    expect(vi.mocked(fetch).mock.calls.length).toBe(fetches);
  });

  it('follows the settings: a removed URL loses its source and items', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    answers.push(() => new Response(small));
    await handleCatalogSync({});
    startCatalogSync();
    await saveSettings({ catalogUrls: [] });
    await until(async () => (await db().sources.count()) === 0, 'the source to go');
    expect((await readItems(db())).length).toBe(0);
  });

  it('a new worker drops the progress a stopped one left, and the next Sync now stores the catalog (issue 12)', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    answers.push(() => new Response(small));
    await handleCatalogSync({});
    // What a worker stopped while writing leaves in storage.session, which outlives it.
    const dead = { sourceId: `url:${URL_A}`, phase: 'storing', done: 5000, total: 20000, at: Date.now() };
    await fakeBrowser.storage.session.set({ [PROGRESS_KEY]: dead });
    // A sync lives in the worker that runs it (syncSource's in-memory map): nothing persisted
    // says "running", and the start-up pass (syncDue, even with nothing due) reports no progress.
    startCatalogSync();
    await until(async () => !(await fakeBrowser.storage.session.get(PROGRESS_KEY))[PROGRESS_KEY], 'the stale progress to go');
    answers.push(() => new Response(small.replace(/"title": "/, '"title": "Renamed ')));
    const answer = await handleCatalogSync({ sourceId: `url:${URL_A}` });
    expect(answer.outcomes[0]).toMatchObject({ ok: true, itemCount: 3, message: expect.stringContaining('1 item new or changed') });
    expect((await fakeBrowser.storage.session.get(PROGRESS_KEY))[PROGRESS_KEY] ?? null).toBeNull();
  });
});
