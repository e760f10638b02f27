import { isShareable, vocabularyLists, type Concept, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { PhraseMatcher, sizeBand, type PhraseHit } from './concepts';
import { conceptKey, dayNumber, FIELD_WEIGHTS, listField, prepareCatalog, resolveTag, termsWithPrefix, type PreparedCatalog } from './prepare';
import { detectLanguage, isStopword, normalize, primaryLanguage, rawTokens, stem, type Token } from './text';

export interface SuggestFilters {
  /** Content type ids (or free text) to keep. */
  types?: string[];
  /** Stage ids to keep. */
  stages?: string[];
  /** Only items a rep may send to a prospect. */
  shareableOnly?: boolean;
}

export interface SuggestOptions {
  /** At most this many suggestions in all. Default 10. */
  limit?: number;
  /**
   * At most this many of them internal-only (battlecards, price lists: for the rep's
   * preparation, shown apart). Default 3, so at least `limit - 3` places always go to items
   * that can reach the prospect: internal material never crowds them out. 0 for none; with
   * `filters.shareableOnly` there are none.
   */
  internalLimit?: number;
  filters?: SuggestFilters;
  /** What the rep typed in the search box; combined with the context, and every result matches it. */
  query?: string;
  /** For tests: the day that decides what has expired and what is fresh. */
  now?: Date;
  /**
   * Per item (by `StoredItem.key`): a factor that multiplies its score inside the scoring
   * (0 removes the item), and a reason added to its reasons ("You marked this useful for
   * Healthcare"). The panel computes it from the rep's feedback; the matcher only applies it.
   */
  adjustments?: ReadonlyMap<string, { factor: number; reason?: string }>;
}

export interface Suggestion {
  item: StoredItem;
  score: number;
  /** Why it was suggested, most important first: "Healthcare", "Finance leader", "mentions claims". */
  reasons: string[];
  shareable: boolean;
  /** The language chosen when the asset exists in several (the others are not suggested). */
  language?: string;
}

export interface CatalogView {
  items: readonly StoredItem[];
  vocabulary: Vocabulary;
}

/** Concepts of the vocabulary whose label, an alias or the id occurs, as whole words, in `text`. */
export function findConcepts(text: string, concepts: readonly Concept[]): Concept[] {
  return unique(new PhraseMatcher(concepts).match(rawTokens(text)).map((hit) => hit.concept));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

const prepared = new WeakMap<CatalogView, PreparedCatalog>();

/** Gives a view an index prepared elsewhere (loaded from a snapshot), instead of building one. */
export function adoptPrepared(catalog: CatalogView, index: PreparedCatalog): void {
  prepared.set(catalog, index);
}

/** The prepared index of a catalog view, built on first use and kept while the view lives. */
export function preparedFor(catalog: CatalogView): PreparedCatalog {
  let index = prepared.get(catalog);
  if (!index) {
    index = prepareCatalog(catalog.items, catalog.vocabulary);
    prepared.set(catalog, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// What the context says: concepts (where they were found, how sure) and the remaining words.

type Via = 'field' | 'text' | 'query';

export interface FoundConcept {
  list: VocabularyList;
  concept: Concept;
  /** 1 when read from the field that holds it (industry from `industry`), less from free text. */
  weight: number;
  via: Via;
}

export interface ContextTerm {
  term: string;
  /** As the context wrote it, for the reason "mentions …". */
  surface: string;
  weight: number;
  query: boolean;
  /** Where it first occurs in the context, to quote adjacent words as a phrase ("month end"). */
  position: number;
}

export interface Analysis {
  concepts: FoundConcept[];
  terms: ContextTerm[];
  language?: string;
  /** True when the language was given or detected, not assumed. */
  languageKnown: boolean;
  hasQuery: boolean;
}

/** Which lists each context field may name, and how much to trust it. */
const FIELD_LISTS: Record<string, Array<[VocabularyList, number, Via]>> = {
  title: [['personas', 1, 'field'], ['products', 0.7, 'text'], ['competitors', 0.7, 'text']],
  industry: [['industries', 1, 'field']],
  stage: [['stages', 1, 'field']],
  products: [['products', 1, 'field']],
  competitors: [['competitors', 1, 'field'], ['products', 0.5, 'text']],
  text: [['products', 0.7, 'text'], ['competitors', 0.8, 'text'], ['personas', 0.3, 'text']],
  name: [['products', 0.7, 'text'], ['competitors', 0.7, 'text']],
  location: [['regions', 0.6, 'field']],
  companySize: [['companySizes', 1, 'field']],
};

/** Weight of a field's leftover words (those no concept took) in the text relevance. */
const TERM_WEIGHTS: Record<string, number> = { title: 0.6, industry: 0.3, products: 1, competitors: 0.5, text: 1, name: 0.5 };

/** A company name or a headline may hint at an industry, never as surely as the industry field. */
const WEAK_INDUSTRY = 0.3;
const QUERY_TERM_WEIGHT = 3;
const MAX_TERMS = 24;

export function analyzeContext(context: ProspectContext, index: PreparedCatalog, query?: string): Analysis {
  const found = new Map<string, FoundConcept>();
  const add = (list: VocabularyList, concept: Concept, weight: number, via: Via) => {
    const key = conceptKey(list, concept.id);
    const seen = found.get(key);
    if (!seen) return void found.set(key, { list, concept, weight, via });
    seen.weight = Math.max(seen.weight, weight);
    // The strongest evidence names it: typed by the rep, then read from its own field.
    for (const kind of ['query', 'field'] as const) if (seen.via === kind || via === kind) return void (seen.via = kind);
  };
  const terms = new Map<string, ContextTerm>();
  let offset = 0;
  const addTerm = (token: Token, term: string, weight: number, isQuery: boolean, position: number) => {
    if (token.norm.length < 2 || isStopword(token.norm) || /^\d+$/.test(token.norm)) return;
    const seen = terms.get(term);
    if (seen) {
      seen.weight = Math.min(isQuery ? QUERY_TERM_WEIGHT * 2 : 1.5, seen.weight + weight);
      seen.query ||= isQuery;
    } else {
      // Acronyms keep their capitals in reasons: "mentions FPA", not "mentions fpa".
      const surface = /^[A-Z][A-Z0-9]+$/.test(token.raw) ? token.raw : token.norm;
      terms.set(term, { term, surface, weight, query: isQuery, position });
    }
  };

  const company = context.company ?? (context.recordType && /^(account|company)$/i.test(context.recordType) ? context.name : undefined);
  const companyStems = new Set(rawTokens(company ?? '').map((t) => stem(t.norm)));
  const weakIndustries: Array<{ field: string; hits: PhraseHit[] }> = [];

  const read = (field: string, value: string | null | undefined, isQuery = false) => {
    if (!value) return;
    const words = rawTokens(value);
    const stems = words.map((w) => stem(w.norm));
    const used = new Uint8Array(words.length);
    const base = offset;
    offset += words.length + 1;
    const lists: Array<[VocabularyList, number, Via]> = isQuery
      ? vocabularyLists.map((list) => [list, 1, 'query'])
      : FIELD_LISTS[field] ?? [];
    for (const [list, weight, via] of lists) {
      const matcher = index.matchers[list];
      if (!matcher) continue;
      for (const hit of matcher.match(words, stems)) {
        add(list, hit.concept, weight, via);
        used.fill(1, hit.start, hit.end);
      }
    }
    if (!isQuery && (field === 'title' || field === 'text' || field === 'company')) {
      // Words a persona took are a role, not an industry: "Finance leader", "Chief Financial Officer".
      const hits = (index.matchers.industries?.match(words, stems) ?? []).filter((hit) => !used.subarray(hit.start, hit.end).some(Boolean));
      if (hits.length > 0) weakIndustries.push({ field, hits });
    }
    const termWeight = isQuery ? QUERY_TERM_WEIGHT : TERM_WEIGHTS[field] ?? 0;
    if (termWeight === 0) return;
    words.forEach((token, i) => {
      if (used[i]) return;
      // The prospect's own name says nothing about what to send them.
      if (!isQuery && companyStems.has(stems[i]!)) return;
      if (field === 'title' && ROLE_WORDS.has(token.norm)) return;
      addTerm(token, stems[i]!, termWeight, isQuery, base + i);
    });
  };

  read('title', context.title);
  read('company', company);
  read('industry', context.industry);
  read('stage', context.stage);
  for (const product of context.products ?? []) read('products', product);
  for (const competitor of context.competitors ?? []) read('competitors', competitor);
  read('text', context.text);
  if (context.recordType && /^(opportunity|deal)$/i.test(context.recordType)) read('name', context.name);
  read('location', context.location);
  if (context.companySize) {
    const before = found.size;
    read('companySize', context.companySize);
    if (found.size === before && index.vocabulary.companySizes) {
      const band = sizeBand(context.companySize, index.vocabulary.companySizes);
      if (band) add('companySizes', band, 1, 'field');
    }
  }
  const hasQuery = Boolean(query?.trim());
  if (hasQuery) read('query', query, true);

  // Industries from a name or a headline only when the industry field named none; and of
  // "Retail Bank of X" keep the head noun: a retail bank is a bank.
  // The company's own name is the better hint: when it names an industry, the headline and
  // free text (where a job function such as "Finance" reads like an industry) add none.
  if (![...found.values()].some((f) => f.list === 'industries' && f.via !== 'query')) {
    const fromCompany = weakIndustries.filter((w) => w.field === 'company');
    for (const { hits } of fromCompany.length > 0 ? fromCompany : weakIndustries) {
      hits.forEach((hit, i) => {
        const next = hits[i + 1];
        if (next && next.start === hit.end) return;
        add('industries', hit.concept, WEAK_INDUSTRY, 'text');
      });
    }
  }

  // The word being typed: "clai" already finds "claims".
  if (hasQuery && !/\s$/.test(query!)) {
    const words = rawTokens(query!);
    const last = words[words.length - 1];
    if (last && last.norm.length >= 3 && !index.terms.has(stem(last.norm))) {
      for (const term of termsWithPrefix(index, last.norm, 12)) addTerm({ raw: term, norm: last.norm }, term, QUERY_TERM_WEIGHT * 0.8, true, offset);
    }
  }

  const text = [context.title, context.text, context.industry, context.stage].filter(Boolean).join(' \n ');
  const given = primaryLanguage(context.language);
  const detected = given ?? detectLanguage(text);
  // Words most of a large catalog holds say little and cost a pass over most of it: a context
  // word in more than a tenth of the items (and more than 50) is left out; a typed one never is.
  const n = index.items.length;
  const common = Math.max(50, n / 10);
  const informative = (t: ContextTerm) => t.weight * bm25Idf(index.terms.get(t.term)!.docs.length, n);
  const ranked = [...terms.values()]
    .filter((t) => index.terms.has(t.term) && (t.query || index.terms.get(t.term)!.docs.length <= common))
    .sort((a, b) => Number(b.query) - Number(a.query) || informative(b) - informative(a))
    .slice(0, MAX_TERMS);
  return { concepts: [...found.values()], terms: ranked, language: detected ?? 'en', languageKnown: Boolean(detected), hasQuery };
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** How much a match in each list says about fit. */
const LIST_WEIGHTS: Record<VocabularyList, number> = {
  industries: 1.3,
  personas: 1,
  products: 1.1,
  competitors: 1.5,
  stages: 0.7,
  types: 1,
  regions: 0.3,
  companySizes: 0.5,
};
const QUERY_CONCEPT_BOOST = 2.5;
/** Text relevance next to concept fit. */
const TEXT_WEIGHT = 0.45;
const K1 = 1.2;
const B = 0.75;
const FRESHNESS = 0.15;
const FRESH_DAYS = 365;
/** Suggestions far below the best are noise: the rep sees fewer, better ones. */
const RELATIVE_CUTOFF = 0.12;

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

function idf(df: number, n: number): number {
  return Math.log(1 + n / Math.max(1, df));
}

function bm25Idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function languageFactor(index: PreparedCatalog, doc: number, analysis: Analysis, wanted: number, english: number): number {
  const bits = index.languageBits[doc]!;
  if (bits === 0) return index.languages[doc]!.length === 0 ? 0.9 : 0.3;
  if (bits & wanted) return 1;
  if (!analysis.languageKnown) return 0.6;
  return bits & english ? 0.55 : 0.3;
}

/**
 * Ranks the catalog for a prospect: concept fit weighted by how rare the concept is in the
 * catalog and how specific the item is (tagged with 1 industry, not 10), plus BM25F text
 * relevance of the context's other words, times freshness and language fit. Expired items are
 * never returned, one language version per asset is, and internal-only items are capped so
 * they never take the places of what can be shared (see `SuggestOptions`).
 */
export function rank(context: ProspectContext, catalog: CatalogView, options: SuggestOptions = {}): Suggestion[] {
  const index = preparedFor(catalog);
  const analysis = analyzeContext(context, index, options.query);
  return rankPrepared(index, analysis, options);
}

/** Freshness and the other factors only ever lower a score below this multiple of its fit. */
const MAX_FACTOR = 1 + FRESHNESS;

export function rankPrepared(index: PreparedCatalog, analysis: Analysis, options: SuggestOptions = {}): Suggestion[] {
  const items = index.items;
  const n = items.length;
  const limit = Math.max(0, options.limit ?? 10);
  const filters = options.filters ?? {};
  const internalLimit = filters.shareableOnly ? 0 : Math.min(limit, Math.max(0, options.internalLimit ?? 3));
  const today = dayNumber((options.now ?? new Date()).toISOString());
  if (n === 0 || limit === 0) return [];

  const { scores, masks, queryHit, seen } = index.scratch;
  const touched: number[] = [];
  try {
    for (const found of analysis.concepts) {
      const docs = index.postings.get(conceptKey(found.list, found.concept.id));
      if (!docs) continue;
      const base = LIST_WEIGHTS[found.list] * found.weight * idf(docs.length, n) * (found.via === 'query' ? QUERY_CONCEPT_BOOST : 1);
      const counts = index.tagCount[found.list];
      const bit = LIST_BIT[found.list];
      const isQuery = found.via === 'query';
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (!seen[doc]) {
          seen[doc] = 1;
          touched.push(doc);
        }
        const count = counts[doc]!;
        scores[doc]! += count > 1 ? base / Math.sqrt(count) : base;
        masks[doc]! |= bit;
        if (isQuery) queryHit[doc] = 1;
      }
    }

    const lengthNorm = K1 * B / index.avgLength;
    const lengthBase = K1 * (1 - B);
    for (const term of analysis.terms) {
      const posting = index.terms.get(term.term)!;
      const { docs, tf } = posting;
      const weight = term.weight * bm25Idf(docs.length, n) * (term.query ? 1 : TEXT_WEIGHT) * (K1 + 1);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const f = tf[i]!;
        if (!seen[doc]) {
          seen[doc] = 1;
          touched.push(doc);
        }
        scores[doc]! += (weight * f) / (f + lengthBase + lengthNorm * index.docLength[doc]!);
        if (term.query) queryHit[doc] = 1;
      }
    }
    return select(index, analysis, touched, { limit, internalLimit, filters, today, adjustments: options.adjustments });
  } finally {
    for (const doc of touched) {
      scores[doc] = 0;
      masks[doc] = 0;
      queryHit[doc] = 0;
      seen[doc] = 0;
    }
  }
}

interface Selection {
  limit: number;
  internalLimit: number;
  filters: SuggestFilters;
  today: number;
  adjustments?: SuggestOptions['adjustments'];
}

/** From the touched items' fit, the best of each list after expiry, filters, language and freshness. */
function select(index: PreparedCatalog, analysis: Analysis, touched: readonly number[], { limit, internalLimit, filters, today, adjustments }: Selection): Suggestion[] {
  const items = index.items;
  const { scores, masks, queryHit } = index.scratch;
  // What the context is sure about, to hold back items made for something else.
  const sure = (list: VocabularyList) => analysis.concepts.some((f) => f.list === list && f.weight >= 0.7);
  const industryKnown = sure('industries');
  const productKnown = analysis.concepts.some((f) => f.list === 'products' && f.via !== 'text');
  const competitorKnown = sure('competitors');
  const sizeKnown = sure('companySizes');
  const stageKnown = analysis.concepts.some((f) => f.list === 'stages' && f.via === 'field');
  const typeSet = filters.types?.length ? new Set(filters.types.map((t) => t.toLowerCase())) : undefined;
  const stageSet = filters.stages?.length ? new Set(filters.stages) : undefined;
  const codeBit = (code: string | undefined) => {
    const i = code ? index.languageCodes.indexOf(code) : -1;
    return i === -1 ? 0 : 1 << i;
  };
  const wanted = codeBit(analysis.language);
  const english = codeBit('en');

  const shared = new TopK(limit);
  const internal = new TopK(internalLimit);
  const groupBest = new Map<number, Scored>();
  let best = 0;
  // A rep's adjustment may raise a score: the cheap skip below must allow for the largest.
  let maxFactor = MAX_FACTOR;
  if (adjustments) for (const { factor } of adjustments.values()) if (factor > 1) maxFactor = Math.max(maxFactor, MAX_FACTOR * factor);
  for (const doc of touched) {
    let score = scores[doc]!;
    if (score <= 0) continue;
    const isInternal = index.internal[doc] === 1;
    // Nothing below the current k-th best can climb above it: skip the rest cheaply.
    if (score * maxFactor < (isInternal ? internal : shared).floor()) continue;
    if (index.expiresDay[doc]! < today) continue;
    if (analysis.hasQuery && !queryHit[doc]) continue;
    const item = items[doc]!;
    if (filters.shareableOnly && !isShareable(item)) continue;
    if (typeSet && !typeSet.has((item.type ?? '').toLowerCase())) continue;
    if (stageSet && !item.stages.some((stage) => stageSet.has(stage))) continue;

    const mask = masks[doc]!;
    if (industryKnown && index.tagCount.industries[doc]! > 0 && !(mask & LIST_BIT.industries)) score *= 0.45;
    if (productKnown && index.tagCount.products[doc]! > 0 && !(mask & LIST_BIT.products)) score *= 0.7;
    if (competitorKnown && index.tagCount.competitors[doc]! > 0 && !(mask & LIST_BIT.competitors)) score *= 0.3;
    if (stageKnown && index.tagCount.stages[doc]! > 0 && !(mask & LIST_BIT.stages)) score *= 0.6;
    if (sizeKnown && index.tagCount.companySizes[doc]! > 0 && !(mask & LIST_BIT.companySizes)) score *= 0.85;
    // A rep reads internal material in any language; what goes to the prospect should be in theirs.
    if (!isInternal) score *= languageFactor(index, doc, analysis, wanted, english);
    const updated = index.updatedDay[doc]!;
    if (!Number.isNaN(updated)) score *= 1 + FRESHNESS * Math.exp(-Math.max(0, today - updated) / FRESH_DAYS);
    const adjustment = adjustments?.get(item.key);
    if (adjustment) {
      if (!(adjustment.factor > 0)) continue;
      score *= adjustment.factor;
    }

    const entry = { doc, score };
    const group = index.group[doc]!;
    if (index.groupSize[group]! > 1) {
      const seenBest = groupBest.get(group);
      if (!seenBest || better(entry, seenBest, items)) groupBest.set(group, entry);
      continue;
    }
    (isInternal ? internal : shared).push(entry, items);
    if (!isInternal && score > best) best = score;
  }
  for (const entry of groupBest.values()) {
    const isInternal = index.internal[entry.doc] === 1;
    (isInternal ? internal : shared).push(entry, items);
    if (!isInternal && entry.score > best) best = entry.score;
  }
  if (best === 0) best = internal.entries[0]?.score ?? 0;

  // Both lists by score, internal ones capped: a limit of 10 keeps 7 places for shareable items.
  const merged: Scored[] = [];
  let s = 0;
  let i = 0;
  while (merged.length < limit && (s < shared.entries.length || i < internal.entries.length)) {
    const a = shared.entries[s];
    const b = internal.entries[i];
    if (a && (!b || better(a, b, items))) merged.push(shared.entries[s++]!);
    else merged.push(internal.entries[i++]!);
  }
  const out: Suggestion[] = [];
  for (const entry of merged) {
    if (entry.score < best * RELATIVE_CUTOFF) continue;
    const item = items[entry.doc]!;
    const reasons = explain(index, analysis, entry.doc);
    const adjusted = adjustments?.get(item.key)?.reason;
    if (adjusted) reasons.unshift(adjusted);
    out.push({
      item,
      score: Math.round(entry.score * 1000) / 1000,
      reasons,
      shareable: isShareable(item),
      language: index.groupSize[index.group[entry.doc]!]! > 1 ? index.languages[entry.doc]![0] : undefined,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reasons

function conceptLabel(found: FoundConcept): string {
  const label = found.concept.label;
  if (found.list === 'stages') return /stage$/i.test(label) ? label : `${label} stage`;
  if (found.list === 'competitors') return found.via === 'field' ? `vs ${label}` : `mentions ${label}`;
  return label;
}

const MAX_REASONS = 4;

/**
 * Words that may rank an item but say nothing to a rep as a reason ("mentions time, value").
 * Only reasons are spared them; what the rep typed is always quoted.
 */
const VAGUE_WORDS = new Set(
  ('time times value values system systems group groups based base management platform platforms business businesses ' +
    'solution solutions company companies team teams year years work working new help helps leader leaders leading ' +
    'service services people way ways world global day days today back part lead large small best better good great ' +
    'make makes made use used using need needs focus focused across over more most').split(' '),
);

/**
 * Words of rank, not of subject: a job title's "Manager" or "Head of" says nothing about what
 * to send (the persona, found from the whole title, says it). Left out of a title's words.
 */
const ROLE_WORDS = new Set(
  'manager managers director directors head senior sr junior jr chief officer vice president vp svp evp executive associate assistant specialist lead principal global regional'.split(' '),
);

/** The concepts and words that ranked the item, strongest first, in the vocabulary's labels. */
export function explain(index: PreparedCatalog, analysis: Analysis, doc: number): string[] {
  const item = index.items[doc]!;
  const n = index.items.length;
  const reasons: Array<{ label: string; weight: number }> = [];
  /** Said only when nothing more telling is: every suggestion says why. */
  const commonReasons: Array<{ label: string; weight: number }> = [];
  for (const found of analysis.concepts) {
    const tags = listField[found.list](item);
    if (!tags.some((tag) => resolveTag(index, found.list, tag)?.id === found.concept.id)) continue;
    const df = index.postings.get(conceptKey(found.list, found.concept.id))?.length ?? 1;
    const weight = LIST_WEIGHTS[found.list] * found.weight * idf(df, n) * (found.via === 'query' ? QUERY_CONCEPT_BOOST : 1);
    // A region or size band most of the catalog carries explains nothing ("North America" on
    // everything); it still counts in the score.
    const common = (found.list === 'regions' || found.list === 'companySizes') && found.via !== 'query' && df > n / 2;
    (common ? commonReasons : reasons).push({ label: conceptLabel(found), weight });
  }
  const words = new Map<string, number>();
  const add = (text: string | undefined, fieldWeight: number) => {
    for (const token of rawTokens(text ?? '')) {
      const term = stem(token.norm);
      words.set(term, Math.max(words.get(term) ?? 0, fieldWeight));
    }
  };
  add(item.title, FIELD_WEIGHTS.title);
  add(item.keywords.join(' \n '), FIELD_WEIGHTS.keywords);
  add(item.description, FIELD_WEIGHTS.description);
  // A tag that names no concept stands for itself as text (as in the index, prepare.ts).
  for (const list of vocabularyLists) {
    if (list === 'types') continue;
    for (const tag of listField[list](item)) if (!resolveTag(index, list, tag)) add(tag, FIELD_WEIGHTS.keywords);
  }
  const mentioned = analysis.terms
    .filter((t) => words.has(t.term) && (t.query || !VAGUE_WORDS.has(t.surface.toLowerCase())))
    .map((t) => ({ t, weight: t.weight * (t.query ? 1 : TEXT_WEIGHT) * bm25Idf(index.terms.get(t.term)!.docs.length, n) * words.get(t.term)! }))
    .sort((a, b) => b.weight - a.weight);
  reasons.sort((a, b) => b.weight - a.weight);
  const out = unique(reasons.map((r) => r.label)).slice(0, mentioned.length > 0 ? MAX_REASONS - 1 : MAX_REASONS);
  if (mentioned.length > 0) {
    const itemText = ` ${normalize([item.title, ...item.keywords, item.description ?? ''].join(' \n '))} `;
    const text = `mentions ${quote(mentioned.map((m) => m.t), itemText)}`;
    // What the rep typed explains the result first; the context's words after its concepts.
    if (mentioned[0]!.t.query) out.unshift(text);
    else out.push(text);
  }
  // Every suggestion says why, if only with what is common to most of the catalog.
  if (out.length === 0) out.push(...unique(commonReasons.sort((a, b) => b.weight - a.weight).map((r) => r.label)).slice(0, 2));
  if (out.length === 0) {
    const any = analysis.terms.filter((t) => words.has(t.term));
    if (any.length > 0) out.push(`mentions ${quote(any, ` ${normalize([item.title, ...item.keywords, item.description ?? ''].join(' \n '))} `)}`);
  }
  return out;
}

/**
 * The two strongest words, in the context's order, as one phrase when they stand together in
 * both the context and the item ("last mile", not "mile, last"). Words of three letters or fewer only when nothing longer matched.
 */
function quote(terms: ContextTerm[], itemText: string): string {
  const long = terms.filter((t) => t.surface.length > 3);
  const chosen = (long.length > 0 ? long : terms).slice(0, 2).sort((a, b) => a.position - b.position);
  if (chosen.length === 2 && chosen[1]!.position - chosen[0]!.position === 1) {
    const phrase = `${chosen[0]!.surface} ${chosen[1]!.surface}`;
    if (itemText.includes(` ${phrase.toLowerCase()} `)) return phrase;
  }
  return unique(chosen.map((t) => t.surface)).join(', ');
}

/** Merges the vocabularies of several sources; concepts with one id keep every alias. */
export function mergeVocabularies(vocabularies: readonly Vocabulary[]): Vocabulary {
  const merged: Vocabulary = {};
  for (const list of vocabularyLists) {
    const byId = new Map<string, Concept>();
    for (const vocabulary of vocabularies) {
      for (const concept of vocabulary[list] ?? []) {
        const seen = byId.get(concept.id);
        if (seen) seen.aliases = [...new Set([...seen.aliases, ...concept.aliases])];
        else byId.set(concept.id, { ...concept, aliases: [...concept.aliases] });
      }
    }
    if (byId.size > 0) merged[list] = [...byId.values()];
  }
  return merged;
}
