import type { CatalogSource, PitchsideDb } from '../db/database';
import type { ProspectContext } from '../context/schema';
import type { CatalogView, SuggestOptions, Suggestion } from './suggest';
import type { StoredItem } from '../db/database';
import type { WorkerNotice } from './worker';

/**
 * The matcher as the panel sees it: a thin front whose work (./load.ts: reading the snapshot,
 * ./suggest.ts: ranking) is loaded as a chunk of its own. The panel's first paint (its frame,
 * the prospect card) does not wait for the matcher's code, and the chunk is requested as soon
 * as this module runs, so it arrives while the panel asks the background for the tab.
 */
export type { SuggestOptions, Suggestion, SuggestFilters, CatalogView } from './suggest';
// rank, findConcepts and mergeVocabularies: import them from ./suggest (a re-export here would
// bring the ranker back into the panel's first script).

let engine: Promise<typeof import('./load')> | undefined;
const load = () => (engine ??= import('./load'));

/**
 * In the side panel the matcher runs in a Web Worker (./worker.ts): the views it hands out
 * hold the catalog's size and vocabulary only, and `suggest` on them asks the worker. Where
 * there is no worker (tests, the CLI, another page), or it fails, everything runs in place.
 */
interface Remote {
  worker: Worker;
  next: number;
  // Each reply has the type its `ask` was called with.
  waiting: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}
let remote: Remote | undefined | null;
const remoteViews = new WeakMap<CatalogView, readonly CatalogSource[]>();

const inPanel = () => typeof Worker !== 'undefined' && typeof location !== 'undefined' && /\/sidepanel\.html$/.test(location.pathname);

function startWorker(): Remote | null {
  if (remote !== undefined) return remote;
  remote = null;
  if (!inPanel()) return null;
  try {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    const started: Remote = { worker, next: 1, waiting: new Map() };
    worker.onmessage = (event: MessageEvent<{ id: number; ok: boolean; error?: string } | WorkerNotice>) => {
      if (!('id' in event.data)) return void onNotice(event.data);
      const pending = started.waiting.get(event.data.id);
      started.waiting.delete(event.data.id);
      if (event.data.ok) pending?.resolve(event.data);
      else pending?.reject(new Error(event.data.error));
    };
    worker.onerror = () => {
      // A worker that cannot start (or died): everything runs in the page from now on.
      for (const pending of started.waiting.values()) pending.reject(new Error('the matcher worker stopped'));
      started.waiting.clear();
      remote = null;
    };
    remote = started;
  } catch {
    remote = null;
  }
  return remote;
}

const replacedListeners = new Set<() => void>();

/**
 * Called when the worker replaced the catalog it holds without a change of the sources (a stale
 * snapshot it waited on too long, prepared afresh from the items): load the catalog again to
 * get a view of it. Returns the unsubscribe.
 */
export function onCatalogReplaced(listener: () => void): () => void {
  replacedListeners.add(listener);
  return () => replacedListeners.delete(listener);
}

function onNotice(notice: WorkerNotice): void {
  if (notice.type === 'replaced') for (const listener of replacedListeners) listener();
  else {
    // The worker has no extension APIs: ask the background for it, and do not wait for the answer.
    const runtime = (globalThis as { chrome?: { runtime?: { id?: string; sendMessage?: (m: unknown) => Promise<unknown> } } }).chrome?.runtime;
    if (runtime?.id && runtime.sendMessage) void runtime.sendMessage({ type: 'catalog:changed' }).catch(() => undefined);
  }
}

function ask<T>(worker: Remote, message: Record<string, unknown>): Promise<T> {
  const id = worker.next++;
  return new Promise<T>((resolve, reject) => {
    worker.waiting.set(id, { resolve: (value) => resolve(value as T), reject });
    worker.worker.postMessage({ ...message, id });
  });
}

/**
 * From this many items the worker is worth its start (~30 ms): below, a snapshot is read and
 * decoded in the page in tasks too short to be felt (10,000 items: a few MB).
 */
const WORKER_FROM = 20_000;
const sizeOf = (sources: readonly CatalogSource[]) => sources.reduce((sum, source) => sum + source.itemCount, 0);

/** Set once the page had no snapshot to read and would have prepared the catalog itself: the worker does it from then on. */
let preferWorker = false;

