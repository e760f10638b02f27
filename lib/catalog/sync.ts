import { applyCatalogChanges, manifestEntries, readManifest, removeSource, updateSource, type ItemManifest, type PartState } from './store';
import { CatalogLimitError, hashText, ItemCollector } from './collect';
import { CatalogStreamParser, type StreamOutcome } from './stream';
import type { CatalogFormat } from './parse';
import { catalogUrlIssue, normaliseCatalogUrl, urlSourceId } from './sources';
import type { ItemProblem, ParseResult } from './schema';
import type { Vocabulary } from './types';
import { CatalogError, detail, english, msg, type CatalogMessage, type CatalogMessageKey } from './messages';
import { itemKey, type CatalogSource, type PitchsideDb, type StoredItem } from '../db/database';

/**
 * Syncing a URL source: a conditional GET (If-None-Match / If-Modified-Since; a 304 changes
 * nothing), its body read as a stream item by item (./stream.ts) and compared with what the
 * last sync stored (./collect.ts), then only the differences written, in one transaction
 * (./store.ts applyCatalogChanges). A split catalog's index is followed to its parts, each
 * with its own conditional request. Any failure (network, HTTP status, timeout, a stalled or
 * missing part, too many items, an invalid catalog) keeps the previous items and records the
 * reason; `failures` counts consecutive ones for the retry backoff.
 *
 * The environment is passed in (database, fetch, clock) so tests run it against fakes.
 */

/** How long the server may stay silent: before answering, or between two chunks of the body. */
export const FETCH_TIMEOUT_MS = 30_000;
/** Problems kept per source for the options page; the count says how many there were. */
export const MAX_STORED_PROBLEMS = 1000;

export type SyncPhase = 'downloading' | 'checking' | 'storing';

export interface SyncProgress {
  sourceId: string;
  phase: SyncPhase;
  done: number;
  total: number;
}

export interface SyncEnv {
  database: PitchsideDb;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Awaited between validation chunks; a page passes a macrotask yield to stay responsive. */
  yieldEvery?: () => Promise<void>;
  /**
   * Indexes a source's items while they are read, for a sync that writes the source whole (its
   * first, or one without the last sync's manifest): called at the first item with the
   * vocabulary known then. The sink gets every item checked, in the catalog's order, as it
   * will be stored; `stored` once they are, with the catalog's final vocabulary and item count.
   * The background prepares the matching index this way (lib/background/snapshot.ts).
   */
  index?: (sourceId: string, vocabulary: Vocabulary) => ItemSink;
}

/** Where a sync sends its items as it reads them (`SyncEnv.index`). */
export interface ItemSink {
  add(item: StoredItem): void;
  stored(vocabulary: Vocabulary, itemCount: number): void;
}

/**
 * `message` is the outcome in English (the CLI, logs, older readers); `messageI18n` the same as a
 * descriptor, which the options page renders in the rep's language (lib/i18n.ts catalogText).
 */
export type SyncOutcome =
  | {
      sourceId: string;
      ok: true;
      changed: boolean;
      itemCount: number;
      skipped: number;
      message: string;
      messageI18n: CatalogMessage;
      written?: number;
      deleted?: number;
    }
  | { sourceId: string; ok: false; itemCount: number; error: string; errorI18n: CatalogMessage; message: string; messageI18n: CatalogMessage };

/** A message as an outcome holds it: in English, and as its descriptor. */
export const said = (message: CatalogMessage) => ({ message: english(message), messageI18n: message });

/** "3 items": digits without separators, so the status holds "<N> items" as the UI contract says. */
export const itemsMessage = (n: number) => msg('catalog.items', undefined, n);

/** Minutes until a retry after `failures` consecutive failures: 2, 4, 8… capped at the interval. */
export function retryDelayMinutes(failures: number, intervalHours: number): number {
  return Math.min(intervalHours * 60, 2 ** Math.max(1, failures));
}

/** A source is due when its interval has passed since the last attempt, or its retry delay after a failure. */
export function isDue(source: CatalogSource, intervalHours: number, now: number): boolean {
  if (!source.url) return false;
  if (!source.lastAttemptAt) return true;
  const waitMinutes = source.failures ? retryDelayMinutes(source.failures, intervalHours) : intervalHours * 60;
  return now - source.lastAttemptAt >= waitMinutes * 60_000 - 1000;
}

