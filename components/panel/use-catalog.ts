import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CatalogSource } from '@/lib/db/database';
import type { CatalogView } from '@/lib/match';
import { panelData } from './lazy';

/**
 * The catalog, loaded once and again whenever a sync or import lands while the panel is open:
 * Dexie's liveQuery hears writes from the background through BroadcastChannel. Also again when
 * the matcher's worker replaced a stale catalog by a fresh one with the sources unchanged.
 */
export function useCatalog(): { catalog: CatalogView | null; typeLabels: Map<string, string> } {
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  useEffect(() => {
    let latest: CatalogSource[] | undefined;
    let generation = 0;
    let stop: (() => void) | undefined;
    let live = true;
    void panelData().then(({ db, liveQuery, loadCatalog, onCatalogReplaced }) => {
      if (!live) return;
      // The newest load wins over an older one still running.
      const reload = () => {
        const run = ++generation;
        if (latest) void loadCatalog(db(), latest).then((view) => run === generation && setCatalog(view));
      };
      const subscription = liveQuery(() => db().sources.toArray()).subscribe((sources) => {
        latest = sources;
        reload();
      });
      const unlisten = onCatalogReplaced(reload);
      stop = () => {
        subscription.unsubscribe();
        unlisten();
      };
    });
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  const typeLabels = useMemo(() => new Map((catalog?.vocabulary.types ?? []).map((concept) => [concept.id, concept.label])), [catalog]);
  return { catalog, typeLabels };
}
