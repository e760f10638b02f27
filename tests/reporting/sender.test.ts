import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDb, itemKey, type PitchsideDb, type StoredEvent } from '@/lib/db/database';
import { batchBody, enqueueReports, EVENT_NAMES, MAX_OUTBOX, trackCall } from '@/lib/reporting/queue';
import { backoffMs, flushReports, MAX_RETRY_MS, MIN_RETRY_MS, RETRY_ALARM, takeBatch } from '@/lib/reporting/sender';
import { endpointProblem, getReportingStatus, LOCAL_KEY, mergeReporting, type ReportingSettings } from '@/lib/reporting/settings';

const ENDPOINT = 'https://collect.example/v1/batch';
const settings = (patch: Partial<ReportingSettings> = {}): ReportingSettings => ({
  endpoint: ENDPOINT,
  writeKey: 'wk',
  includeProspectIdentities: false,
  managed: { endpoint: false, writeKey: false, includeProspectIdentities: false },
  ...patch,
});
const event = (i: number, patch: Partial<StoredEvent> = {}): StoredEvent => ({
  id: i,
  action: 'shared',
  at: Date.UTC(2026, 11, 1) + i,
  itemKey: itemKey('url:https://m.example/c.json', `item-${i}`),
  itemId: `item-${i}`,
  sourceId: 'url:https://m.example/c.json',
  recordKey: 'https://www.linkedin.com/in/dana-scully',
  industry: 'healthcare',
  persona: 'cfo',
  stage: 'discovery',
  matched: { industries: ['healthcare'], personas: [], stages: [] },
  how: 'copy-with-message',
  ...patch,
});

let database: PitchsideDb;
let n = 0;
beforeEach(async () => {
  fakeBrowser.reset();
  database = openDb(`reporting-${n++}`);
  await database.open();
});
afterEach(() => vi.useRealTimers());

describe('the batch format (Segment / RudderStack HTTP tracking API)', () => {
  it('makes track calls with event, properties, anonymousId, ISO timestamp and messageId, in {batch, sentAt}', () => {
    const call = trackCall(event(1), { anonymousId: 'anon-1', messageId: 'm-1', includeIdentities: false });
    expect(call).toEqual({
      type: 'track',
      event: 'Item Shared',
      anonymousId: 'anon-1',
      messageId: 'm-1',
      timestamp: '2026-12-01T00:00:00.001Z',
      properties: {
        item_id: 'item-1',
        source_id: 'url:https://m.example/c.json',
        industry: 'healthcare',
        persona: 'cfo',
        stage: 'discovery',
        matched_industries: ['healthcare'],
        matched_personas: [],
        matched_stages: [],
        how: 'copy-with-message',
      },
      context: { library: { name: 'pitchside', version: expect.any(String) } },
    });
    expect(JSON.parse(batchBody([call], Date.UTC(2026, 11, 2)))).toEqual({ batch: [call], sentAt: '2026-12-02T00:00:00.000Z' });
    expect(Object.values(EVENT_NAMES)).toEqual(['Item Suggested', 'Item Shared', 'Item Rated']);
    const rated = trackCall(event(2, { action: 'rated', how: undefined, useful: false, reason: 'outdated' }), {
      anonymousId: 'a',
      messageId: 'm',
      includeIdentities: false,
    });
    expect(rated.properties).toMatchObject({ useful: false, reason: 'outdated', undone: false });
    const suggested = trackCall(event(3, { action: 'suggested', how: undefined, fit: 2 / 3, score: 1.5, rank: 0 }), {
      anonymousId: 'a',
      messageId: 'm',
      includeIdentities: false,
    });
    expect(suggested.properties).toMatchObject({ fit: 2 / 3, score: 1.5, rank: 0 });
  });

  it('keeps record ids, names and profile URLs out unless the admin setting turns them on', () => {
    const identity = { name: 'Dana Scully', url: 'https://www.linkedin.com/in/dana-scully' };
    const off = JSON.stringify(trackCall(event(1), { anonymousId: 'a', messageId: 'm', includeIdentities: false, identity }));
    expect(off).not.toMatch(/dana|scully|linkedin/i);
    const on = trackCall(event(1), { anonymousId: 'a', messageId: 'm', includeIdentities: true, identity });
    expect(on.properties).toMatchObject({ record_id: 'https://www.linkedin.com/in/dana-scully', prospect_name: 'Dana Scully', profile_url: identity.url });
  });

  it("the identities switch is IT's alone; a rep's endpoint and key never mix with the policy's", () => {
    expect(mergeReporting({ endpoint: ENDPOINT, includeProspectIdentities: true }, {}).includeProspectIdentities).toBe(false);
    expect(mergeReporting({}, { reportingIncludeProspectIdentities: true }).includeProspectIdentities).toBe(true);
    expect(mergeReporting({ endpoint: 'https://rep.example/b', writeKey: 'rep' }, { reportingEndpoint: ENDPOINT })).toMatchObject({
      endpoint: ENDPOINT,
      writeKey: '',
      managed: { endpoint: true },
    });
    expect(mergeReporting({ endpoint: 'http://collect.example/b' }, {}).endpoint).toBe('');
    expect(mergeReporting({ endpoint: 'http://127.0.0.1:8080/b' }, {}).endpoint).toBe('http://127.0.0.1:8080/b');
    expect(endpointProblem('http://collect.example/b')).toMatch(/https/);
    expect(endpointProblem('https://user:pw@collect.example/b')).toMatch(/write key/);
  });
});

