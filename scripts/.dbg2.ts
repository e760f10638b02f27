import { loadEvalCatalog, loadJudged, judge, EVAL_DAY } from '../tests/eval/run';
import { rank } from '../lib/match/suggest';
const cat = loadEvalCatalog();
for (const set of ['contexts', 'holdout'] as const) for (const j of loadJudged(set)) {
  const r = rank(j.context, cat, { limit: 20, internalLimit: 10, query: j.query, now: EVAL_DAY });
  const o = judge(j, r);
  if (o.reciprocal < 1) console.log(set, j.id, o.reciprocal.toFixed(2), 'must', j.must.join(','), '\n   top', o.shared.slice(0, 5).join(' '), j.note ?? '');
}
