import type { Vocabulary } from './catalog/types';
import type { DailyCount, PitchsideDb, StoredEvent, StoredItem } from './db/database';
import { readCatalog } from './db/items';
import { rollUp, WELL_FIT } from './events';
import { mergeVocabularies } from './match/suggest';

/**
 * What marketing can learn from this browser's usage events (lib/events.ts): what reps share
 * and find useful week by week, what never comes up, what they reject and why, and the kinds
 * of prospects nothing fitted. Computed here, from events and their daily counts; nothing of
 * it leaves the browser unless the rep exports it.
 */

export interface ItemRef {
  itemKey: string;
  itemId: string;
  sourceId: string;
  title: string;
  url: string;
  /** False when the item is no longer in the catalog. */
  inCatalog: boolean;
}

export interface ItemCount extends ItemRef {
  count: number;
}

export interface WeekRow {
  /** Monday of the week (UTC), YYYY-MM-DD. */
  week: string;
  shares: number;
  useful: number;
  notUseful: number;
  impressions: number;
  /** Most shared and most useful items of the week, most first (at most TOP_PER_WEEK). */
  topShared: ItemCount[];
  topUseful: ItemCount[];
}

export interface RejectedItem extends ItemRef {
  notUseful: number;
  useful: number;
  reasons: Array<{ reason: string; count: number }>;
}

export interface ConceptRef {
  id: string;
  label: string;
}

export interface ContentGap {
  industry: ConceptRef | null;
  persona: ConceptRef | null;
  stage: ConceptRef | null;
  /** Prospects of this kind seen (one a record and day). */
  prospects: number;
  /** Of them, those for whom no suggestion fitted well. */
  unserved: number;
}

export interface Insights {
  /** First and last day with any event, YYYY-MM-DD; null when there is none. */
  from: string | null;
  to: string | null;
  totals: { shares: number; useful: number; notUseful: number; impressions: number; prospects: number };
  weeks: WeekRow[];
  mostShared: ItemCount[];
  mostUseful: ItemCount[];
  mostNotUseful: RejectedItem[];
  /** Catalog items never suggested and never shared in the history kept. */
  neverUsed: ItemRef[];
  catalogSize: number;
  gaps: ContentGap[];
  /** The threshold of "fitted well", for the page to explain. */
  wellFit: number;
}

export const TOP_PER_WEEK = 3;

/** Monday (UTC) of the ISO week holding `day`. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
}

/** Every week from the one of `from` to the one of `to`, none left out (empty weeks show as gaps). */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = new Date(`${weekOf(to)}T00:00:00Z`).getTime();
  for (let t = new Date(`${weekOf(from)}T00:00:00Z`).getTime(); t <= last && out.length < 530; t += 7 * 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

interface Tally {
  shared: number;
  useful: number;
  notUseful: number;
  suggested: number;
  reasons: Map<string, number>;
}

const sortCounts = (list: ItemCount[]) => list.sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));

/**
 * Everything the page shows, from daily counts (raw events rolled up on the fly, plus the rows
 * already rolled up) and the catalog. Pure, for tests.
 */
