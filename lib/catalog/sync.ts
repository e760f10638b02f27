import { removeSource, replaceSourceItems, updateSource } from './store';
import { MAX_CATALOG_BYTES, parseCatalogText, tooLargeMessage } from './parse';
import { catalogUrlProblem, normaliseCatalogUrl, urlSourceId } from './sources';
import type { ItemProblem, ParseResult } from './schema';
import type { CatalogSource, PitchsideDb } from '../db/database';

/**
 * Syncing a URL source: a conditional GET (If-None-Match / If-Modified-Since; a 304 changes
 * nothing), then the catalog replaces the source's items in one transaction. Any failure
 * (network, HTTP status, timeout, size, invalid catalog) keeps the previous items and records
 * the reason; `failures` counts consecutive ones for the retry backoff.
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
}

export type SyncOutcome =
  | { sourceId: string; ok: true; changed: boolean; itemCount: number; skipped: number; message: string }
  | { sourceId: string; ok: false; itemCount: number; error: string; message: string };

/** "3 items": digits without separators, so the status holds "<N> items" as the UI contract says. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

class SyncError extends Error {
  constructor(
    message: string,
    readonly kind: NonNullable<CatalogSource['lastErrorKind']>,
  ) {
    super(message);
  }
}

async function readBody(response: Response, onChunk: (bytes: number) => void): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (declared > MAX_CATALOG_BYTES) throw new SyncError(tooLargeMessage(declared), 'too-large');
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_CATALOG_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new SyncError(tooLargeMessage(undefined), 'too-large');
    }
    chunks.push(value);
    onChunk(total);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function download(source: CatalogSource, env: SyncEnv): Promise<{ status: 304 } | { status: 200; text: string; contentType: string; etag?: string; lastModified?: string }> {
  const url = source.url!;
  const headers: Record<string, string> = {};
  // Conditional only when a catalog from this source is cached: else a 304 would leave nothing.
  if (source.lastGoodSyncAt && source.itemCount > 0) {
    if (source.etag) headers['If-None-Match'] = source.etag;
    if (source.lastModified) headers['If-Modified-Since'] = source.lastModified;
  }
  const controller = new AbortController();
  const timeoutMs = env.timeoutMs ?? FETCH_TIMEOUT_MS;
  // An idle timeout: it restarts with every chunk received, so a big catalog on a slow line
  // is not cut off while it is still arriving.
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const stillArriving = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
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
      if (controller.signal.aborted) throw new SyncError(`${host(url)} did not answer within ${timeoutMs / 1000} seconds.`, 'timeout');
      throw new SyncError(
        `Could not reach ${host(url)}: the network is down, or the server does not allow Pitchside to read it (no CORS headers and no site access granted).`,
        'network',
      );
    }
    if (response.status === 304) return { status: 304 };
    // fetch follows redirects across schemes: an https catalog moved to plain http would be
    // read unencrypted. Refuse what catalogUrlProblem would refuse as a typed URL.
    if (response.redirected && response.url && catalogUrlProblem(response.url)) {
      throw new SyncError(`The server redirected to ${response.url}, which is not HTTPS: Pitchside reads catalogs over HTTPS only.`, 'http');
    }
    if (!response.ok) {
      throw new SyncError(`The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, 'http');
    }
    let text: string;
    try {
      text = await readBody(response, (bytes) => {
        stillArriving();
        env.onProgress?.({ sourceId: source.id, phase: 'downloading', done: bytes, total: Number(response.headers.get('content-length') ?? 0) });
      });
    } catch (error) {
      if (error instanceof SyncError) throw error;
      if (controller.signal.aborted) throw new SyncError(`${host(url)} stopped sending the catalog for ${timeoutMs / 1000} seconds.`, 'timeout');
      throw new SyncError(`The download from ${host(url)} broke off (${(error as Error).message}).`, 'network');
    }
    return {
      status: 200,
      text,
      contentType: response.headers.get('content-type') ?? '',
      etag: response.headers.get('etag') ?? undefined,
      lastModified: response.headers.get('last-modified') ?? undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

export function summarise(itemCount: number, problems: ItemProblem[]): string {
  const skipped = problems.filter((p) => !p.warning).length;
  const warnings = problems.length - skipped;
  return [
    `${plural(itemCount, 'item')} cached`,
    skipped ? `${plural(skipped, 'invalid item')} skipped` : '',
    warnings ? plural(warnings, 'warning') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * Stores a parsed catalog as the source's items, or records the failure. Used by URL syncs and
 * by file imports alike.
 */
