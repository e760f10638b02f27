import { db as openDefault, type PitchsideDb } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { mergeVocabularies, preparedFor, rank, type CatalogView, type SuggestOptions, type Suggestion } from './suggest';

export type { SuggestOptions, Suggestion, SuggestFilters, CatalogView } from './suggest';
export { rank, findConcepts, mergeVocabularies } from './suggest';

let cache: { stamp: string; view: Promise<CatalogView> } | undefined;

/**
 * Loads the cached catalog once per change of the sources table, and prepares its index
 * (tokenised fields, inverted index, concept postings) once with it: every suggestion after
 * the first reuses both. A sync or an import changes a source's stamp, which drops both.
 * Callers that ask while it loads share the one load (the panel asks several times as it opens).
 */
export async function loadCatalog(database: PitchsideDb = openDefault()): Promise<CatalogView> {
  const sources = await database.sources.toArray();
  const stamp = `${database.name}#${sources.map((s) => `${s.id}:${s.lastGoodSyncAt ?? 0}:${s.itemCount}`).join('|')}`;
  if (cache?.stamp === stamp) return cache.view;
  mark('pitchside:catalog-read');
  const view = database.items.toArray().then((items) => {
    mark('pitchside:catalog-read-done');
    const loaded: CatalogView = { items, vocabulary: mergeVocabularies(sources.map((s) => s.vocabulary)) };
    preparedFor(loaded);
    mark('pitchside:index-ready');
    return loaded;
  });
  const entry = { stamp, view };
  cache = entry;
  view.catch(() => {
    if (cache === entry) cache = undefined;
  });
  return view;
}

/** Performance marks for the bench (scripts/bench/match.ts) and the DevTools timeline. */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** Suggests collateral for a prospect from the catalog cached in IndexedDB. */
export async function suggest(
  context: ProspectContext,
  options: SuggestOptions & { database?: PitchsideDb } = {},
): Promise<Suggestion[]> {
  const view = await loadCatalog(options.database);
  return rank(context, view, options);
}

// The side panel is the only page that imports this module. Reading and preparing the catalog
// starts as soon as it loads, alongside the panel asking the background for the tab's context,
// instead of after the first render: the first suggestions come that much sooner.
if (typeof location !== 'undefined' && location.protocol === 'chrome-extension:' && /\/sidepanel\.html$/.test(location.pathname)) {
  void loadCatalog().catch(() => undefined);
}