export function computeInsights(rows: readonly DailyCount[], catalog: ReadonlyMap<string, StoredItem>, vocabulary: Vocabulary): Insights {
  const ref = (itemKey: string): ItemRef => {
    const item = catalog.get(itemKey);
    const split = itemKey.indexOf('\u001f');
    const itemId = item?.id ?? (split >= 0 ? itemKey.slice(split + 1) : itemKey);
    return {
      itemKey,
      itemId,
      sourceId: item?.sourceId ?? (split >= 0 ? itemKey.slice(0, split) : ''),
      title: item?.title ?? itemId,
      url: item?.url ?? '',
      inCatalog: Boolean(item),
    };
  };
  const labels = new Map<string, string>();
  for (const list of ['industries', 'personas', 'stages'] as const) {
    for (const concept of vocabulary[list] ?? []) labels.set(`${list}:${concept.id}`, concept.label);
  }
  const concept = (list: 'industries' | 'personas' | 'stages', id: string): ConceptRef | null => (id ? { id, label: labels.get(`${list}:${id}`) ?? id } : null);

  const perItem = new Map<string, Tally>();
  const tally = (itemKey: string) => {
    let found = perItem.get(itemKey);
    if (!found) {
      found = { shared: 0, useful: 0, notUseful: 0, suggested: 0, reasons: new Map() };
      perItem.set(itemKey, found);
    }
    return found;
  };
  const weeks = new Map<string, { shares: Map<string, number>; useful: Map<string, number>; notUseful: number; impressions: number }>();
  const week = (day: string) => {
    const key = weekOf(day);
    let found = weeks.get(key);
    if (!found) {
      found = { shares: new Map(), useful: new Map(), notUseful: 0, impressions: 0 };
      weeks.set(key, found);
    }
    return found;
  };
  const add = (map: Map<string, number>, key: string, by: number) => map.set(key, (map.get(key) ?? 0) + by);
  const gaps = new Map<string, ContentGap>();
  let prospects = 0;
  let from: string | null = null;
  let to: string | null = null;

  for (const row of rows) {
    if (!from || row.day < from) from = row.day;
    if (!to || row.day > to) to = row.day;
    const w = week(row.day);
    if (row.action === 'suggested' && row.variant === 'prospects') {
      prospects += row.count;
      if (!row.industry && !row.persona && !row.stage) continue;
      const key = [row.industry, row.persona, row.stage].join('\u001f');
      const gap = gaps.get(key) ?? {
        industry: concept('industries', row.industry),
        persona: concept('personas', row.persona),
        stage: concept('stages', row.stage),
        prospects: 0,
        unserved: 0,
      };
      gap.prospects += row.count;
      gap.unserved += row.count - row.wellFit;
      gaps.set(key, gap);
      continue;
    }
    const t = tally(row.itemKey);
    if (row.action === 'suggested') {
      t.suggested += row.count;
      w.impressions += row.count;
    } else if (row.action === 'shared') {
      t.shared += row.count;
      add(w.shares, row.itemKey, row.count);
    } else {
      // A vote taken back (Undo) cancels one vote of its kind.
      const sign = row.variant.startsWith('undone-') ? -1 : 1;
      if (row.variant.endsWith('not-useful')) {
        t.notUseful += sign * row.count;
        w.notUseful += sign * row.count;
        add(t.reasons, row.reason, sign * row.count);
      } else {
        t.useful += sign * row.count;
        add(w.useful, row.itemKey, sign * row.count);
      }
    }
  }

  const top = (map: Map<string, number>, limit: number) =>
    sortCounts([...map].filter(([, count]) => count > 0).map(([itemKey, count]) => ({ ...ref(itemKey), count }))).slice(0, limit);
  const weekRows: WeekRow[] =
    from && to
      ? weeksBetween(from, to).map((key) => {
          const w = weeks.get(key);
          const sum = (map: Map<string, number> | undefined) =>
            Math.max(
              0,
              [...(map?.values() ?? [])].reduce((a, b) => a + b, 0),
            );
          return {
            week: key,
            shares: sum(w?.shares),
            useful: sum(w?.useful),
            notUseful: Math.max(0, w?.notUseful ?? 0),
            impressions: w?.impressions ?? 0,
            topShared: w ? top(w.shares, TOP_PER_WEEK) : [],
            topUseful: w ? top(w.useful, TOP_PER_WEEK) : [],
          };
        })
      : [];

  const all = [...perItem];
  const mostShared = sortCounts(all.filter(([, t]) => t.shared > 0).map(([key, t]) => ({ ...ref(key), count: t.shared })));
  const mostUseful = sortCounts(all.filter(([, t]) => t.useful > 0).map(([key, t]) => ({ ...ref(key), count: t.useful })));
  const mostNotUseful = all
    .filter(([, t]) => t.notUseful > 0)
    .map(([key, t]) => ({
      ...ref(key),
      notUseful: t.notUseful,
      useful: Math.max(0, t.useful),
      reasons: [...t.reasons]
        .filter(([reason, count]) => reason && count > 0)
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    }))
    .sort((a, b) => b.notUseful - a.notUseful || a.useful - b.useful || a.title.localeCompare(b.title));
  const neverUsed = [...catalog.values()]
    .filter((item) => {
      const t = perItem.get(item.key);
      return !t || (t.suggested === 0 && t.shared === 0);
    })
    .map((item) => ref(item.key))
    .sort((a, b) => a.title.localeCompare(b.title));
  const gapList = [...gaps.values()]
    .filter((gap) => gap.unserved > 0)
    .sort(
      (a, b) =>
        b.unserved - a.unserved || b.unserved / b.prospects - a.unserved / a.prospects || (a.industry?.label ?? '').localeCompare(b.industry?.label ?? ''),
    );

  const total = (pick: (t: Tally) => number) =>
    Math.max(
      0,
      all.reduce((sum, [, t]) => sum + pick(t), 0),
    );
  return {
    from,
    to,
    totals: {
      shares: total((t) => t.shared),
      useful: total((t) => t.useful),
      notUseful: total((t) => t.notUseful),
      impressions: total((t) => t.suggested),
      prospects,
    },
    weeks: weekRows,
    mostShared,
    mostUseful,
    mostNotUseful,
    neverUsed,
    catalogSize: catalog.size,
    gaps: gapList,
    wellFit: WELL_FIT,
  };
}

