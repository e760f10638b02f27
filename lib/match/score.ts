import { isShareable, vocabularyLists, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { bm25Idf, mainLanguage, type Analysis, type ContextTerm, type FoundConcept } from './analyse';
import { explain, MAX_REASONS } from './explain';
import { conceptKey, dayNumber, type PreparedCatalog } from './prepare';
import { normalize } from './text';
import type { SuggestFilters, SuggestOptions, Suggestion } from './suggest';
import {
  B,
  EVERGREEN_PRIOR,
  FRESH_DAYS,
  FRESHNESS,
  K1,
  LANGUAGE_MAIN_FALLBACK,
  LANGUAGE_OTHER,
  LANGUAGE_UNKNOWN_OTHER,
  LANGUAGE_UNTAGGED,
  LIST_WEIGHTS,
  OTHER_COMPETITOR,
  OTHER_PERSONA,
  OTHER_INDUSTRY_INFERRED,
  OTHER_INDUSTRY_STATED,
  OTHER_PRODUCT,
  OTHER_SIZE,
  OTHER_STAGE,
  OTHER_REGION,
  OWN_ACCOUNT,
  PRODUCT_OWN_ITEM,
  QUERY_CONCEPT_BOOST,
  RELATIVE_CUTOFF,
  SURE_INFERENCE,
  TEXT_WEIGHT,
  THIN_BOOST,
  UNCOVERED_INDUSTRY,
  UNKNOWN_INDUSTRY,
} from './weights';

/**
 * Step two of three (analyse → score → explain). The one scoring function: what a found
 * concept and a context word are worth is defined here once, and explain.ts ranks its reasons
 * with these very functions.
 */

export function idf(df: number, n: number): number {
  return Math.log(1 + n / Math.max(1, df));
}

/** What a found concept adds to each item tagged with it (before the item's specificity). */
export function conceptWeight(found: FoundConcept, df: number, n: number): number {
  return LIST_WEIGHTS[found.list] * found.weight * idf(df, n) * (found.via === 'query' ? QUERY_CONCEPT_BOOST : 1);
}

/** What a context word adds, at most (BM25F saturates it by the item's term frequency). */
export function termWeight(term: ContextTerm, df: number, n: number): number {
  return term.weight * bm25Idf(df, n) * (term.query ? 1 : TEXT_WEIGHT);
}

const LIST_BIT = Object.fromEntries(vocabularyLists.map((list, i) => [list, 1 << i])) as Record<VocabularyList, number>;

interface Scored {
  doc: number;
  score: number;
}

/** Keeps the `size` best, best first. */
class TopK {
  readonly entries: Scored[] = [];
  constructor(private readonly size: number) {}
  floor(): number {
    if (this.size <= 0) return Number.POSITIVE_INFINITY;
    return this.entries.length < this.size ? Number.NEGATIVE_INFINITY : this.entries[this.entries.length - 1]!.score;
  }
  push(entry: Scored, items: readonly StoredItem[]): void {
    if (this.size <= 0) return;
    const list = this.entries;
    if (list.length >= this.size && !better(entry, list[list.length - 1]!, items)) return;
    let i = list.length;
    while (i > 0 && better(entry, list[i - 1]!, items)) i--;
    list.splice(i, 0, entry);
    if (list.length > this.size) list.pop();
  }
}

function better(a: Scored, b: Scored, items: readonly StoredItem[]): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return items[a.doc]!.title.localeCompare(items[b.doc]!.title) < 0;
}

/**
 * Evergreen introductions: no industry, competitor or size band, most products (or none), and
 * made for the opening of a relationship (no stage, or the vocabulary's first stage).
 */
const evergreenDocs = new WeakMap<PreparedCatalog, Int32Array>();
export function evergreen(index: PreparedCatalog): Int32Array {
  let docs = evergreenDocs.get(index);
  if (!docs) {
    const shapes = introductionShapes(index);
    const out: number[] = [];
    for (let doc = 0; doc < index.items.length; doc++) if (shapes[doc] === INTRO_ANY) out.push(doc);
    docs = Int32Array.from(out);
    evergreenDocs.set(index, docs);
  }
  return docs;
}