/** Clears the last failure: a sync that worked, or found the catalog unchanged. */
const noError = { lastError: undefined, lastErrorI18n: undefined, lastErrorKind: undefined } as const;

class SyncError extends CatalogError {
  constructor(
    message: CatalogMessage,
    readonly kind: NonNullable<CatalogSource['lastErrorKind']>,
  ) {
    super(message);
  }
}

/** What the parser refuses for its size rather than its shape. */
const TOO_LARGE = new Set<CatalogMessageKey>(['catalog.tooManyItems', 'catalog.feedTooLarge', 'catalog.jsonMemberTooLarge']);

/** A download that sends this many bytes without a single new item is refused (whitespace forever, a video). */
export const MAX_BYTES_WITHOUT_ITEM = 64 * 1024 * 1024;

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

type Validators = { etag?: string; lastModified?: string };
type Answer = { status: 304 } | { status: 200; etag?: string; lastModified?: string };

/**
 * One conditional GET whose body is read as a stream into `parser`: memory holds one chunk and
 * the item being read, whatever the size. An idle timeout restarts with every chunk, so a big
 * catalog on a slow line is not cut off while it is still arriving, and one that stalls is.
 * Between chunks it yields (env.yieldEvery) so the service worker answers other messages.
 */
async function fetchInto(
  url: string,
  validators: Validators | undefined,
  env: SyncEnv,
  parserFor: (contentType: string) => CatalogStreamParser,
  report: (bytes: number, total: number) => void,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  const controller = new AbortController();
  const timeoutMs = env.timeoutMs ?? FETCH_TIMEOUT_MS;
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const stillArriving = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let response: Response;
    // no-store: the browser's HTTP cache would answer our conditional request itself
    // (https://fetch.spec.whatwg.org/#concept-request-cache-mode).
    const get = (conditional: Record<string, string>) =>
      (env.fetch ?? fetch)(url, { headers: conditional, cache: 'no-store', signal: controller.signal, redirect: 'follow' });
    try {
      try {
        response = await get(headers);
      } catch (error) {
        // If-None-Match is not a CORS-safelisted header (https://fetch.spec.whatwg.org/#cors-safelisted-request-header),
        // so it needs a preflight: a host that sends CORS headers but
        // answers no preflight fails the conditional request. Try once without it.
        if (controller.signal.aborted || Object.keys(headers).length === 0) throw error;
        response = await get({});
      }
    } catch {
      if (controller.signal.aborted) throw new SyncError(msg('catalog.timeout', { host: host(url), seconds: timeoutMs / 1000 }), 'timeout');
      throw new SyncError(msg('catalog.unreachable', { host: host(url) }), 'network');
    }
    if (response.status === 304) return { status: 304 };
    // fetch follows redirects across schemes: an https catalog moved to plain http would be
    // read unencrypted. Refuse what catalogUrlIssue would refuse as a typed URL.
    if (response.redirected && response.url && catalogUrlIssue(response.url)) {
      throw new SyncError(msg('catalog.insecureRedirect', { url: response.url }), 'http');
    }
    if (!response.ok) {
      throw new SyncError(msg('catalog.httpStatus', { status: `${response.status}${response.statusText ? ` ${response.statusText}` : ''}` }), 'http');
    }
    const parser = parserFor(response.headers.get('content-type') ?? '');
    const declared = Number(response.headers.get('content-length') ?? 0);
    const decoder = new TextDecoder('utf-8');
    const push = (text: string) => {
      try {
        parser.push(text);
      } catch (error) {
        const reason = error instanceof CatalogError ? error.i18n : detail((error as Error).message);
        throw new SyncError(reason, error instanceof CatalogLimitError || TOO_LARGE.has(reason.key) ? 'too-large' : 'invalid');
      }
    };
    if (!response.body) push(await response.text());
    else {
      reader = response.body.getReader();
      let bytes = 0;
      let sinceItem = 0;
      let itemsBefore = parser.collected.total;
      let sliceStart = Date.now();
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (controller.signal.aborted) throw new SyncError(msg('catalog.stalled', { host: host(url), seconds: timeoutMs / 1000 }), 'timeout');
          throw new SyncError(msg('catalog.brokeOff', { host: host(url), error: (error as Error).message }), 'network');
        }
        if (next.done) break;
        stillArriving();
        bytes += next.value.byteLength;
        push(decoder.decode(next.value, { stream: true }));
        const items = parser.collected.total;
        sinceItem = items > itemsBefore ? 0 : sinceItem + next.value.byteLength;
        itemsBefore = items;
        if (sinceItem > MAX_BYTES_WITHOUT_ITEM) {
          throw new SyncError(msg('catalog.noItemsIn', { host: host(url), size: MAX_BYTES_WITHOUT_ITEM / 1024 / 1024 }), 'too-large');
        }
        report(bytes, declared);
        // Let the worker answer messages and timers between slices of work.
        if (Date.now() - sliceStart > 25) {
          await env.yieldEvery?.();
          sliceStart = Date.now();
        }
      }
    }
    push(decoder.decode());
    return { status: 200, etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined };
  } finally {
    clearTimeout(timer);
    // A refused download (too many items, bad JSON) stops here: the rest is never fetched.
    if (reader) void reader.cancel().catch(() => undefined);
  }
}
/** "3 items cached, 1 invalid item skipped, 2 warnings", as the messages a list joins. */
export function summary(itemCount: number, problems: ItemProblem[]): CatalogMessage[] {
  const skipped = problems.filter((p) => !p.warning).length;
  const warnings = problems.length - skipped;
  return [
    msg('catalog.itemsCached', undefined, itemCount),
    ...(skipped ? [msg('catalog.invalidSkipped', undefined, skipped)] : []),
    ...(warnings ? [msg('catalog.warnings', undefined, warnings)] : []),
  ];
}

