/**
 * Relevance of the matcher on the judged set (see README.md): hit@5, MRR and never-violations,
 * for the matcher and, in the same run, for two baselines: plain word overlap, and the first
 * ranking the matcher replaced. Tuning and holdout sets are reported separately.
 *
 *   npx tsx tests/eval/run.ts            summary
 *   npx tsx tests/eval/run.ts --details  and the misses of the tuning set
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogJson } from '../../lib/catalog/schema';
import type { ProspectContext } from '../../lib/context/schema';
import type { StoredItem } from '../../lib/db/database';
import { rankSimple } from '../../lib/match/baseline';
import { rank, type CatalogView, type SuggestOptions, type Suggestion } from '../../lib/match/suggest';
import { isStopword, tokens } from '../../lib/match/text';

const here = dirname(fileURLToPath(import.meta.url));
/** The judged set was written on this day; expiry is judged against it. */
export const EVAL_DAY = new Date('2026-11-23T12:00:00Z');

export interface Judged {
  id: string;
  note?: string;
  context: ProspectContext;
  query?: string;
  must: string[];
  never: string[];
}

export function loadEvalCatalog(): CatalogView {
  const parsed = parseCatalogJson(readFileSync(join(here, 'catalog.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const items: StoredItem[] = parsed.catalog.items.map((item) => ({ ...item, key: `eval\u001f${item.id}`, sourceId: 'eval' }));
  return { items, vocabulary: parsed.catalog.vocabulary };
}

export function loadJudged(name: 'contexts' | 'holdout'): Judged[] {
  return JSON.parse(readFileSync(join(here, `${name}.json`), 'utf8')) as Judged[];
}

type Ranker = (context: ProspectContext, catalog: CatalogView, options: SuggestOptions) => Suggestion[];

/** Plain word overlap: how many of the context's words the item's title, description and keywords hold. */
export const wordOverlap: Ranker = (context, catalog, options) => {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const text = [context.title, context.company, context.industry, context.companySize, context.stage, ...(context.products ?? []), ...(context.competitors ?? []), context.text, options.query].filter(Boolean).join(' ');
  const words = new Set(tokens(text).filter((w) => w.length > 2 && !isStopword(w)));
  const queryWords = new Set(tokens(options.query ?? '').filter((w) => w.length > 1));
  const out: Suggestion[] = [];
  for (const item of catalog.items) {
    if (item.expiresAt && item.expiresAt < today) continue;
    const itemWords = new Set(tokens(`${item.title} ${item.description ?? ''} ${item.keywords.join(' ')}`));
    if (queryWords.size > 0 && ![...queryWords].some((w) => itemWords.has(w))) continue;
    const score = [...words].filter((w) => itemWords.has(w)).length;
    if (score > 0) out.push({ item, score, reasons: [], shareable: !item.gated && !item.internalOnly });
  }
  return out.sort((a, b) => b.score - a.score || a.item.title.localeCompare(b.item.title));
};

export interface Outcome {
  id: string;
  /** Must items found among the first 5 of their list. */
  found: number;
  must: number;
  reciprocal: number;
  violations: string[];
  missed: string[];
  shared: string[];
  internal: string[];
}

/** The panel shows items to share and items to prepare apart: positions count within each list. */
export function judge(judged: Judged, ranked: Suggestion[]): Outcome {
  const shared = ranked.filter((s) => !s.item.internalOnly).map((s) => s.item.id).slice(0, 10);
  const internal = ranked.filter((s) => s.item.internalOnly).map((s) => s.item.id).slice(0, 10);
  const position = (id: string) => {
    const i = shared.indexOf(id);
    return i >= 0 ? i : internal.indexOf(id);
  };
  const positions = judged.must.map(position);
  const hits = positions.filter((p) => p >= 0 && p < 5).length;
  const firstFound = positions.filter((p) => p >= 0).sort((a, b) => a - b)[0];
  return {
    id: judged.id,
    found: hits,
    must: judged.must.length,
    reciprocal: firstFound === undefined ? 0 : 1 / (firstFound + 1),
    violations: judged.never.filter((id) => position(id) >= 0),
    missed: judged.must.filter((_, i) => !(positions[i]! >= 0 && positions[i]! < 5)),
    shared,
    internal,
  };
}

export function evaluate(ranker: Ranker, catalog: CatalogView, set: Judged[]) {
  const outcomes = set.map((judged) => judge(judged, ranker(judged.context, catalog, { limit: 20, internalLimit: 10, query: judged.query, now: EVAL_DAY })));
  const must = outcomes.reduce((sum, o) => sum + o.must, 0);
  return {
    outcomes,
    hitAt5: outcomes.reduce((sum, o) => sum + o.found, 0) / must,
    contextsAllFound: outcomes.filter((o) => o.found === o.must).length / outcomes.length,
    mrr: outcomes.reduce((sum, o) => sum + o.reciprocal, 0) / outcomes.length,
    violations: outcomes.reduce((sum, o) => sum + o.violations.length, 0),
  };
}

function main() {
  const catalog = loadEvalCatalog();
  const details = process.argv.includes('--details');
  const rankers: Array<[string, Ranker]> = [
    ['matcher', rank],
    ['word overlap', wordOverlap],
    ['first ranking', (c, cat, o) => rankSimple(c, cat, { ...o, limit: 100 })],
  ];
  const fmt = (x: number) => x.toFixed(3);
  const sets = process.argv.includes('--tuning-only') ? (['contexts'] as const) : (['contexts', 'holdout'] as const);
  for (const name of sets) {
    const set = loadJudged(name);
    console.log(`\n${name === 'contexts' ? 'Tuning set' : 'Holdout set'} (${set.length} contexts, ${set.reduce((s, j) => s + j.must.length, 0)} must items)`);
    console.log('  ranker          hit@5   all-found  MRR     never-violations');
    for (const [label, ranker] of rankers) {
      const result = evaluate(ranker, catalog, set);
      console.log(`  ${label.padEnd(14)}  ${fmt(result.hitAt5)}   ${fmt(result.contextsAllFound)}      ${fmt(result.mrr)}   ${result.violations}`);
      if (details && label === 'matcher' && (name === 'contexts' || process.argv.includes('--holdout-details'))) {
        for (const o of result.outcomes.filter((o) => o.missed.length > 0 || o.violations.length > 0)) {
          console.log(`    ${o.id}: missed ${o.missed.join(', ') || '-'}; violations ${o.violations.join(', ') || '-'}`);
          console.log(`       share: ${o.shared.join(', ')}\n       prepare: ${o.internal.join(', ')}`);
        }
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
