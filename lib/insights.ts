import type { Feedback, PitchsideDb, Share, StoredItem } from './db/database';

export interface ItemInsight {
  itemKey: string;
  title: string;
  url: string;
  shares: number;
  prospects: number;
  useful: number;
  notUseful: number;
  lastSharedAt: number | null;
}

export interface Insights {
  since: number;
  shares: number;
  prospects: number;
  items: ItemInsight[];
}

/**
 * What this rep shared and rated, computed from this browser's own records. Nothing of it
 * leaves the browser: it is the rep's view of what works, not a report to anyone.
 */
export function summarize(shares: readonly Share[], feedback: readonly Feedback[], items: ReadonlyMap<string, StoredItem>, since: number): Insights {
  const byItem = new Map<string, ItemInsight & { prospectSet: Set<string> }>();
  const entry = (itemKey: string) => {
    let found = byItem.get(itemKey);
    if (!found) {
      const item = items.get(itemKey);
      found = {
        itemKey,
        title: item?.title ?? 'An item no longer in the catalog',
        url: item?.url ?? '',
        shares: 0,
        prospects: 0,
        useful: 0,
        notUseful: 0,
        lastSharedAt: null,
        prospectSet: new Set(),
      };
      byItem.set(itemKey, found);
    }
    return found;
  };
  const recent = shares.filter((share) => share.at >= since);
  for (const share of recent) {
    const e = entry(share.itemKey);
    e.shares += 1;
    e.prospectSet.add(share.recordKey);
    e.lastSharedAt = Math.max(e.lastSharedAt ?? 0, share.at);
  }
  for (const vote of feedback) {
    const e = entry(vote.itemKey);
    if (vote.useful) e.useful += 1;
    else e.notUseful += 1;
  }
  const list = [...byItem.values()].map(({ prospectSet, ...rest }) => ({ ...rest, prospects: prospectSet.size }));
  list.sort((a, b) => b.shares - a.shares || b.useful - a.useful || a.title.localeCompare(b.title));
  return { since, shares: recent.length, prospects: new Set(recent.map((s) => s.recordKey)).size, items: list };
}

export async function loadInsights(database: PitchsideDb, days = 30, now = Date.now()): Promise<Insights> {
  const since = now - days * 86_400_000;
  const [shares, feedback] = await Promise.all([database.shares.where('id').above(0).toArray(), database.feedback.toArray()]);
  const keys = [...new Set([...shares.map((s) => s.itemKey), ...feedback.map((f) => f.itemKey)])];
  const found = await database.items.bulkGet(keys);
  const items = new Map(found.filter((item): item is StoredItem => Boolean(item)).map((item) => [item.key, item]));
  return summarize(shares, feedback, items, since);
}