/** A catalog read whole (a file, the CLI, tests) as a ParseResult: every item is fresh. */
export function toParseResult(out: StreamOutcome): ParseResult & { format?: CatalogFormat } {
  if (!out.ok) return out;
  const { publisher, generatedAt, vocabulary, fresh, problems, total, format } = out;
  return { ok: true, catalog: { version: 1, publisher, generatedAt, vocabulary, items: fresh }, problems, total, format };
}

/**
 * Stores a read catalog as the source's items (only the rows that differ), or records the
 * failure. Used by URL syncs and file imports alike.
 */
export async function storeStreamed(
  env: SyncEnv,
  source: CatalogSource,
  out: StreamOutcome,
  meta: Partial<CatalogSource> = {},
  parts?: PartState[],
): Promise<SyncOutcome> {
  const now = (env.now ?? Date.now)();
  if (!out.ok) return recordFailure(env, source, new SyncError(out.errorI18n, 'invalid'));
  const { problems, entries } = out;
  const current = await env.database.sources.get(source.id);
  const { written, deleted, unchanged } = await applyCatalogChanges(
    env.database,
    {
      ...source,
      ...meta,
      publisher: out.publisher,
      vocabulary: out.vocabulary,
      lastGoodSyncAt: now,
      lastCheckedAt: now,
      lastAttemptAt: now,
      lastError: undefined,
      lastErrorI18n: undefined,
      lastErrorKind: undefined,
      failures: 0,
      problems: problems.slice(0, MAX_STORED_PROBLEMS),
      problemCount: problems.length,
      totalInCatalog: out.total,
    },
    { fresh: out.fresh, entries, parts },
    (done, total) => env.onProgress?.({ sourceId: source.id, phase: 'storing', done, total }),
  );
  const skipped = problems.filter((p) => !p.warning).length;
  const changed = !unchanged;
  const changes = current?.lastGoodSyncAt ? msg('catalog.storedChanges', { items: itemsMessage(written), deleted }) : '';
  return {
    sourceId: source.id,
    ok: true,
    changed,
    itemCount: entries.length,
    skipped,
    written,
    deleted,
    ...said(
      msg('catalog.stored', { name: source.name, summary: summary(entries.length, problems), detail: changed ? changes : msg('catalog.storedUnchanged') }),
    ),
  };
}

