import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { db, openDb, type PitchsideDb } from '@/lib/db/database';
import { saveSettings } from '@/lib/settings';
import { RUNNING_PREFIX, type RunningMark } from '@/lib/catalog/protocol';
import { detail } from '@/lib/catalog/messages';
import { aliveByLock, importMarked, MAX_ATTEMPTS, planRecovery, readMarks, recoverInterrupted, redoStagedImport, withMark } from '@/lib/background/interrupted';
import { handleCatalogResume, handleCatalogSync, startCatalogSync } from '@/lib/background/catalog-sync';
import { cacheStaging, type StagedFiles } from '@/lib/catalog/staged';
import { fakeCaches } from '../setup/fake-caches';
import { until } from '../setup/tab-states';
import { readItems } from '@/lib/db/items';

const URL_A = 'https://catalog.example/a.json';
const A = `url:${URL_A}`;
const small = readFileSync('tests/fixtures/catalogs/small.json', 'utf8');
const mark = (patch: Partial<RunningMark> = {}): RunningMark => ({ sourceId: A, kind: 'sync', startedAt: 1, attempts: 1, by: 'dead-worker', ...patch });
const leave = (m: RunningMark) => fakeBrowser.storage.local.set({ [`${RUNNING_PREFIX}${m.sourceId}`]: m });

describe('marks of work under way', () => {
  beforeEach(() => fakeBrowser.reset());

  it('stays while the work runs and goes when it ends, also when it throws', async () => {
    const area = fakeBrowser.storage.local;
    let during: RunningMark[] = [];
    await withMark(area, mark({ by: 'me' }), async () => {
      during = await readMarks(area);
    });
    expect(during).toEqual([mark({ by: 'me' })]);
    expect(await readMarks(area)).toEqual([]);
    await expect(
      withMark(area, mark(), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readMarks(area)).toEqual([]);
  });

  it('drops a mark that does not fit, and leaves other keys alone', async () => {
    await fakeBrowser.storage.local.set({ [`${RUNNING_PREFIX}x`]: { sourceId: 'y' }, settings: { a: 1 } });
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { a: 1 } });
  });

  it('plans: a live owner is left alone, a first interruption is redone, a second one given up, an import redone only from a staged copy', () => {
    const alive = (by: string) => by === 'me';
    const marks = [
      mark({ by: 'me' }),
      mark({ sourceId: 'b' }),
      mark({ sourceId: 'c', attempts: MAX_ATTEMPTS }),
      mark({ sourceId: 'file:x.json', kind: 'import' }),
      mark({ sourceId: 'file:y.json', kind: 'import', staged: true }),
      mark({ sourceId: 'file:z.json', kind: 'import', staged: true, attempts: MAX_ATTEMPTS }),
    ];
    expect(planRecovery(marks, alive, ['sync'])).toEqual([
      { do: 'redo', mark: marks[1], attempts: 2 },
      { do: 'give-up', mark: marks[2] },
    ]);
    expect(planRecovery(marks, alive, ['import'])).toEqual([
      { do: 'give-up', mark: marks[3] },
      { do: 'redo', mark: marks[4], attempts: 2 },
      { do: 'give-up', mark: marks[5] },
    ]);
  });

  it('tells a live page from a closed one by its Web Lock; without Web Locks nobody is taken for dead', async () => {
    const locks = { query: async () => ({ held: [{ name: 'pitchside:alive:open-page' }] }), request: vi.fn() } as never;
    expect(await aliveByLock('open-page', locks)).toBe(true);
    expect(await aliveByLock('closed-page', locks)).toBe(false);
    expect(await aliveByLock('closed-page', undefined)).toBe(true);
  });
});