/**
 * Items made only for the vocabulary's last stage, of three or more (its stages run in the order
 * of a deal, as the first is the opening one): after the sale, onboarding for customers.
 */
const lastStageCache = new WeakMap<PreparedCatalog, Uint8Array | undefined>();
function lastStageOnly(index: PreparedCatalog): Uint8Array | undefined {
  if (lastStageCache.has(index)) return lastStageCache.get(index);
  const stages = index.vocabulary.stages ?? [];
  let out: Uint8Array | undefined;
  if (stages.length >= 3) {
    out = new Uint8Array(index.items.length);
    for (const doc of index.postings.get(conceptKey('stages', stages[stages.length - 1]!.id)) ?? []) if (index.tagCount.stages[doc] === 1) out[doc] = 1;
  }
  lastStageCache.set(index, out);
  return out;
}

/**
 * The products of a bundle, as its vocabulary names it by its parts ("Reliability Suite (Sense +
 * Pulse)", "Unify + Journeys + Signal"): product → the others named in its label or an alias,
 * when it names two or more.
 */
export function bundleParts(index: Pick<PreparedCatalog, 'vocabulary'>): Map<string, string[]> {
  const products = index.vocabulary.products ?? [];
  const labels = products.map((p) => normalize(p.label).split(' '));
  // The brand every label shares ("Ferrovane Sense", "Ferrovane Pulse"): a part is named without it.
  const brand = new Set(labels[0]?.filter((word) => labels.every((l) => l.includes(word))));
  const names = products.map((p, i) => {
    const short = labels[i]!.filter((word) => !brand.has(word)).join(' ');
    return [p.label, ...(p.aliases ?? []), short].map((n) => ` ${normalize(n)} `).filter((n) => n.trim());
  });
  const out = new Map<string, string[]>();
  products.forEach((product, i) => {
    const parts = products.filter((_, j) => j !== i && names[j]!.some((part) => names[i]!.some((own) => own !== part && own.includes(part))));
    if (parts.length >= 2)
      out.set(
        product.id,
        parts.map((p) => p.id),
      );
  });
  return out;
}

/** Per item, how many of the vocabulary's products it is made for, a bundle counting as its parts. */
const productCountCache = new WeakMap<PreparedCatalog, Uint8Array>();
function productsCovered(index: PreparedCatalog): Uint8Array {
  let counts = productCountCache.get(index);
  if (!counts) {
    counts = Uint8Array.from(index.tagCount.products);
    const products = index.vocabulary.products ?? [];
    const bundles = bundleParts(index);
    if (bundles.size > 0 && products.length <= 31) {
      const bit = new Map(products.map((p, i) => [p.id, 1 << i]));
      const masks = new Int32Array(index.items.length);
      for (const p of products) {
        let mask = bit.get(p.id)!;
        for (const part of bundles.get(p.id) ?? []) mask |= bit.get(part)!;
        for (const doc of index.postings.get(conceptKey('products', p.id)) ?? []) masks[doc]! |= mask;
      }
      masks.forEach((mask, doc) => {
        let c = 0;
        for (let rest = mask; rest !== 0; rest &= rest - 1) c++;
        counts![doc] = Math.max(counts![doc]!, c);
      });
    }
    productCountCache.set(index, counts);
  }
  return counts;
}

/** An introduction for any prospect; for one industry (its only one); for a later stage than the first. */
const INTRO_ANY = 1;
const INTRO_INDUSTRY = 2;
const INTRO_STAGE = 4;

/**
 * Per item, the kind of introduction it is (0: none). An introduction has no competitor or size
 * restriction and is made for most products. It is for any prospect when it has no industry
 * restriction and is for the opening stage (or none); an item that would be one but for a single
 * industry, or a later stage, is the introduction for prospects of that industry or stage
 * ("Tessaro for life sciences distribution", the contract FAQ of the negotiation stage), and may
 * name no product at all.
 */
