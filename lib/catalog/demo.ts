import demoCatalog from '../demo/catalog.json';
import { validateCatalog } from './schema';
import { DEMO_SOURCE_ID, replaceSourceItems } from './store';
import type { PitchsideDb } from '../db/database';

export { DEMO_SOURCE_ID };

/**
 * Loads the bundled demo catalog, so the first run is useful before anyone configures
 * anything. Called on install and update; a rep who removed the demo source keeps it removed.
 */
export async function installDemoCatalog(database: PitchsideDb, options: { force?: boolean } = {}): Promise<number> {
  const existing = await database.sources.get(DEMO_SOURCE_ID);
  if (!existing && !options.force && (await database.sources.count()) > 0) return 0;
  const result = validateCatalog(demoCatalog);
  if (!result.ok) throw new Error(`The bundled demo catalog is invalid: ${result.error}`);
  return replaceSourceItems(
    database,
    {
      id: DEMO_SOURCE_ID,
      kind: 'demo',
      name: 'Demo catalog (Corvana, fictional)',
      publisher: result.catalog.publisher,
      vocabulary: result.catalog.vocabulary,
      lastGoodSyncAt: Date.now(),
      problems: result.problems,
    },
    result.catalog.items,
  );
}