describe('recovering interrupted work', () => {
  let database: PitchsideDb;
  let n = 0;
  beforeEach(async () => {
    fakeBrowser.reset();
    database = openDb(`interrupted-test-${++n}`);
    await database.sources.add({ id: A, kind: 'url', name: URL_A, url: URL_A, vocabulary: {}, itemCount: 4, failures: 1 });
  });
  afterEach(() => database.close());

  it('redoes a sync once, with the next attempt number', async () => {
    await leave(mark());
    const redo = vi.fn(async (sourceId: string) => ({
      sourceId,
      ok: true as const,
      changed: true,
      itemCount: 9,
      skipped: 0,
      message: 'redone',
      messageI18n: detail('redone'),
    }));
    const outcomes = await recoverInterrupted({ area: fakeBrowser.storage.local, database, kinds: ['sync'], alive: () => false, redo });
    expect(redo).toHaveBeenCalledWith(A, 2);
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, message: 'redone' })]);
  });

  it('gives a second interruption up: the mark goes, the reason is on the source, nothing is redone or retried', async () => {
    await leave(mark({ attempts: 2 }));
    const redo = vi.fn();
    const outcomes = await recoverInterrupted({ area: fakeBrowser.storage.local, database, kinds: ['sync'], alive: () => false, redo, now: () => 1234 });
    expect(redo).not.toHaveBeenCalled();
    const reason = `The sync of ${URL_A} was interrupted twice; the previous catalog is kept. Press Sync now to try again.`;
    expect(outcomes).toEqual([
      { sourceId: A, ok: false, itemCount: 4, error: reason, errorI18n: detail(reason), message: reason, messageI18n: detail(reason) },
    ]);
    expect(await database.sources.get(A)).toMatchObject({
      lastError: reason,
      lastErrorI18n: detail(reason),
      lastErrorKind: 'interrupted',
      lastAttemptAt: 1234,
      failures: 1,
      itemCount: 4,
    });
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
    // A second pass finds nothing: no loop.
    expect(await recoverInterrupted({ area: fakeBrowser.storage.local, database, kinds: ['sync'], alive: () => false, redo })).toEqual([]);
  });

  it('says an import was interrupted, what was kept, and that a new file kept nothing', async () => {
    await database.sources.add({ id: 'file:big.json', kind: 'file', name: 'big.json', vocabulary: {}, itemCount: 20_000 });
    await leave(mark({ sourceId: 'file:big.json', kind: 'import' }));
    await leave(mark({ sourceId: 'file:new.csv', kind: 'import' }));
    const outcomes = await recoverInterrupted({ area: fakeBrowser.storage.local, database, kinds: ['import'], alive: () => false });
    expect(outcomes.map((o) => o.message)).toEqual([
      'The import of big.json was interrupted (its page was closed, or the browser stopped); the 20000 items imported before are kept. Import the file again to finish it.',
      'The import of new.csv was interrupted (its page was closed, or the browser stopped) before anything was stored. Import the file again.',
    ]);
    expect((await database.sources.get('file:big.json'))?.lastErrorKind).toBe('interrupted');
    expect(await database.sources.get('file:new.csv')).toBeUndefined();
    // The sync mark of the worker is not the page's business.
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
  });

  it('forgets the mark of a source removed since', async () => {
    await database.sources.delete(A);
    await leave(mark());
    const redo = vi.fn();
    expect(await recoverInterrupted({ area: fakeBrowser.storage.local, database, kinds: ['sync'], alive: () => false, redo })).toEqual([]);
    expect(redo).not.toHaveBeenCalled();
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
  });
});