/** See ./load.ts. */
export async function loadCatalog(database?: PitchsideDb, known?: readonly CatalogSource[]): Promise<CatalogView> {
  const panel = (!database || database.name === 'pitchside') && known && inPanel();
  let worker = panel && (preferWorker || sizeOf(known) >= WORKER_FROM) ? startWorker() : null;
  if (panel && !worker) {
    // Below the worker's size the page reads the snapshot itself, but it does not prepare the
    // index on its main thread when there is none to read (a long task): the worker does.
    try {
      return await (await load()).loadCatalog(database, known, { buildHere: false });
    } catch (error) {
      if ((error as Error).name !== (await load()).BUILD_ELSEWHERE) throw error;
      preferWorker = true;
      worker = startWorker();
    }
  }
  if (worker && known) {
    try {
      const answer = await ask<{ count: number; vocabulary: CatalogView['vocabulary'] }>(worker, { type: 'load', sources: known });
      // The panel reads only the size and the vocabulary of a view; the items stay in the worker.
      const view: CatalogView = { items: new Array(answer.count), vocabulary: answer.vocabulary };
      remoteViews.set(view, known);
      return view;
    } catch {
      // fall through: load in the page
    }
  }
  return (await load()).loadCatalog(database, known);
}

const vocabularyViews = new WeakMap<CatalogView, CatalogView>();

/**
 * A view whose items are in this page: a view of the worker's holds none (a sparse array of
 * the right length), so what reads items here (the prospect's kind for events and feedback)
 * gets the same vocabulary with no items instead.
 */
export function localView(view: CatalogView): CatalogView {
  if (!remoteViews.has(view)) return view;
  let local = vocabularyViews.get(view);
  if (!local) {
    local = { items: [], vocabulary: view.vocabulary };
    vocabularyViews.set(view, local);
  }
  return local;
}

/** See ./load.ts. */
export async function suggest(
  context: ProspectContext,
  options: SuggestOptions & { database?: PitchsideDb; catalog?: CatalogView } = {},
): Promise<Suggestion[]> {
  const sources = options.catalog ? remoteViews.get(options.catalog) : undefined;
  const worker = remote;
  if (sources && worker) {
    const { database: _database, catalog: _catalog, ...rest } = options;
    try {
      const answer = await ask<{ suggestions: Suggestion[] }>(worker, { type: 'suggest', sources, context, options: rest });
      return answer.suggestions;
    } catch {
      // the worker stopped: rank in the page below
    }
  }
  const engine = await load();
  // A view of the worker's holds no items: load the catalog here instead.
  if (sources) return engine.suggest(context, { ...options, catalog: await engine.loadCatalog(options.database, sources) });
  return engine.suggest(context, options);
}

/**
 * The catalog's newest items a rep may send (./load.ts `newestItems`), for the panel without a
 * prospect. A view of the worker's holds no items: the worker picks them.
 */
export async function newestItems(catalog: CatalogView, limit = 5, today = new Date().toISOString().slice(0, 10)): Promise<StoredItem[]> {
  const sources = remoteViews.get(catalog);
  const worker = remote;
  if (sources && worker) {
    try {
      return (await ask<{ items: StoredItem[] }>(worker, { type: 'newest', sources, limit, today })).items;
    } catch {
      // the worker stopped: pick them in the page below
    }
  }
  const engine = await load();
  if (sources) return engine.newestItems(await engine.loadCatalog(undefined, sources), limit, today);
  return engine.newestItems(catalog, limit, today);
}

/** See ./load.ts. */
export async function refreshSnapshot(database?: PitchsideDb): Promise<boolean> {
  return (await load()).refreshSnapshot(database);
}

// The side panel is the only page that imports this module. Reading and preparing the catalog
// starts as soon as it loads, alongside the panel asking the background for the tab's context,
// instead of after the first render: the first suggestions come that much sooner.
// In the panel that is the worker's start: it begins reading the snapshot at once.
if (typeof location !== 'undefined' && location.protocol === 'chrome-extension:' && /\/sidepanel\.html$/.test(location.pathname)) {
  void import('../db/database')
    .then(({ db }) => db().sources.toArray())
    .then((sources) => loadCatalog(undefined, sources))
    .catch(() => undefined);
}
