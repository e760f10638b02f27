import { useEffect, useMemo, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { db } from '@/lib/db/database';
import { loadCatalog, type CatalogView } from '@/lib/match';

/**
 * The catalog, loaded once and again whenever a sync or import lands while the panel is open:
 * Dexie's liveQuery hears writes from the background through BroadcastChannel.
 */
export function useCatalog(): { catalog: CatalogView | null; typeLabels: Map<string, string> } {
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  useEffect(() => {
    const subscription = liveQuery(() => db().sources.toArray()).subscribe((sources) => {
      void loadCatalog(db(), sources).then(setCatalog);
    });
    return () => subscription.unsubscribe();
  }, []);
  const typeLabels = useMemo(() => new Map((catalog?.vocabulary.types ?? []).map((concept) => [concept.id, concept.label])), [catalog]);
  return { catalog, typeLabels };
}