const introShapeCache = new WeakMap<PreparedCatalog, Uint8Array>();
function introductionShapes(index: PreparedCatalog): Uint8Array {
  let shapes = introShapeCache.get(index);
  if (!shapes) {
    const products = index.vocabulary.products?.length ?? 0;
    const first = index.vocabulary.stages?.[0];
    const firstStage = new Uint8Array(index.items.length);
    for (const doc of (first && index.postings.get(conceptKey('stages', first.id))) || []) firstStage[doc] = 1;
    const opening = (doc: number) => index.tagCount.stages[doc] === 0 || firstStage[doc] === 1;
    // Tagged with none of a list's concepts, or with all of them: no restriction.
    const unrestricted = (doc: number, list: VocabularyList) => index.tagCount[list][doc] === 0 || taggedWithAll(index, list, doc);
    const covered = productsCovered(index);
    shapes = new Uint8Array(index.items.length);
    for (let doc = 0; doc < index.items.length; doc++) {
      if (index.internal[doc] || index.tagCount.competitors[doc]! > 0 || !unrestricted(doc, 'companySizes')) continue;
      const tagged = covered[doc]!;
      const broad = products === 0 ? tagged === 0 : tagged >= Math.max(2, products / 2);
      if (!broad && tagged !== 0) continue;
      const anyIndustry = unrestricted(doc, 'industries');
      if (!anyIndustry && index.tagCount.industries[doc] !== 1) continue;
      const stage = opening(doc) ? 0 : INTRO_STAGE;
      // An item with no product tag introduces the vendor for its industry or stage (the industry
      // one-pager, the contract FAQ); for any prospect at all it covers most products, or none
      // while tagged with the opening stage (the company deck): an untagged item is no introduction.
      if (anyIndustry && stage === 0) shapes[doc] = broad || (tagged === 0 && firstStage[doc] === 1) ? INTRO_ANY : 0;
      else shapes[doc] = (anyIndustry ? 0 : INTRO_INDUSTRY) | stage;
    }
    introShapeCache.set(index, shapes);
  }
  return shapes;
}

/**
 * Whether an item is tagged with every concept of a list: ticked broadly, not narrowly. Only a list
 * of two or more says so; a catalog with one industry, or tags and no vocabulary, does not.
 */
function taggedWithAll(index: PreparedCatalog, list: VocabularyList, doc: number): boolean {
  const size = index.vocabulary[list]?.length ?? 0;
  return size >= 2 && index.tagCount[list][doc]! >= size;
}

/** How much of the catalog an introduction covers: its products, and its roles (half counts for none). */
function introductionBreadth(index: PreparedCatalog, doc: number): number {
  const products = Math.max(1, index.vocabulary.products?.length ?? 0);
  const personas = index.vocabulary.personas?.length ?? 0;
  return (
    Math.min(1, (productsCovered(index)[doc]! || products) / products) *
    (personas > 0 ? 0.5 + Math.min(1, (index.tagCount.personas[doc]! || personas) / personas) : 1)
  );
}

/** Members of each language group, for choosing the prospect's version of an asset. */
const groupMembers = new WeakMap<PreparedCatalog, Map<number, number[]>>();
function membersOf(index: PreparedCatalog, group: number): readonly number[] {
  let map = groupMembers.get(index);
  if (!map) {
    map = new Map();
    for (let doc = 0; doc < index.items.length; doc++) {
      const g = index.group[doc]!;
      if (index.groupSize[g]! > 1) {
        const list = map.get(g);
        if (list) list.push(doc);
        else map.set(g, [doc]);
      }
    }
    groupMembers.set(index, map);
  }
  return map.get(group) ?? [];
}

interface LanguageBits {
  wanted: number;
  main: number;
}

function languageFactor(index: PreparedCatalog, doc: number, analysis: Analysis, bits: LanguageBits, groupHasWanted: boolean): number {
  // A rep reads internal material in any language; what goes to the prospect should be in theirs.
  if (index.internal[doc] === 1) return 1;
  // An item with no language tag is in the language its text is written in or, when that does not
  // tell, in the catalog's working language; less surely than a tagged one.
  const untagged = index.languages[doc]!.length === 0;
  const own = index.languageBits[doc]! || (untagged ? bits.main : 0);
  const sure = untagged ? LANGUAGE_UNTAGGED : 1;
  if (own === 0) return LANGUAGE_OTHER;
  if (own & bits.wanted) return sure;
  if (!analysis.languageKnown) return LANGUAGE_UNKNOWN_OTHER * sure;
  // The asset in the catalog's main language, when it has none in the prospect's.
  if (own & bits.main && !groupHasWanted) return LANGUAGE_MAIN_FALLBACK * sure;
  return LANGUAGE_OTHER;
}

