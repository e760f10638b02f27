/**
 * Scores of a ranking against judged prospects (the judged-set format: per context `must`,
 * `good` and `never` item ids): hit@5, MRR, nDCG@10 (gain 3 for must, 1 for good) and
 * never-violations (never items in the top 10). Pure: the CLI and the eval read the files.
 */
export interface Judgment {
  must: string[];
  good?: string[];
  never?: string[];
  why?: string;
}

export interface ContextScore {
  id: string;
  hit: number;
  /** 1-based rank of the first must item, or undefined. */
  first?: number;
  reciprocal: number;
  ndcg: number;
  never: string[];
  top: string[];
}

export interface SetScore {
  contexts: number;
  hitAt5: number;
  mrr: number;
  ndcg10: number;
  never: number;
  /** Contexts whose list is empty. */
  empty: number;
  rows: ContextScore[];
}

export function scoreContext(id: string, judgment: Judgment, ranked: readonly string[]): ContextScore {
  const seen = new Set<string>();
  const list = ranked.filter((x) => !seen.has(x) && Boolean(seen.add(x)));
  const must = new Set(judgment.must);
  const good = new Set(judgment.good ?? []);
  const never = new Set(judgment.never ?? []);
  const firstIndex = list.findIndex((x) => must.has(x));
  const gain = (x: string) => (must.has(x) ? 3 : good.has(x) ? 1 : 0);
  const dcg = list.slice(0, 10).reduce((s, x, i) => s + gain(x) / Math.log2(i + 2), 0);
  const ideal = [...Array<number>(must.size).fill(3), ...Array<number>(good.size).fill(1)].slice(0, 10);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return {
    id,
    hit: list.slice(0, 5).some((x) => must.has(x)) ? 1 : 0,
    first: firstIndex >= 0 ? firstIndex + 1 : undefined,
    reciprocal: firstIndex >= 0 ? 1 / (firstIndex + 1) : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
    never: list.slice(0, 10).filter((x) => never.has(x)),
    top: list.slice(0, 10),
  };
}

export function scoreSet(judgments: Readonly<Record<string, Judgment>>, results: Readonly<Record<string, readonly string[]>>): SetScore {
  const ids = Object.keys(judgments).sort();
  const rows = ids.map((id) => scoreContext(id, judgments[id]!, results[id] ?? []));
  const n = rows.length || 1;
  return {
    contexts: rows.length,
    hitAt5: rows.reduce((s, r) => s + r.hit, 0) / n,
    mrr: rows.reduce((s, r) => s + r.reciprocal, 0) / n,
    ndcg10: rows.reduce((s, r) => s + r.ndcg, 0) / n,
    never: rows.reduce((s, r) => s + r.never.length, 0),
    empty: ids.filter((id) => (results[id] ?? []).length === 0).length,
    rows,
  };
}