describe('an import cut off by a closed options page', () => {
  const BIG = 'file:big.json';
  const catalog = (n: number) =>
    JSON.stringify({ version: 1, items: Array.from({ length: n }, (_, i) => ({ id: `i${i}`, title: `Item ${i}`, url: `https://a.example/${i}` })) });
  const big = (n: number) => new File([catalog(n)], 'big.json', { type: 'application/json' });
  /** A context that stops mid-import: the page closed, or the worker stopped. Its `finally` never runs. */
  const frozen = () => new Promise<void>(() => undefined);
  let database: PitchsideDb;
  let staging: StagedFiles;
  let n = 0;
  const area = () => fakeBrowser.storage.local;
  const markOf = async () => (await readMarks(area())).find((m) => m.sourceId === BIG);

  beforeEach(async () => {
    fakeBrowser.reset();
    database = openDb(`interrupted-import-test-${++n}`);
    staging = cacheStaging(fakeCaches());
    // An earlier import of the same file, finished: its copy and its mark are gone.
    const first = await importMarked({ area: area(), staging, by: 'page-0' }, { database }, big(3));
    expect(first).toMatchObject({ ok: true, itemCount: 3 });
    expect(await staging.list()).toEqual([]);
    expect(await readMarks(area())).toEqual([]);
  });
  afterEach(() => database.close());

  /** The page imports 5 items and is closed while it reads them. */
  async function closedMidImport(pageStaging: StagedFiles = staging) {
    void importMarked({ area: area(), staging: pageStaging, by: 'closed-page' }, { database, yieldEvery: frozen }, big(5));
    return until(markOf, 'the import to be marked');
  }

  const redoInWorker = (by: string, yieldEvery?: () => Promise<void>) => (sourceId: string, attempts: number) =>
    redoStagedImport({ area: area(), staging, by }, { database, yieldEvery }, sourceId, attempts);

  it('is redone once from the staged copy, which then goes with the mark', async () => {
    expect(await closedMidImport()).toMatchObject({ kind: 'import', staged: true, attempts: 1, by: 'closed-page' });
    expect((await staging.list()).map((s) => s.sourceId)).toEqual([BIG]);
    expect((await readItems(database)).length).toBe(3);
    const outcomes = await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport: redoInWorker('worker-1'), staging });
    expect(outcomes).toEqual([
      expect.objectContaining({
        sourceId: BIG,
        ok: true,
        itemCount: 5,
        message: expect.stringMatching(
          /^The import of big\.json was interrupted \(its page was closed, or the browser stopped\), so Pitchside did it again from the copy it kept\. big\.json: 5 items/,
        ),
      }),
    ]);
    expect((await readItems(database)).length).toBe(5);
    expect(await readMarks(area())).toEqual([]);
    expect(await staging.list()).toEqual([]);
    expect(await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport: redoInWorker('worker-1'), staging })).toEqual(
      [],
    );
  });

  it('without a staged copy (quota refused it, or it was evicted) is reported as before, and nothing is redone', async () => {
    const full = cacheStaging(fakeCaches(0));
    expect(await closedMidImport(full)).toMatchObject({ staged: false });
    const redoImport = vi.fn(redoInWorker('worker-1'));
    let outcomes = await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport, staging });
    expect(redoImport).not.toHaveBeenCalled();
    const told =
      'The import of big.json was interrupted (its page was closed, or the browser stopped); the 3 items imported before are kept. Import the file again to finish it.';
    expect(outcomes.map((o) => o.message)).toEqual([told]);
    expect(await database.sources.get(BIG)).toMatchObject({ itemCount: 3, lastError: told, lastErrorKind: 'interrupted' });

    // Staged, but the copy is gone by the time the worker looks.
    await closedMidImport();
    await staging.remove(BIG);
    outcomes = await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport, staging });
    expect(redoImport).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => o.message)).toEqual([told]);
    expect((await readItems(database)).length).toBe(3);
    expect(await readMarks(area())).toEqual([]);
  });

  it('redone and interrupted again, is given up with the reason on the source, its copy removed, never looped', async () => {
    await closedMidImport();
    // The worker redoing it stops too.
    void recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport: redoInWorker('worker-1', frozen), staging });
    await until(async () => (await markOf())?.by === 'worker-1', 'the redo to be marked');
    expect(await markOf()).toMatchObject({ attempts: 2, staged: true });
    const redoImport = vi.fn(redoInWorker('worker-2'));
    const outcomes = await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport, staging, now: () => 99 });
    expect(redoImport).not.toHaveBeenCalled();
    const reason = 'The import of big.json was interrupted twice; the 3 items imported before are kept. Import the file again to finish it.';
    expect(outcomes).toEqual([expect.objectContaining({ sourceId: BIG, ok: false, itemCount: 3, message: reason })]);
    expect(await database.sources.get(BIG)).toMatchObject({ itemCount: 3, lastError: reason, lastErrorKind: 'interrupted', lastAttemptAt: 99 });
    expect((await readItems(database)).length).toBe(3);
    expect(await staging.list()).toEqual([]);
    expect(await readMarks(area())).toEqual([]);
    expect(await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: () => false, redoImport, staging })).toEqual([]);
  });

  it('leaves the import of a page still open alone', async () => {
    await closedMidImport();
    const redoImport = vi.fn(redoInWorker('worker-1'));
    expect(await recoverInterrupted({ area: area(), database, kinds: ['import'], alive: (by) => by === 'closed-page', redoImport, staging })).toEqual([]);
    expect(redoImport).not.toHaveBeenCalled();
    expect(await markOf()).toMatchObject({ by: 'closed-page' });
  });
});