export function rankPrepared(index: PreparedCatalog, analysis: Analysis, options: SuggestOptions = {}): Suggestion[] {
  const items = index.items;
  const n = items.length;
  const limit = Math.max(0, options.limit ?? 10);
  const filters = options.filters ?? {};
  const internalLimit = filters.shareableOnly ? 0 : Math.min(limit, Math.max(0, options.internalLimit ?? 3));
  const today = dayNumber((options.now ?? new Date()).toISOString());
  if (n === 0 || limit === 0) return [];

  const { scores, masks, queryHit, seen } = index.scratch;
  try {
    for (const found of analysis.concepts) {
      const docs = index.postings.get(conceptKey(found.list, found.concept.id));
      if (!docs) continue;
      const base = conceptWeight(found, docs.length, n);
      const counts = index.tagCount[found.list];
      const bit = LIST_BIT[found.list];
      const isQuery = found.via === 'query';
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const count = counts[doc]!;
        scores[doc]! += count > 1 ? base / Math.sqrt(count) : base;
        masks[doc]! |= bit;
        if (isQuery) queryHit[doc] = 1;
      }
    }

    // A product the prospect is known to buy or run: its own items (the datasheet, the demo: tagged
    // with it alone and named after it) lead its other items a little.
    for (const found of analysis.concepts) {
      if (found.list !== 'products' || !(found.via === 'field' || found.via === 'query' || found.weight >= 1)) continue;
      const docs = index.postings.get(conceptKey('products', found.concept.id));
      if (!docs) continue;
      const base = conceptWeight(found, docs.length, n) * PRODUCT_OWN_ITEM;
      for (let i = 0; i < docs.length; i++) if (index.ownProduct[docs[i]!]) scores[docs[i]!]! += base;
    }

    // The hot loop: a common word lists most of the catalog. Every addition is positive, so an
    // item with a score is one this context touched, and nothing else is recorded per posting.
    const lengthNorm = (K1 * B) / index.avgLength;
    const lengthBase = K1 * (1 - B);
    const docLength = index.docLength;
    for (const term of analysis.terms) {
      const { docs, tf } = index.terms.get(term.term)!;
      const weight = termWeight(term, docs.length, n) * (K1 + 1);
      if (term.query) for (let i = 0; i < docs.length; i++) queryHit[docs[i]!] = 1;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const f = tf[i]!;
        scores[doc]! += (weight * f) / (f + lengthBase + lengthNorm * docLength[doc]!);
      }
    }

    // Little context, sensible defaults: the catalog's introductions, weighted by how many of
    // its products they cover (what the rep typed decides alone).
    if (!analysis.hasQuery) {
      const prior = EVERGREEN_PRIOR * (analysis.thin ? (analysis.fewWords ? THIN_BOOST : THIN_BOOST / 2) : 1);
      for (const doc of evergreen(index)) scores[doc]! += prior * introductionBreadth(index, doc);
      // The introduction for the prospect's own industry or stage is evergreen for them: the same
      // prior, as sure as the industry is (its stage, if any, the opening one or theirs).
      const shapes = introductionShapes(index);
      for (const found of analysis.concepts) {
        const industry = found.list === 'industries';
        if (!(industry || (found.list === 'stages' && found.via === 'field'))) continue;
        const docs = index.postings.get(conceptKey(found.list, found.concept.id));
        if (!docs) continue;
        const kind = industry ? INTRO_INDUSTRY : INTRO_STAGE;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          const shape = shapes[doc]!;
          if (!(shape & kind)) continue;
          // For an industry and a later stage: the industry's introduction only at that stage
          // (counted once, with the industry); the stage's only when the item has no industry.
          if (industry ? shape & INTRO_STAGE && !(masks[doc]! & LIST_BIT.stages) : shape & INTRO_INDUSTRY) continue;
          scores[doc]! += prior * Math.min(1, found.weight) * introductionBreadth(index, doc);
        }
      }
    }
    const selection: Selection = { limit, internalLimit, filters, today, adjustments: options.adjustments, reasonPhrases: options.reasonPhrases };
    // Rarely, the cut-off leaves a short list whose missing places an item left out may take:
    // select again keeping more (the result is then the one a limit high enough gives).
    const selectAll = () => {
      let heapSize = limit;
      for (;;) {
        const { out, displaced } = select(index, analysis, { ...selection, heapSize });
        if (!displaced || heapSize >= n) return out;
        seen.fill(0);
        heapSize = Math.min(n, heapSize * 4);
      }
    };
    let out = selectAll();
    if (out.length === 0 && !analysis.hasQuery) {
      // Nothing fits and the catalog has no introductions: the freshest shareable items, never none.
      for (let doc = 0; doc < n; doc++) if (!index.internal[doc] && scores[doc] === 0) scores[doc] = 0.01;
      seen.fill(0);
      out = selectAll();
    }
    return out;
  } finally {
    scores.fill(0);
    masks.fill(0);
    queryHit.fill(0);
    seen.fill(0);
  }
}

