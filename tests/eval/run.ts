/**
 * Relevance of the matcher on the judged set (see README.md): hit@5, MRR and never-violations,
 * for the matcher and, in the same run, for two baselines: plain word overlap, and the first
 * ranking the matcher replaced. Tuning and holdout sets are reported separately.
 *
 *   npx tsx tests/eval/run.ts            summary
 *   npx tsx tests/eval/run.ts --details  and the misses of the tuning set
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogJson } from '../../lib/catalog/schema';
import type { ProspectContext } from '../../lib/context/schema';
import type { StoredItem } from '../../lib/db/database';
import { loadCatalogFile, loadContexts, loadJudgments } from '../../lib/cli/judged';
import { scoreSet, type Judgment } from '../../lib/match/metrics';
import { rank, type CatalogView, type SuggestOptions, type Suggestion } from '../../lib/match/suggest';
import { tokens } from '../../lib/match/text';

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

/** The function words the baseline drops: fixed, so that the matcher's own list can grow without moving the baseline. */
const BASELINE_STOPWORDS_BY_LANGUAGE: Record<string, string> = {
  en: 'a an and the of at in on for to with by from or is are be as our we you your i my this that it its was were will have has had not but all about into over than more most who what when which their them they he she his her us also can just so',
  de: 'der die das und oder mit bei für fur von zu im in am an auf ist sind ein eine einer eines dem den des nicht auch wir unser unsere sie es als nach wie aus über uber zum zur',
  fr: 'le la les et ou de des du un une au aux avec pour par chez dans sur est sont nous notre nos vous leur ce cette qui que pas plus en',
  es: 'el la los las y o de del un una con para por en es son nosotros nuestro nuestra nuestros su sus que al lo como mas más',
  it: 'il lo gli le e di da con per tra fra un una della dello degli delle nel nella sono che non',
  nl: 'de het een en van met voor op bij is zijn wij onze niet ook dat die',
  pt: 'o os as e de do da dos das um uma com para por em no na é são nosso nossa que não',
};

const BASELINE_STOPWORDS = new Set(Object.values(BASELINE_STOPWORDS_BY_LANGUAGE).flatMap((words) => tokens(words)));

type Ranker = (context: ProspectContext, catalog: CatalogView, options: SuggestOptions) => Suggestion[];

/** Plain word overlap: how many of the context's words the item's title, description and keywords hold. */
export const wordOverlap: Ranker = (context, catalog, options) => {
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const text = [
    context.title,
    context.company,
    context.industry,
    context.companySize,
    context.stage,
    ...(context.products ?? []),
    ...(context.competitors ?? []),
    context.text,
    options.query,
  ]
    .filter(Boolean)
    .join(' ');
  const words = new Set(tokens(text).filter((w) => w.length > 2 && !BASELINE_STOPWORDS.has(w)));
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
  const shared = ranked
    .filter((s) => !s.item.internalOnly)
    .map((s) => s.item.id)
    .slice(0, 10);
  const internal = ranked
    .filter((s) => s.item.internalOnly)
    .map((s) => s.item.id)
    .slice(0, 10);
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

/** `../shared` beside the repository (where CI puts it), or `PITCHSIDE_SHARED` (a worktree elsewhere). */
const HALVARD = join(process.env.PITCHSIDE_SHARED ?? join(here, '../../../shared'), 'eval/halvard');

/** A judged set in one shape: the view, each context (with its typed query) and its judgment. */
export interface JudgedSet {
  name: string;
  view: CatalogView;
  contexts: Map<string, { context: ProspectContext; query?: string }>;
  judgments: Record<string, Judgment>;
}

export function ownSet(name: 'contexts' | 'holdout', view = loadEvalCatalog()): JudgedSet {
  const judged = loadJudged(name);
  return {
    name: `tests/eval ${name === 'contexts' ? 'tuning' : 'holdout'}`,
    view,
    contexts: new Map(judged.map((j) => [j.id, { context: j.context, query: j.query }])),
    judgments: Object.fromEntries(judged.map((j) => [j.id, { must: j.must, never: j.never }])),
  };
}

/** The shared halvard set when ../shared is present (CI puts it there); undefined otherwise. */
export async function halvardSet(dir = HALVARD): Promise<JudgedSet | undefined> {
  return directorySet(dir, 'halvard (../shared)');
}

/** The sets written blind to the matcher (their README.md): a catalog and prospects each. */
export async function blindSet(name: 'quillon' | 'ferrovane' | 'velloran'): Promise<JudgedSet> {
  const set = await directorySet(join(here, name), `tests/eval ${name}`);
  if (!set) throw new Error(`tests/eval/${name} is missing`);
  return set;
}

/** A judged set laid out as `pitchside eval` reads one: catalog.json, contexts/, judgments.json. */
async function directorySet(dir: string, name: string): Promise<JudgedSet | undefined> {
  if (!existsSync(join(dir, 'judgments.json'))) return undefined;
  const problems: string[] = [];
  const view = await loadCatalogFile(join(dir, 'catalog.json'), process.cwd(), problems);
  const contexts = await loadContexts(join(dir, 'contexts'), process.cwd(), problems);
  const judgments = await loadJudgments(join(dir, 'judgments.json'), process.cwd(), problems);
  if (!view || !contexts || !judgments) throw new Error(problems.join('\n'));
  return { name, view, contexts: new Map([...contexts].map(([id, context]) => [id, { context }])), judgments };
}

/** Each context's ranking as one list, as `rank` returns it (internal items capped at 3 of 10). */
export function results(ranker: Ranker, set: JudgedSet): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, { context, query }] of set.contexts)
    out[id] = ranker(context, set.view, { limit: 10, query, now: EVAL_DAY })
      .slice(0, 10)
      .map((s) => s.item.id);
  return out;
}

async function main() {
  const details = process.argv.includes('--details');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const rankers: Array<[string, Ranker]> = [
    ['matcher', rank],
    ['word overlap', wordOverlap],
  ];
  const fmt = (x: number) => x.toFixed(3);
  const view = loadEvalCatalog();
  const sets: Array<JudgedSet | string> = [
    ownSet('contexts', view),
    ownSet('holdout', view),
    await blindSet('quillon'),
    await blindSet('ferrovane'),
    await blindSet('velloran'),
  ];
  const halvard = await halvardSet();
  sets.push(halvard ?? 'halvard (../shared/eval/halvard): not found, skipped');
  console.log('set                         ranker         hit@5  MRR    nDCG@10  never  empty');
  for (const set of sets) {
    if (typeof set === 'string') {
      console.log(set);
      continue;
    }
    if (only && !set.name.includes(only)) continue;
    for (const [label, ranker] of rankers) {
      const score = scoreSet(set.judgments, results(ranker, set));
      console.log(
        `${`${set.name} (${score.contexts})`.padEnd(28)}${label.padEnd(15)}${fmt(score.hitAt5)}  ${fmt(score.mrr)}  ${fmt(score.ndcg10)}    ${String(score.never).padEnd(5)}  ${score.empty}`,
      );
      if (details && label === 'matcher') {
        for (const row of score.rows.filter((r) => !r.hit || r.reciprocal < 1 || r.never.length > 0 || r.ndcg < 0.5)) {
          console.log(
            `    ${row.id} first=${row.first ?? '-'} ndcg=${fmt(row.ndcg)} never=${row.never.join(',') || '-'}\n      top: ${row.top.join(' ')}\n      must: ${set.judgments[row.id]!.must.join(' ')}`,
          );
        }
      }
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
