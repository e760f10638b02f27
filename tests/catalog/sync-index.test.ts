import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PitchsideDb, type StoredItem } from '@/lib/db/database';
import { reconcileSources, syncSource, type ItemSink } from '@/lib/catalog/sync';
import { readItems } from '@/lib/db/items';
import type { Vocabulary } from '@/lib/catalog/types';
import { indexWhileSyncing, takeSyncedIndex } from '@/lib/background/snapshot';
import { prepareCatalog } from '@/lib/match/prepare';
import { toSnapshot } from '@/lib/match/snapshot';
import { mergeVocabularies } from '@/lib/match/suggest';

const small = readFileSync('tests/fixtures/catalogs/small.json', 'utf8');
const URL_A = 'https://catalog.example/a.json';
const sourceId = `url:${URL_A}`;

let database: PitchsideDb;
let n = 0;
afterEach(async () => database?.delete());

const ok = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } });

async function setup(): Promise<PitchsideDb> {
  database = openDb(`sync-index-test-${++n}`);
  await reconcileSources(database, { catalogUrls: [URL_A], feedUrls: [], managed: {} });
  return database;
}

/** A sink that records what a sync gives it. */
function recorder() {
  const seen: { started: Vocabulary[]; added: StoredItem[]; stored: Array<[Vocabulary, number]> } = { started: [], added: [], stored: [] };
  const index = (id: string, vocabulary: Vocabulary): ItemSink => {
    expect(id).toBe(sourceId);
    seen.started.push(vocabulary);
    return { add: (item) => seen.added.push(item), stored: (vocabulary, count) => seen.stored.push([vocabulary, count]) };
  };
  return { seen, index };
}

describe('a sync indexes the items it reads (SyncEnv.index)', () => {
  it('gives a first sync’s items, as stored and in order, with the vocabulary read before them', async () => {
    const db = await setup();
    const { seen, index } = recorder();
    const answers = [ok(small, { ETag: '"1"' })];
    await syncSource({ database: db, fetch: (async () => answers.shift()!) as typeof fetch, index }, sourceId);
    const catalog = JSON.parse(small) as { vocabulary: Vocabulary; items: Array<{ id: string }> };
    expect(seen.started).toEqual([catalog.vocabulary]);
    expect(seen.added.map((item) => item.id)).toEqual(catalog.items.map((item) => item.id));
    const stored = await readItems(db);
    expect([...seen.added].sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(stored);
    expect(seen.stored).toEqual([[catalog.vocabulary, catalog.items.length]]);
  });

  it('gives nothing on a re-sync, which writes only what changed', async () => {
    const db = await setup();
    const answers = [ok(small, { ETag: '"1"' }), ok(small.replace('A shipyard case study.', 'Changed.'), { ETag: '"2"' })];
    const fetch = (async () => answers.shift()!) as typeof globalThis.fetch;
    await syncSource({ database: db, fetch }, sourceId);
    const { seen, index } = recorder();
    const second = await syncSource({ database: db, fetch, index }, sourceId);
    expect(second).toMatchObject({ ok: true, changed: true });
    expect(seen).toEqual({ started: [], added: [], stored: [] });
  });

  it('tells nothing stored when the sync fails half-way', async () => {
    const db = await setup();
    const { seen, index } = recorder();
    const cut = small.slice(0, small.lastIndexOf('{'));
    const answers = [ok(cut)];
    const outcome = await syncSource({ database: db, fetch: (async () => answers.shift()!) as typeof fetch, index }, sourceId);
    expect(outcome.ok).toBe(false);
    expect(seen.stored).toEqual([]);
  });
});

describe('indexWhileSyncing (the background’s sink)', () => {
  const catalog = JSON.parse(small) as { vocabulary: Vocabulary };

  it('hands over the index of the items stored, the one reading them back would give', async () => {
    const db = await setup();
    await syncSource({ database: db, fetch: (async () => ok(small)) as typeof fetch, index: indexWhileSyncing }, sourceId);
    const synced = takeSyncedIndex();
    expect(synced).toMatchObject({ sourceId, count: 3 });
    const readBack = prepareCatalog(await readItems(db), mergeVocabularies([catalog.vocabulary]));
    expect(toSnapshot(await synced!.finish())).toEqual(toSnapshot(readBack));
    expect(takeSyncedIndex()).toBeUndefined();
  });

  it('hands over nothing when the vocabulary came after the items (the index was made without it)', async () => {
    const db = await setup();
    const parsed = JSON.parse(small) as Record<string, unknown>;
    const late = JSON.stringify({ version: 1, items: parsed.items, vocabulary: parsed.vocabulary });
    await syncSource({ database: db, fetch: (async () => ok(late)) as typeof fetch, index: indexWhileSyncing }, sourceId);
    expect((await readItems(db)).length).toBe(3);
    expect(takeSyncedIndex()).toBeUndefined();
  });
});