/**
 * How much an item made for another industry than the prospect's is held back: most by a stated
 * industry, less by an inferred one as its evidence is weaker. Inferred evidence as strong as a
 * statement (a weight of 1: the company's name, the notes and the catalog's words agree) holds as
 * one; at SURE_INFERENCE as OTHER_INDUSTRY_INFERRED; in between and below, in proportion.
 */
export function otherIndustryHold(industry: Analysis['industry'], inferred: number): number {
  if (industry === 'stated') return OTHER_INDUSTRY_STATED;
  if (industry === 'uncovered') return UNCOVERED_INDUSTRY;
  if (industry !== 'inferred') return UNKNOWN_INDUSTRY;
  if (inferred <= SURE_INFERENCE) return 1 - (1 - OTHER_INDUSTRY_INFERRED) * (inferred / SURE_INFERENCE);
  const surer = Math.min(1, (inferred - SURE_INFERENCE) / (1 - SURE_INFERENCE));
  return OTHER_INDUSTRY_INFERRED - (OTHER_INDUSTRY_INFERRED - OTHER_INDUSTRY_STATED) * surer;
}

interface Selection {
  limit: number;
  /** How many shareable items the selection keeps before the cut-off (the limit, unless retried). */
  heapSize?: number;
  internalLimit: number;
  filters: SuggestFilters;
  today: number;
  adjustments?: SuggestOptions['adjustments'];
  reasonPhrases?: SuggestOptions['reasonPhrases'];
}

/**
 * Per item, the factor its freshness gives its score today (1 without a date). Every other factor
 * of the selection is at most 1 but a rep's adjustment, so fit × freshness × the largest adjustment
 * bounds an item's score: the selection's cheap skip.
 */
const freshnessCache = new WeakMap<PreparedCatalog, { today: number; factors: Float64Array }>();
function freshness(index: PreparedCatalog, today: number): Float64Array {
  const cached = freshnessCache.get(index);
  if (cached?.today === today) return cached.factors;
  const factors = new Float64Array(index.items.length);
  for (let doc = 0; doc < factors.length; doc++) {
    const updated = index.updatedDay[doc]!;
    factors[doc] = Number.isNaN(updated) ? 1 : 1 + FRESHNESS * Math.exp(-Math.max(0, today - updated) / FRESH_DAYS);
  }
  freshnessCache.set(index, { today, factors });
  return factors;
}

/**
 * The items of highest fit × freshness, at most `size`, best first: those the selection looks at
 * first, so that its floors rise at once and the cheap skip turns almost every other item away.
 * Grouped items (their fit is their group's) and items the rep's query did not touch are left out.
 */
