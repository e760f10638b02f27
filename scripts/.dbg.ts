import { readFileSync } from 'node:fs';
import { parseCatalogJson } from '../lib/catalog/schema';
import { analyzeContext, rank, preparedFor } from '../lib/match/suggest';
const H = '/work/shared/eval/halvard';
const parsed: any = parseCatalogJson(readFileSync(`${H}/catalog.json`, 'utf8'));
const items = parsed.catalog.items.map((item: any) => ({ ...item, key: `cli\u001f${item.id}`, sourceId: 'cli' }));
const view = { items, vocabulary: parsed.catalog.vocabulary };
const id = process.argv[2]!;
const ctx = JSON.parse(readFileSync(`${H}/contexts/${id}.json`, 'utf8'));
const j = JSON.parse(readFileSync(`${H}/judgments.json`, 'utf8'))[id];
const index = preparedFor(view);
const a = analyzeContext(ctx, index);
console.log('industry', a.industry, 'lang', a.language, a.languageKnown, 'thin', a.thin);
for (const c of a.concepts) console.log(' C', c.list, c.concept.id, c.weight.toFixed(2), c.via, (c as any).from ?? '');
console.log(' T', a.terms.map((t) => `${t.term}:${t.weight.toFixed(2)}`).join(' '));
const out = rank(ctx, view, { limit: 30, now: new Date('2026-11-23') });
out.forEach((s, i) => console.log(i + 1, s.score, j.must.includes(s.item.id) ? 'MUST' : j.good.includes(s.item.id) ? 'good' : j.never.includes(s.item.id) ? 'NEVER' : '', s.item.id, '|', s.reasons.join(' · ')));
console.log('must', j.must, 'good', j.good);
import { conceptWeight, termWeight } from '../lib/match/score';
import { conceptKey } from '../lib/match/prepare';
const want = (process.argv[3] ?? '').split(',').filter(Boolean);
for (const iid of want) {
  const doc = index.items.findIndex((x: any) => x.id === iid);
  const parts: string[] = [];
  let tot = 0;
  for (const f of a.concepts) {
    const docs = index.postings.get(conceptKey(f.list, f.concept.id));
    if (!docs || !docs.includes(doc)) continue;
    const c = index.tagCount[f.list][doc]!;
    const v = conceptWeight(f, docs.length, index.items.length) / (c > 1 ? Math.sqrt(c) : 1);
    tot += v; parts.push(`${f.concept.id}=${v.toFixed(2)}(df${docs.length},c${c})`);
  }
  for (const t of a.terms) {
    const e = index.terms.get(t.term)!; const i = Array.from(e.docs).indexOf(doc); if (i < 0) continue;
    const f = e.tf[i]!; const w = termWeight(t, e.docs.length, index.items.length) * 2.2;
    const v = (w * f) / (f + 1.2 * 0.25 + (1.2 * 0.75 / index.avgLength) * index.docLength[doc]!);
    tot += v; parts.push(`"${t.term}"=${v.toFixed(2)}`);
  }
  console.log(iid, 'raw', tot.toFixed(2), parts.join(' '), 'tags', JSON.stringify({i: index.items[doc].industries, p: index.items[doc].personas, pr: index.items[doc].products, st: index.items[doc].stages, r: index.items[doc].regions, t: index.items[doc].type}));
}