/** Stores a parsed catalog (ParseResult) as the source's items. */
export async function storeParsed(env: SyncEnv, source: CatalogSource, result: ParseResult, meta: Partial<CatalogSource> = {}): Promise<SyncOutcome> {
  if (!result.ok) return storeStreamed(env, source, result, meta);
  const { catalog, problems, total } = result;
  return storeStreamed(
    env,
    source,
    {
      ok: true,
      format: meta.format ?? 'json',
      publisher: catalog.publisher,
      generatedAt: catalog.generatedAt,
      vocabulary: catalog.vocabulary,
      fresh: catalog.items,
      entries: catalog.items.map((item) => ({ id: item.id, hash: hashText(JSON.stringify(item)) })),
      problems,
      total,
    },
    meta,
  );
}
async function recordFailure(env: SyncEnv, source: CatalogSource, error: SyncError): Promise<SyncOutcome> {
  const now = (env.now ?? Date.now)();
  const current = await env.database.sources.get(source.id);
  if (current) {
    await updateSource(env.database, source.id, {
      lastAttemptAt: now,
      lastError: error.message,
      lastErrorI18n: error.i18n,
      lastErrorKind: error.kind,
      failures: (current.failures ?? 0) + 1,
    });
  }
  const kept = current?.itemCount ?? 0;
  return {
    sourceId: source.id,
    ok: false,
    itemCount: kept,
    error: error.message,
    errorI18n: error.i18n,
    ...said(msg('catalog.syncFailed', { name: source.name, error: error.i18n, kept: kept ? msg('catalog.keptCached', undefined, kept) : '' })),
  };
}

const inFlight = new Map<string, Promise<SyncOutcome>>();

/** Syncs one URL source; a second call while one runs gets the same promise. */
export function syncSource(env: SyncEnv, sourceId: string): Promise<SyncOutcome> {
  const running = inFlight.get(sourceId);
  if (running) return running;
  const job = runSync(env, sourceId).finally(() => inFlight.delete(sourceId));
  inFlight.set(sourceId, job);
  return job;
}

/** Marks a step of a sync for the bench (scripts/bench/catalog.ts) and the DevTools timeline. */
export function syncMark(step: string): void {
  if (step === 'start') for (const name of SYNC_MARKS) globalThis.performance?.clearMarks?.(`pitchside:sync-${name}`);
  globalThis.performance?.mark?.(`pitchside:sync-${step}`);
}
const SYNC_MARKS = ['start', 'manifest', 'read', 'stored', 'lists'];