function seeds(index: PreparedCatalog, analysis: Analysis, fresh: Float64Array, size: number): Int32Array {
  const { scores, queryHit } = index.scratch;
  const { group, groupSize } = index;
  const n = index.items.length;
  // A min-heap of the best so far: the weakest at the root.
  const heapDocs = new Int32Array(size);
  const heapScores = new Float64Array(size);
  let count = 0;
  for (let doc = 0; doc < n; doc++) {
    const score = scores[doc]! * fresh[doc]!;
    if (score <= 0 || (count === size && score <= heapScores[0]!)) continue;
    if (groupSize[group[doc]!]! > 1 || (analysis.hasQuery && !queryHit[doc])) continue;
    let at: number;
    if (count < size) {
      at = count++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heapScores[parent]! <= score) break;
        heapDocs[at] = heapDocs[parent]!;
        heapScores[at] = heapScores[parent]!;
        at = parent;
      }
    } else {
      at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= size) break;
        if (child + 1 < size && heapScores[child + 1]! < heapScores[child]!) child++;
        if (heapScores[child]! >= score) break;
        heapDocs[at] = heapDocs[child]!;
        heapScores[at] = heapScores[child]!;
        at = child;
      }
    }
    heapDocs[at] = doc;
    heapScores[at] = score;
  }
  const out = Array.from(heapDocs.subarray(0, count));
  out.sort((a, b) => scores[b]! * fresh[b]! - scores[a]! * fresh[a]! || a - b);
  return Int32Array.from(out);
}

/** How many of the best-fitting items the selection looks at first, per place in the lists. */
const SEEDS_PER_PLACE = 4;

