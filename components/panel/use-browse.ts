import { useEffect, useMemo, useState } from 'preact/hooks';
import type { StoredItem } from '@/lib/db/database';
import type { CatalogView, Suggestion } from '@/lib/match';
import { panelData } from './lazy';
import { isShareable } from '@/lib/catalog/types';

/** A catalog item shown without a prospect (newest, most shared): no reasons, no score. */
const browsed = (item: StoredItem): Suggestion => ({ item, score: 0, reasons: [], shareable: isShareable(item) });

const today = () => new Date().toISOString().slice(0, 10);

export interface Browse {
  newest: Suggestion[];
  shared: Suggestion[];
}

/**
 * What the panel lists without a prospect or a search: the catalog's newest items, and the ones
 * this rep shares most. Neither reads the catalog's items in the page: a large catalog's live in
 * the matcher's worker (the view here holds none), and a snapshot's are parsed when read. The
 * newest come from the matcher (in its worker when it has one), the shared ones straight from
 * IndexedDB by key (five items, found through their pages: lib/db/items.ts itemsByKey). Null
 * while not `active`.
 */
export function useBrowse(active: boolean, catalog: CatalogView | null, topShared: readonly string[]): Browse | null {
  const [newest, setNewest] = useState<{ catalog: CatalogView; items: StoredItem[] } | null>(null);
  const [shared, setShared] = useState<StoredItem[]>([]);
  useEffect(() => {
    if (!active || !catalog) return;
    let live = true;
    void panelData()
      .then(({ newestItems }) => newestItems(catalog, 5, today()))
      .catch(() => [])
      .then((items) => live && setNewest({ catalog, items }));
    return () => {
      live = false;
    };
  }, [active, catalog]);
  const keys = topShared.join('\n');
  useEffect(() => {
    if (!active || !topShared.length) {
      setShared([]);
      return;
    }
    let live = true;
    const day = today();
    void panelData()
      .then(({ db, itemsByKey }) => itemsByKey(db(), topShared))
      .then((items) => items.filter((item): item is StoredItem => Boolean(item && (!item.expiresAt || item.expiresAt >= day))))
      .catch(() => [])
      .then((items) => live && setShared(items));
    return () => {
      live = false;
    };
  }, [active, keys]);
  return useMemo(
    () => (active && catalog ? { newest: newest?.catalog === catalog ? newest.items.map(browsed) : [], shared: shared.map(browsed) } : null),
    [active, catalog, newest, shared],
  );
}
