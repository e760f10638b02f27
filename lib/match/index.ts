import type { CatalogSource, PitchsideDb } from '../db/database';
import type { ProspectContext } from '../context/schema';
import type { CatalogView, SuggestOptions, Suggestion } from './suggest';

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

/** See ./load.ts. */
export async function loadCatalog(database?: PitchsideDb, known?: readonly CatalogSource[]): Promise<CatalogView> {
  return (await load()).loadCatalog(database, known);
}

/** See ./load.ts. */
export async function suggest(context: ProspectContext, options: SuggestOptions & { database?: PitchsideDb; catalog?: CatalogView } = {}): Promise<Suggestion[]> {
  return (await load()).suggest(context, options);
}

/** See ./load.ts. */
export async function refreshSnapshot(database?: PitchsideDb): Promise<boolean> {
  return (await load()).refreshSnapshot(database);
}

// The side panel is the only page that imports this module. Reading and preparing the catalog
// starts as soon as it loads, alongside the panel asking the background for the tab's context,
// instead of after the first render: the first suggestions come that much sooner.
if (typeof location !== 'undefined' && location.protocol === 'chrome-extension:' && /\/sidepanel\.html$/.test(location.pathname)) {
  void loadCatalog().catch(() => undefined);
}
