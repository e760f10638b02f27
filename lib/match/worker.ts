import { db } from '../db/database';
import type { CatalogSource } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { linkWorker, loadCatalog, newestItems } from './load';
import { rank, type SuggestOptions } from './suggest';

/**
 * The side panel's matcher, in a dedicated Web Worker (started by ./index.ts): reading the
 * snapshot from IndexedDB, decoding it, parsing items and ranking all happen here, so the
 * panel's main thread never blocks on a large catalog (100,000 items: about a second of work
 * when a new snapshot is read). When there is no snapshot of this catalog, it prepares the
 * index itself from the items, which is fine off the main thread (see `loadCatalog`).
 * A worker has no extension APIs: it asks the page to ask the background for a snapshot, and
 * tells it when a stale view was replaced; those two messages carry no `id`.
 */
export type WorkerRequest =
  | { id: number; type: 'load'; sources: CatalogSource[] }
  | { id: number; type: 'suggest'; sources: CatalogSource[]; context: ProspectContext; options: SuggestOptions }
  | { id: number; type: 'newest'; sources: CatalogSource[]; limit: number; today: string };

/** What the worker says unasked. */
export type WorkerNotice = { type: 'ask-background' } | { type: 'replaced' };

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: unknown): void };

linkWorker({
  askBackground: () => scope.postMessage({ type: 'ask-background' } satisfies WorkerNotice),
  replaced: () => scope.postMessage({ type: 'replaced' } satisfies WorkerNotice),
});

scope.onmessage = (event) => {
  const request = event.data;
  void (async () => {
    try {
      const view = await loadCatalog(db(), request.sources);
      if (request.type === 'load') scope.postMessage({ id: request.id, ok: true, count: view.items.length, vocabulary: view.vocabulary });
      else if (request.type === 'newest') scope.postMessage({ id: request.id, ok: true, items: newestItems(view, request.limit, request.today) });
      else scope.postMessage({ id: request.id, ok: true, suggestions: rank(request.context, view, request.options) });
    } catch (error) {
      scope.postMessage({ id: request.id, ok: false, error: (error as Error).message });
    }
  })();
};