export async function storeParsed(
  env: SyncEnv,
  source: CatalogSource,
  result: ParseResult,
  meta: Partial<CatalogSource> = {},
): Promise<SyncOutcome> {
  const now = (env.now ?? Date.now)();
  if (!result.ok) return recordFailure(env, source, new SyncError(result.error, 'invalid'));
  const { catalog, problems } = result;
  const itemCount = await replaceSourceItems(
    env.database,
    {
      ...source,
      ...meta,
      publisher: catalog.publisher,
      vocabulary: catalog.vocabulary,
      lastGoodSyncAt: now,
      lastCheckedAt: now,
      lastAttemptAt: now,
      lastError: undefined,
      lastErrorKind: undefined,
      failures: 0,
      problems: problems.slice(0, MAX_STORED_PROBLEMS),
      problemCount: problems.length,
      totalInCatalog: result.total,
    },
    catalog.items,
    (done, total) => env.onProgress?.({ sourceId: source.id, phase: 'storing', done, total }),
  );
  const skipped = problems.filter((p) => !p.warning).length;
  return { sourceId: source.id, ok: true, changed: true, itemCount, skipped, message: `${source.name}: ${summarise(itemCount, problems)}.` };
}

async function recordFailure(env: SyncEnv, source: CatalogSource, error: SyncError): Promise<SyncOutcome> {
  const now = (env.now ?? Date.now)();
  const current = await env.database.sources.get(source.id);
  if (current) {
    await updateSource(env.database, source.id, {
      lastAttemptAt: now,
      lastError: error.message,
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
    message: `${source.name}: sync failed. ${error.message}${kept ? ` The ${plural(kept, 'item')} cached before are kept.` : ''}`,
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

async function runSync(env: SyncEnv, sourceId: string): Promise<SyncOutcome> {
  const source = await env.database.sources.get(sourceId);
  if (!source) return { sourceId, ok: false, itemCount: 0, error: 'No such source.', message: 'This source no longer exists.' };
  if (!source.url) {
    return { sourceId, ok: true, changed: false, itemCount: source.itemCount, skipped: 0, message: `${source.name}: ${plural(source.itemCount, 'item')} cached (imported, nothing to sync).` };
  }
  const now = (env.now ?? Date.now)();
  try {
    const answer = await download(source, env);
    if (answer.status === 304) {
      await updateSource(env.database, sourceId, { lastAttemptAt: now, lastCheckedAt: now, lastError: undefined, lastErrorKind: undefined, failures: 0 });
      return { sourceId, ok: true, changed: false, itemCount: source.itemCount, skipped: 0, message: `${source.name}: unchanged, ${plural(source.itemCount, 'item')} cached.` };
    }
    env.onProgress?.({ sourceId, phase: 'checking', done: 0, total: 0 });
    const result = await parseCatalogText(answer.text, {
      contentType: answer.contentType,
      name: source.url,
      onProgress: (done, total) => env.onProgress?.({ sourceId, phase: 'checking', done, total }),
      yieldEvery: env.yieldEvery,
    });
    // The source may have been removed while downloading: do not bring it back.
    if (!(await env.database.sources.get(sourceId))) {
      return { sourceId, ok: false, itemCount: 0, error: 'Removed during sync.', message: `${source.name} was removed.` };
    }
    if (!result.ok) return await recordFailure(env, source, new SyncError(result.error, 'invalid'));
    return await storeParsed(env, source, result, { etag: answer.etag, lastModified: answer.lastModified, format: result.format });
  } catch (error) {
    if (error instanceof SyncError) return recordFailure(env, source, error);
    return recordFailure(env, source, new SyncError(`Sync failed: ${(error as Error).message}`, 'invalid'));
  }
}

/** Makes the URL sources match the settings: adds missing ones, removes those no longer listed. */
export async function reconcileSources(
  database: PitchsideDb,
  settings: { catalogUrls: string[]; feedUrls: string[]; managed: { catalogUrls?: string[]; feedUrls?: string[] }; managedRead?: boolean },
): Promise<void> {
  const wanted = new Map<string, { url: string; kind: 'url' | 'feed'; managed: boolean }>();
  const managedUrls = new Set([...(settings.managed.catalogUrls ?? []), ...(settings.managed.feedUrls ?? [])].map(normaliseCatalogUrl));
  for (const [kind, urls] of [['url', settings.catalogUrls], ['feed', settings.feedUrls]] as const) {
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