async function runSync(env: SyncEnv, sourceId: string): Promise<SyncOutcome> {
  syncMark('start');
  const source = await env.database.sources.get(sourceId);
  if (!source) {
    const error = msg('catalog.noSuchSource');
    return { sourceId, ok: false, itemCount: 0, error: english(error), errorI18n: error, ...said(msg('catalog.sourceGone')) };
  }
  if (!source.url) {
    return {
      sourceId,
      ok: true,
      changed: false,
      itemCount: source.itemCount,
      skipped: 0,
      ...said(msg('catalog.nothingToSync', { name: source.name, items: itemsMessage(source.itemCount) })),
    };
  }
  const now = (env.now ?? Date.now)();
  const url = source.url;
  try {
    // Conditional only when a catalog from this source is cached: else a 304 would leave nothing.
    const cached = Boolean(source.lastGoodSyncAt && source.itemCount > 0);
    const manifest = cached ? await readManifest(env.database, source) : undefined;
    const collector = new ItemCollector({ reuse: manifest ? new Map(manifestEntries(manifest).map((entry) => [entry.hash, entry])) : undefined });
    syncMark('manifest');
    const progress = (phase: SyncPhase) => (done: number, total: number) => env.onProgress?.({ sourceId, phase, done, total });
    let parser: CatalogStreamParser | undefined;
    // The vocabulary as far as it is known: the envelope's so far, or a split catalog's index's.
    let vocabularyNow = () => parser?.vocabularySoFar() ?? {};
    let sink: ItemSink | undefined;
    // Without a manifest every valid item is fresh, and they are written whole, in this order.
    if (env.index && !manifest) {
      const index = env.index;
      collector.onFresh = (item) => {
        sink ??= index(sourceId, vocabularyNow());
        // Made a stored item in place: putPages stores it as it is (lib/db/items.ts).
        const stored = item as StoredItem;
        stored.sourceId = sourceId;
        stored.key = itemKey(sourceId, item.id);
        sink.add(stored);
      };
    }
    const main = await fetchInto(
      url,
      cached ? { etag: source.etag, lastModified: source.lastModified } : undefined,
      env,
      (contentType) => (parser = new CatalogStreamParser(collector, { name: url, contentType })),
      progress('downloading'),
    );
    let out: StreamOutcome;
    let index: { parts: string[]; publisher?: string; vocabulary: Vocabulary } | undefined;
    if (main.status === 304) {
      // A split catalog's index may be unchanged while its parts are not: check them.
      if (!manifest?.parts) {
        await updateSource(env.database, sourceId, { lastAttemptAt: now, lastCheckedAt: now, ...noError, failures: 0 });
        return {
          sourceId,
          ok: true,
          changed: false,
          itemCount: source.itemCount,
          skipped: 0,
          ...said(msg('catalog.unchangedCached', { name: source.name, items: itemsMessage(source.itemCount) })),
        };
      }
      index = { parts: manifest.parts.map((part) => part.url), publisher: source.publisher, vocabulary: source.vocabulary };
    }
    if (!index) {
      env.onProgress?.({ sourceId, phase: 'checking', done: 0, total: 0 });
      out = parser!.end();
      if (out.ok && out.parts) index = { parts: out.parts.map((part) => new URL(part, url).href), publisher: out.publisher, vocabulary: out.vocabulary };
    }
    let parts: PartState[] | undefined;
    if (index) {
      const listed = index.vocabulary;
      if (Object.keys(listed).length) vocabularyNow = () => listed;
      const split = await syncParts(env, url, index.parts, manifest, collector, progress('downloading'));
      if (!split.ok) return await recordFailure(env, source, new SyncError(split.error, split.kind));
      if (split.unchanged && main.status === 304) {
        await updateSource(env.database, sourceId, { lastAttemptAt: now, lastCheckedAt: now, ...noError, failures: 0 });
        return {
          sourceId,
          ok: true,
          changed: false,
          itemCount: source.itemCount,
          skipped: 0,
          ...said(msg('catalog.unchangedCached', { name: source.name, items: itemsMessage(source.itemCount) })),
        };
      }
      parts = split.parts;
      const vocabulary = Object.keys(index.vocabulary).length ? index.vocabulary : (split.vocabulary ?? {});
      out = {
        ok: true,
        format: 'json',
        publisher: index.publisher ?? split.publisher,
        vocabulary,
        fresh: collector.fresh,
        entries: collector.entries,
        problems: collector.problems,
        total: collector.total,
      };
    }
    // The source may have been removed while downloading: do not bring it back.
    if (!(await env.database.sources.get(sourceId))) {
      const error = msg('catalog.removedDuringSync');
      return { sourceId, ok: false, itemCount: 0, error: english(error), errorI18n: error, ...said(msg('catalog.sourceRemoved', { name: source.name })) };
    }
    if (!out!.ok) return await recordFailure(env, source, new SyncError(out!.errorI18n, 'invalid'));
    const validators = main.status === 200 ? { etag: main.etag, lastModified: main.lastModified } : {};
    syncMark('read');
    const outcome = await storeStreamed(env, source, out!, { ...validators, format: out!.format }, parts);
    syncMark('stored');
    if (outcome.ok && outcome.changed && out!.ok) sink?.stored(out!.vocabulary, outcome.itemCount);
    return outcome;
  } catch (error) {
    if (error instanceof SyncError) return recordFailure(env, source, error);
    return recordFailure(env, source, new SyncError(msg('catalog.syncCrashed', { error: (error as Error).message }), 'invalid'));
  }
}

type PartsOutcome =
  | { ok: true; unchanged: boolean; parts: PartState[]; publisher?: string; vocabulary?: Vocabulary }
  | { ok: false; error: CatalogMessage; kind: NonNullable<CatalogSource['lastErrorKind']> };

/**
 * The parts of a split catalog, one after the other into one collector, each with its own
 * conditional request: a part that answers 304 keeps the items the last sync stored for it.
 * All or nothing: a part that cannot be fetched or read, or parts that repeat each other's
 * ids (a publish caught half-way, or a bad split), fail the sync and the cached catalog stays.
 */