describe('the outbox', () => {
  it('is bounded: past its limit the oldest entries go and are counted as dropped', async () => {
    const events = Array.from({ length: MAX_OUTBOX + 7 }, (_, i) => event(i));
    await enqueueReports(database, events, new Map(), settings());
    expect(await database.outbox.count()).toBe(MAX_OUTBOX);
    const first = await database.outbox.orderBy('seq').first();
    expect((first!.payload.properties as { item_id: string }).item_id).toBe('item-7');
    expect((await getReportingStatus()).dropped).toBe(7);
  });

  it('queues nothing while no endpoint is set', async () => {
    expect(await enqueueReports(database, [event(1)], new Map(), settings({ endpoint: '' }))).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });
});

describe('sending', () => {
  it('backs off from 30 s, doubling to at most an hour, with ±20 % spread', () => {
    expect(backoffMs(0)).toBe(0);
    expect(backoffMs(1, 0.5)).toBe(MIN_RETRY_MS);
    expect(backoffMs(1, 0)).toBe(MIN_RETRY_MS);
    expect(backoffMs(2, 0.5)).toBe(60_000);
    expect(backoffMs(3, 0.5)).toBe(120_000);
    expect(backoffMs(3, 0.999)).toBeLessThanOrEqual(144_000);
    expect(backoffMs(30, 0.999)).toBe(MAX_RETRY_MS);
  });

  it('posts in batches with the write key, deletes only what a 2xx acknowledged, and retries the rest later', async () => {
    await enqueueReports(
      database,
      Array.from({ length: 250 }, (_, i) => event(i)),
      new Map(),
      settings(),
    );
    const bodies: Array<{ batch: Array<{ messageId: string }>; sentAt: string }> = [];
    let calls = 0;
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      calls += 1;
      expect(new Headers(init.headers).get('authorization')).toBe(`Basic ${btoa('wk:')}`);
      if (calls === 2) return new Response('busy', { status: 503 });
      bodies.push(JSON.parse(init.body as string));
      return new Response('OK');
    });
    const now = () => 1_000_000;
    const first = await flushReports({ database, fetch: fetch as unknown as typeof globalThis.fetch, now, random: () => 0.5, settings: settings() });
    expect(first).toMatchObject({ kind: 'failed', sent: 100, error: 'HTTP 503', retryAt: 1_000_000 + MIN_RETRY_MS });
    expect(await database.outbox.count()).toBe(150);
    expect((await fakeBrowser.alarms.get(RETRY_ALARM))?.scheduledTime).toBe(1_000_000 + MIN_RETRY_MS);
    // A new event before the retry is due does not hammer a failing endpoint.
    expect(await flushReports({ database, fetch: fetch as unknown as typeof globalThis.fetch, now, settings: settings() })).toMatchObject({ kind: 'waiting' });
    expect(calls).toBe(2);
    const second = await flushReports({
      database,
      fetch: fetch as unknown as typeof globalThis.fetch,
      now: () => 1_000_000 + MIN_RETRY_MS,
      settings: settings(),
    });
    expect(second).toEqual({ kind: 'sent', count: 150 });
    expect(await database.outbox.count()).toBe(0);
    const ids = bodies.flatMap((body) => body.batch.map((call) => call.messageId));
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(bodies.map((b) => b.batch.length)).toEqual([100, 100, 50]);
    expect(await fakeBrowser.alarms.get(RETRY_ALARM)).toBeUndefined();
    expect(await getReportingStatus()).toMatchObject({ failures: 0, sent: 250 });
  });

  it('counts failures up while the endpoint stays unreachable, and splits a batch the endpoint finds too large', async () => {
    await enqueueReports(
      database,
      Array.from({ length: 8 }, (_, i) => event(i)),
      new Map(),
      settings(),
    );
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    let t = 0;
    for (let i = 1; i <= 3; i++) {
      const outcome = await flushReports({ database, fetch: down as unknown as typeof fetch, now: () => t, random: () => 0.5, settings: settings() });
      expect(outcome).toMatchObject({ kind: 'failed', error: 'unreachable', retryAt: t + backoffMs(i, 0.5) });
      t = (outcome as { retryAt: number }).retryAt;
    }
    const sizes: number[] = [];
    const picky = vi.fn(async (_url: string, init: RequestInit) => {
      const size = JSON.parse(init.body as string).batch.length;
      sizes.push(size);
      return size > 2 ? new Response('', { status: 413 }) : new Response('', { status: 200 });
    });
    expect(await flushReports({ database, fetch: picky as unknown as typeof fetch, now: () => t, settings: settings() })).toEqual({ kind: 'sent', count: 8 });
    expect(sizes).toEqual([8, 4, 2, 2, 2, 2]);
  });

  it('sends nothing while unset, and drops what waited for an endpoint that was removed', async () => {
    await enqueueReports(database, [event(1)], new Map(), settings());
    const fetch = vi.fn();
    await fakeBrowser.storage.local.set({ [LOCAL_KEY]: { endpoint: '' } });
    expect(await flushReports({ database, fetch })).toEqual({ kind: 'off' });
    expect(fetch).not.toHaveBeenCalled();
    expect(await database.outbox.count()).toBe(0);
  });

  it('keeps a batch to the byte limit', () => {
    const big = { messageId: 'x', queuedAt: 0, payload: { blob: 'x'.repeat(200_000) } };
    expect(takeBatch([big, big, big]).length).toBe(2);
    expect(takeBatch([{ ...big, payload: { blob: 'x'.repeat(600_000) } }, big]).length).toBe(1);
  });
});