/** Raw events and daily rows as one list of daily counts. */
export function allCounts(events: readonly StoredEvent[], daily: readonly DailyCount[]): DailyCount[] {
  return [...daily, ...rollUp(events)];
}

export async function loadInsights(database: PitchsideDb): Promise<Insights> {
  const [events, daily, { items, sources }] = await Promise.all([database.events.toArray(), database.daily.toArray(), readCatalog(database)]);
  const catalog = new Map(items.map((item) => [item.key, item]));
  return computeInsights(allCounts(events, daily), catalog, mergeVocabularies(sources.map((s) => s.vocabulary)));
}

// ---------------------------------------------------------------------------------------------
// Export: the same figures as the page, as JSON or as one tidy CSV table.

export function insightsJson(insights: Insights, generatedAt = new Date()): string {
  return JSON.stringify({ generatedAt: generatedAt.toISOString(), ...insights }, null, 2);
}

export const CSV_COLUMNS = ['section', 'week', 'item_id', 'source_id', 'title', 'industry', 'persona', 'stage', 'reason', 'count', 'of'] as const;

function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row a figure: section, week, item, kind of prospect, reason, count (and `of`, a total). */
export function insightsCsv(insights: Insights): string {
  type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;
  const rows: Row[] = [];
  const item = (i: ItemRef) => ({ item_id: i.itemId, source_id: i.sourceId, title: i.title });
  for (const w of insights.weeks) {
    for (const i of w.topShared) rows.push({ section: 'most_shared_by_week', week: w.week, ...item(i), count: i.count, of: w.shares });
    for (const i of w.topUseful) rows.push({ section: 'most_useful_by_week', week: w.week, ...item(i), count: i.count, of: w.useful });
  }
  for (const i of insights.mostShared) rows.push({ section: 'most_shared', ...item(i), count: i.count });
  for (const i of insights.mostUseful) rows.push({ section: 'most_useful', ...item(i), count: i.count });
  for (const i of insights.mostNotUseful) {
    rows.push({ section: 'most_not_useful', ...item(i), count: i.notUseful });
    for (const r of i.reasons) rows.push({ section: 'not_useful_reason', ...item(i), reason: r.reason, count: r.count });
  }
  for (const i of insights.neverUsed) rows.push({ section: 'never_suggested_or_shared', ...item(i) });
  for (const g of insights.gaps) {
    rows.push({ section: 'content_gap', industry: g.industry?.label, persona: g.persona?.label, stage: g.stage?.label, count: g.unserved, of: g.prospects });
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