describe('the service worker with work left by a stopped one', () => {
  const answers: Array<() => Response> = [];
  beforeEach(async () => {
    fakeBrowser.reset();
    // Every table: the manifest of what an earlier test stored would make this sync a no-op.
    await Promise.all(db().tables.map((table) => table.clear()));
    answers.length = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => (answers.shift() ?? (() => new Response('', { status: 503 })))()),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('marks a sync while it runs, and clears the mark after a success and after an ordinary failure', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    let seen: RunningMark[] = [];
    answers.push(() => {
      void readMarks(fakeBrowser.storage.local).then((marks) => (seen = marks));
      return new Response(small);
    });
    await handleCatalogSync({ sourceId: A });
    expect(seen).toEqual([expect.objectContaining({ sourceId: A, kind: 'sync', attempts: 1 })]);
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
    const failed = await handleCatalogSync({ sourceId: A });
    expect(failed.outcomes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 503/) });
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
  });

  it('at start-up redoes the interrupted sync without anyone pressing Sync now, and answers the page that lost it', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    await handleCatalogSync({ sourceId: A }); // a first attempt fails: the source exists, not due for 2 minutes
    const since = Date.now();
    await leave(mark({ startedAt: since }));
    answers.push(() => new Response(small));
    startCatalogSync();
    await until(async () => (await readItems(db())).length === 3, 'the redo');
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
    const answer = await handleCatalogResume({ since });
    expect(answer.outcomes).toEqual([expect.objectContaining({ sourceId: A, ok: true, message: expect.stringContaining('3 items cached') })]);
    // Work done before the page's sync began is not reported to it.
    expect((await handleCatalogResume({ since: Date.now() + 1 })).outcomes).toEqual([]);
  });

  it('at start-up gives up a sync interrupted twice, and fetches nothing for it', async () => {
    await saveSettings({ catalogUrls: [URL_A] });
    await handleCatalogSync({ sourceId: A });
    const fetches = vi.mocked(fetch).mock.calls.length;
    const since = Date.now();
    await leave(mark({ attempts: 2 }));
    startCatalogSync();
    const answer = await handleCatalogResume({ since });
    expect(answer.outcomes).toEqual([
      expect.objectContaining({ ok: false, message: expect.stringMatching(/interrupted twice; the previous catalog is kept/) }),
    ]);
    expect((await db().sources.get(A))?.lastError).toMatch(/interrupted twice/);
    expect(vi.mocked(fetch).mock.calls.length).toBe(fetches);
    expect(await readMarks(fakeBrowser.storage.local)).toEqual([]);
  });
});