/** From the touched items' fit, the best of each list after expiry, filters, language and freshness. */
function select(
  index: PreparedCatalog,
  analysis: Analysis,
  { limit, heapSize = limit, internalLimit, filters, today, adjustments, reasonPhrases }: Selection,
): { out: Suggestion[]; displaced: boolean } {
  const items = index.items;
  const { scores, masks, queryHit, seen } = index.scratch;
  const sure = (list: VocabularyList) => analysis.concepts.some((f) => f.list === list && f.weight >= 0.7);
  const productKnown = analysis.concepts.some((f) => f.list === 'products' && (f.via === 'field' || f.via === 'query' || f.weight >= 1));
  const personaKnown = analysis.concepts.some((f) => f.list === 'personas' && (f.via === 'field' || f.via === 'query'));
  const sizeKnown = sure('companySizes');
  // Made for another market only (a US regulation, a US due-diligence pack): not for this one.
  const regionKnown = analysis.concepts.some((f) => f.list === 'regions' && f.weight >= 0.6);
  const stageKnown = analysis.concepts.some((f) => f.list === 'stages' && f.via === 'field');
  // Not a customer, and no stage named or an earlier one than the last: a prospect before the
  // sale, for whom what the catalog makes only for its last stage (customers' onboarding) is not
  // yet: it is held as two stages away (after the sale is further from them than any stage before
  // it), and at an earlier stage named that comes on top of the other stage's hold below.
  const lastStage = index.vocabulary.stages?.at(-1)?.id;
  const atLast = analysis.concepts.some((f) => f.list === 'stages' && f.concept.id === lastStage);
  const latest = !analysis.customer && !atLast ? lastStageOnly(index) : undefined;
  // As sure as the evidence: a word in a headline (0.3) holds other industries back less than a company's name.
  const inferred = Math.max(0, ...analysis.concepts.filter((f) => f.list === 'industries').map((f) => f.weight));
  const industryCount = index.vocabulary.industries?.length ?? 0;
  const industryUnsure = analysis.industry === 'none' || analysis.industry === 'uncovered';
  const otherIndustry = otherIndustryHold(analysis.industry, inferred);
  const typeSet = filters.types?.length ? new Set(filters.types.map((t) => t.toLowerCase())) : undefined;
  const stageSet = filters.stages?.length ? new Set(filters.stages) : undefined;
  const codeBit = (code: string | undefined) => {
    const i = code ? index.languageCodes.indexOf(code) : -1;
    return i === -1 ? 0 : 1 << i;
  };
  const bits: LanguageBits = { wanted: codeBit(analysis.language), main: codeBit(mainLanguage(index)) };
  const twinned = index.freeTwin;
  const allowed = (doc: number) => {
    if (index.expiresDay[doc]! < today || twinned[doc] === 1) return false;
    const item = items[doc]!;
    if (filters.shareableOnly && !isShareable(item)) return false;
    if (typeSet && !typeSet.has((item.type ?? '').toLowerCase())) return false;
    if (stageSet && !item.stages.some((stage) => stageSet.has(stage))) return false;
    return adjustments?.get(item.key)?.factor !== 0;
  };
  const finish = (doc: number, score: number, groupHasWanted: boolean) => {
    score *= languageFactor(index, doc, analysis, bits, groupHasWanted);
    if (analysis.ownAccount.has(doc)) score *= OWN_ACCOUNT;
    const adjustment = adjustments?.get(items[doc]!.key);
    if (adjustment) score *= Math.max(0, adjustment.factor);
    return score;
  };

  const shared = new TopK(heapSize);
  const internal = new TopK(internalLimit);
  const groupBest = new Map<number, Scored>();
  let best = 0;
  // A rep's adjustment may raise a score: the cheap skip below must allow for the largest.
  let maxAdjustment = 1;
  if (adjustments) for (const { factor } of adjustments.values()) if (factor > maxAdjustment) maxAdjustment = factor;
  const fresh = freshness(index, today);
  // Locals, not `index.…` in the loop: its calls keep the engine from holding them itself.
  const { internal: internalOnly, group: groupOf, groupSize } = index;
  // The lower of the two lists' floors: most items are below both, and skip before anything is read.
  let floor = Math.min(shared.floor(), internal.floor());
  // The likely best first (marked seen), then every item in catalog order.
  const first = seeds(index, analysis, fresh, SEEDS_PER_PLACE * (limit + internalLimit));
  for (const doc of first) seen[doc] = 1;
  const seeded = first.length;
  const end = seeded + items.length;
  for (let j = 0; j < end; j++) {
    const doc = j < seeded ? first[j]! : j - seeded;
    let score = scores[doc]!;
    if (score <= 0) continue;
    const bound = score * fresh[doc]! * maxAdjustment;
    if (bound < floor || (j >= seeded && seen[doc])) continue;
    const isInternal = internalOnly[doc] === 1;
    const grouped = groupSize[groupOf[doc]!]! > 1;
    // Nothing below the current k-th best can climb above it: skip the rest cheaply.
    if (bound < (isInternal ? internal : shared).floor()) continue;
    if (analysis.hasQuery && !queryHit[doc]) continue;
    // A version in another language may be the one to send, even if this one is filtered out.
    if (!grouped && !allowed(doc)) continue;

    const mask = masks[doc]!;
    // Made for other industries. With the prospect's unknown (or one the catalog does not cover),
    // an item made for most is likelier to fit than one made for one, and one ticked with every
    // industry is for any: held at most by its share of them.
    const industries = index.tagCount.industries[doc]!;
    if (industries > 0 && !(mask & LIST_BIT.industries))
      score *= industryUnsure && industryCount >= 2 ? Math.max(otherIndustry, Math.min(1, industries / industryCount)) : otherIndustry;
    if (personaKnown && index.tagCount.personas[doc]! > 0 && !(mask & LIST_BIT.personas)) score *= OTHER_PERSONA;
    if (productKnown && index.tagCount.products[doc]! > 0 && !(mask & LIST_BIT.products)) score *= OTHER_PRODUCT;
    if (index.tagCount.competitors[doc]! > 0 && !(mask & LIST_BIT.competitors)) score *= OTHER_COMPETITOR;
    if (stageKnown && index.tagCount.stages[doc]! > 0 && !(mask & LIST_BIT.stages)) score *= OTHER_STAGE;
    if (latest?.[doc]) score *= OTHER_STAGE * OTHER_STAGE;
    if (sizeKnown && index.tagCount.companySizes[doc]! > 0 && !(mask & LIST_BIT.companySizes)) score *= OTHER_SIZE;
    if (regionKnown && index.tagCount.regions[doc]! > 0 && !(mask & LIST_BIT.regions)) score *= OTHER_REGION;
    score *= fresh[doc]!;

    if (grouped) {
      // One asset, one version: its fit is the best of its versions' (the English one may
      // share more words with English notes), sent in the prospect's language when it exists.
      const group = index.group[doc]!;
      const seenBest = groupBest.get(group);
      if (!seenBest || score > seenBest.score) groupBest.set(group, { doc, score });
      continue;
    }
    score = finish(doc, score, false);
    if (score <= 0) continue;
    (isInternal ? internal : shared).push({ doc, score }, items);
    floor = Math.min(shared.floor(), internal.floor());
    if (!isInternal && score > best) best = score;
  }
  // Best first, so that the floor rises early and most groups are skipped without looking at their versions.
  for (const [group, topical] of [...groupBest].sort((a, b) => b[1].score - a[1].score)) {
    const isInternalGroup = index.internal[topical.doc] === 1;
    if (topical.score * maxAdjustment < (isInternalGroup ? internal : shared).floor()) {
      if (!isInternalGroup && internal.floor() === Number.POSITIVE_INFINITY) break;
      continue;
    }
    const members = membersOf(index, group).filter(allowed);
    if (members.length === 0) continue;
    const hasWanted = members.some((doc) => index.languageBits[doc]! & bits.wanted);
    let chosen = -1;
    let chosenScore = -1;
    for (const doc of members) {
      const score = finish(doc, topical.score, hasWanted) * (doc === topical.doc ? 1 : 0.999);
      if (score > chosenScore) [chosen, chosenScore] = [doc, score];
    }
    if (chosen < 0 || chosenScore <= 0) continue;
    const isInternal = index.internal[chosen] === 1;
    (isInternal ? internal : shared).push({ doc: chosen, score: chosenScore }, items);
    if (!isInternal && chosenScore > best) best = chosenScore;
  }
  if (best === 0) best = internal.entries[0]?.score ?? 0;

  // Both lists by score, internal ones capped: a limit of 10 keeps 7 places for shareable items.
  // All of both, as the cut-off below may take some out and the next ones then have their place.
  const merged: Scored[] = [];
  let s = 0;
  let i = 0;
  while (s < shared.entries.length || i < internal.entries.length) {
    const a = shared.entries[s];
    const b = internal.entries[i];
    if (a && (!b || better(a, b, items))) merged.push(shared.entries[s++]!);
    else merged.push(internal.entries[i++]!);
  }
  const out: Suggestion[] = [];
  for (const entry of merged) {
    if (out.length === limit) break;
    // The cut-off weighs fit, not language: the asset in the catalog's main language, which the
    // prospect's has no version of, is held to it by its fit (× LANGUAGE_MAIN_FALLBACK undone).
    const fallback = languageFactor(index, entry.doc, analysis, bits, false) === LANGUAGE_MAIN_FALLBACK;
    if (entry.score / (fallback ? LANGUAGE_MAIN_FALLBACK : 1) < best * RELATIVE_CUTOFF) continue;
    const item = items[entry.doc]!;
    const reasons = explain(index, analysis, entry.doc, reasonPhrases);
    const adjusted = adjustments?.get(item.key)?.reason;
    if (adjusted) reasons.unshift(adjusted);
    out.push({
      item,
      // A fallback suggestion's score is tiny but never shown as 0.
      score: Math.max(0.001, Math.round(entry.score * 1000) / 1000),
      reasons: reasons.slice(0, MAX_REASONS),
      shareable: isShareable(item),
      language: index.groupSize[index.group[entry.doc]!]! > 1 ? index.languages[entry.doc]![0] : undefined,
    });
  }
  // A short list from a full selection: the items it left out scored under its last one, and one
  // of them in the catalog's main language may still pass the cut-off that this last one failed.
  const displaced = out.length < limit && shared.entries.length === heapSize && shared.floor() >= best * RELATIVE_CUTOFF * LANGUAGE_MAIN_FALLBACK;
  return { out, displaced };
}