async function syncParts(
  env: SyncEnv,
  indexUrl: string,
  urls: string[],
  manifest: ItemManifest | undefined,
  collector: ItemCollector,
  report: (done: number, total: number) => void,
): Promise<PartsOutcome> {
  const previous = new Map<string, { state: PartState; from: number }>();
  let offset = 0;
  for (const state of manifest?.parts ?? []) {
    previous.set(state.url, { state, from: offset });
    offset += state.count;
  }
  const parts: PartState[] = [];
  let unchanged = true;
  let publisher: string | undefined;
  let vocabulary: Vocabulary | undefined;
  for (const [i, url] of urls.entries()) {
    const label = msg('catalog.part', { part: i + 1, parts: urls.length, url });
    collector.part = i + 1;
    const before = collector.entries.length;
    const known = manifest ? previous.get(url) : undefined;
    let parser: CatalogStreamParser | undefined;
    let answer: Answer;
    try {
      if (!/^https:|^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) throw new SyncError(msg('catalog.partNotHttps'), 'invalid');
      answer = await fetchInto(
        url,
        known ? { etag: known.state.etag, lastModified: known.state.lastModified } : undefined,
        env,
        (contentType) => (parser = new CatalogStreamParser(collector, { name: url, contentType })),
        report,
      );
    } catch (error) {
      const kind = error instanceof SyncError ? error.kind : 'network';
      const reason = error instanceof CatalogError ? error.i18n : detail((error as Error).message);
      return { ok: false, kind, error: msg('catalog.partFailed', { part: label, error: reason }) };
    }
    if (answer.status === 304 && known) {
      manifestEntries(manifest!, known.from, known.from + known.state.count).forEach((entry, n) => collector.carry(entry, () => `items[${n}]`));
      parts.push({ ...known.state, count: collector.entries.length - before });
      continue;
    }
    unchanged = false;
    if (answer.status === 304) return { ok: false, kind: 'http', error: msg('catalog.partNotModified', { part: label }) };
    const out = parser!.end();
    if (!out.ok) return { ok: false, kind: 'invalid', error: msg('catalog.partInvalid', { part: label, error: out.errorI18n }) };
    if (out.parts) return { ok: false, kind: 'invalid', error: msg('catalog.partIsIndex', { part: label }) };
    publisher ??= out.publisher;
    if (!vocabulary && Object.keys(out.vocabulary).length) vocabulary = out.vocabulary;
    parts.push({ url, etag: answer.etag, lastModified: answer.lastModified, count: collector.entries.length - before });
  }
  const overlap = collector.crossPart;
  if (overlap.count) {
    return {
      ok: false,
      kind: 'invalid',
      error: msg('catalog.partsOverlap', {
        part: overlap.part!,
        parts: urls.length,
        ids: msg('catalog.ids', undefined, overlap.count),
        of: overlap.of!,
        first: overlap.first!,
      }),
    };
  }
  void indexUrl;
  return { ok: true, unchanged, parts, publisher, vocabulary };
}
/** Makes the URL sources match the settings: adds missing ones, removes those no longer listed. */
export async function reconcileSources(
  database: PitchsideDb,
  settings: { catalogUrls: string[]; feedUrls: string[]; managed: { catalogUrls?: string[]; feedUrls?: string[] }; managedRead?: boolean },
): Promise<void> {
  const wanted = new Map<string, { url: string; kind: 'url' | 'feed'; managed: boolean }>();
  const managedUrls = new Set([...(settings.managed.catalogUrls ?? []), ...(settings.managed.feedUrls ?? [])].map(normaliseCatalogUrl));
  for (const [kind, urls] of [
    ['url', settings.catalogUrls],
    ['feed', settings.feedUrls],
  ] as const) {
    for (const raw of urls) {
      const url = normaliseCatalogUrl(raw);
      wanted.set(urlSourceId(url), { url, kind, managed: managedUrls.has(url) });
    }
  }
  const existing = await database.sources.toArray();
  for (const source of existing) {
    if (!source.url) continue;
    const want = wanted.get(source.id);
    // A policy that could not be read is not a policy that was withdrawn: keep IT's catalogs.
    if (!want && source.managed && settings.managedRead === false) continue;
    if (!want) await removeSource(database, source.id);
    else if (Boolean(source.managed) !== want.managed) await updateSource(database, source.id, { managed: want.managed });
  }
  const have = new Set(existing.map((s) => s.id));
  for (const [id, want] of wanted) {
    if (have.has(id)) continue;
    // add, not put: a sync racing with us may have stored the source already.
    await database.sources
      .add({ id, kind: want.kind, name: want.url, url: want.url, vocabulary: {}, itemCount: 0, managed: want.managed })
      .catch((error: unknown) => {
        if ((error as Error).name !== 'ConstraintError') throw error;
      });
  }
}
