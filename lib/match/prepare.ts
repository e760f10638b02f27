import { vocabularyLists, type Concept, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { PhraseMatcher } from './concepts';
import { isStopword, normalize, primaryLanguage, rawTokens, stem } from './text';

/**
 * The catalog prepared for matching, built once per catalog change (see `prepareCatalog`):
 * tokenised and stemmed item text in an inverted index with field-weighted term frequencies
 * and document lengths (BM25F), concept → items postings, each item's tag counts (how specific
 * it is), dates as day numbers, and language groups. A query then only touches the items that
 * share a concept or a word with the context.
 */
export interface PreparedCatalog {
  items: readonly StoredItem[];
  vocabulary: Vocabulary;
  matchers: Partial<Record<VocabularyList, PhraseMatcher>>;
  /** Per list: normalised id, label or alias → concept, to resolve an item's tags. */
  resolve: Partial<Record<VocabularyList, Map<string, Concept>>>;
  /** `${list}\u0001${conceptId}` → indexes of the items tagged with it. */
  postings: Map<string, number[]>;
  /** Per list: how many tags each item has in it (1 industry is specific, 10 are not). */
  tagCount: Record<VocabularyList, Uint8Array>;
  /** Stemmed term → items and field-weighted term frequencies. */
  terms: Map<string, { docs: number[]; tf: number[] }>;
  docLength: Float32Array;
  avgLength: number;
  /** Days since the epoch; NaN when unknown. */
  updatedDay: Float64Array;
  /** Days since the epoch; Infinity when the item never expires. */
  expiresDay: Float64Array;
  /** Items that are one asset in several languages share a group number. */
  group: Int32Array;
  groupSize: Uint16Array;
  /** Primary language subtags of each item ("en", "de"). */
  languages: string[][];
  /** Sorted terms, built on first use for prefix search while typing. */
  sortedTerms?: string[];
}

/** Item field weights in the text index: a word in the title says more than one in the description. */
export const FIELD_WEIGHTS = { title: 3, keywords: 2, description: 1 } as const;

export const listField: Record<VocabularyList, (item: StoredItem) => readonly string[]> = {
  products: (item) => item.products,
  industries: (item) => item.industries,
  personas: (item) => item.personas,
  stages: (item) => item.stages,
  types: (item) => (item.type ? [item.type] : []),
  regions: (item) => item.regions,
  competitors: (item) => item.competitors,
  companySizes: (item) => item.companySizes,
};

export const conceptKey = (list: VocabularyList, id: string) => `${list}\u0001${id}`;

const DAY = 86_400_000;

export function dayNumber(iso: string | null | undefined): number {
  if (!iso) return Number.NaN;
  return Math.floor(Date.parse(iso.slice(0, 10)) / DAY);
}

/** Language suffixes that mark one asset's versions: `guide-en`, `guide_de`, `guide.fr-CA`. */
const LANGUAGE_SUFFIX = /[-_.]([a-z]{2})(?:[-_][a-z]{2})?$/i;

/** The id shared by the versions of one asset in several languages. */
export function baseId(item: Pick<StoredItem, 'id' | 'languages'>): string {
  const match = LANGUAGE_SUFFIX.exec(item.id);
  if (!match) return item.id;
  const code = match[1]!.toLowerCase();
  // Only a suffix that is the item's own language (or, untagged, a common language code).
  const own = item.languages.map((l) => primaryLanguage(l));
  if (own.length > 0 ? own.includes(code) : COMMON_LANGUAGES.has(code)) return item.id.slice(0, match.index);
  return item.id;
}

const COMMON_LANGUAGES = new Set(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'fi', 'no', 'ja', 'zh', 'ko']);

/** Resolves an item's tag to a concept of the list: by id first, then by label or alias. */
export function resolveTag(prepared: Pick<PreparedCatalog, 'resolve'>, list: VocabularyList, tag: string): Concept | undefined {
  return prepared.resolve[list]?.get(normalize(tag));
}

function addTerms(tf: Map<string, number>, text: string | undefined, weight: number): number {
  if (!text) return 0;
  let length = 0;
  for (const token of rawTokens(text)) {
    if (isStopword(token.norm)) continue;
    const term = stem(token.norm);
    tf.set(term, (tf.get(term) ?? 0) + weight);
    length += weight;
  }
  return length;
}

export function prepareCatalog(items: readonly StoredItem[], vocabulary: Vocabulary): PreparedCatalog {
  const n = items.length;
  const matchers: PreparedCatalog['matchers'] = {};
  const resolve: PreparedCatalog['resolve'] = {};
  for (const list of vocabularyLists) {
    const concepts = vocabulary[list] ?? [];
    if (concepts.length === 0) continue;
    matchers[list] = new PhraseMatcher(concepts);
    const map = new Map<string, Concept>();
    // Aliases first, so that an id or label wins over another concept's alias.
    for (const concept of concepts) for (const alias of concept.aliases) if (!map.has(normalize(alias))) map.set(normalize(alias), concept);
    for (const concept of concepts) map.set(normalize(concept.label), concept);
    for (const concept of concepts) map.set(normalize(concept.id), concept);
    resolve[list] = map;
  }

  const postings = new Map<string, number[]>();
  const tagCount = Object.fromEntries(vocabularyLists.map((list) => [list, new Uint8Array(n)])) as Record<VocabularyList, Uint8Array>;
  const terms = new Map<string, { docs: number[]; tf: number[] }>();
  const docLength = new Float32Array(n);
  const updatedDay = new Float64Array(n);
  const expiresDay = new Float64Array(n);
  const group = new Int32Array(n);
  const languages: string[][] = new Array(n);
  const groups = new Map<string, number>();
  const sizes: number[] = [];
  let total = 0;

  for (let doc = 0; doc < n; doc++) {
    const item = items[doc]!;
    const tf = new Map<string, number>();
    let length = addTerms(tf, item.title, FIELD_WEIGHTS.title);
    length += addTerms(tf, item.keywords.join(' \n '), FIELD_WEIGHTS.keywords);
    length += addTerms(tf, item.description, FIELD_WEIGHTS.description);

    for (const list of vocabularyLists) {
      const tags = listField[list](item);
      tagCount[list][doc] = Math.min(255, tags.length);
      const map = resolve[list];
      for (const tag of tags) {
        const concept = map?.get(normalize(tag));
        if (concept) {
          const key = conceptKey(list, concept.id);
          const docs = postings.get(key);
          if (!docs) postings.set(key, [doc]);
          else if (docs[docs.length - 1] !== doc) docs.push(doc);
        } else if (list !== 'types') {
          // A tag that names no concept stands for itself as plain text.
          length += addTerms(tf, tag, FIELD_WEIGHTS.keywords);
        }
      }
    }

    for (const [term, weight] of tf) {
      const entry = terms.get(term);
      if (entry) {
        entry.docs.push(doc);
        entry.tf.push(weight);
      } else terms.set(term, { docs: [doc], tf: [weight] });
    }
    docLength[doc] = length;
    total += length;
    updatedDay[doc] = dayNumber(item.updatedAt);
    expiresDay[doc] = item.expiresAt ? dayNumber(item.expiresAt) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(expiresDay[doc]!)) expiresDay[doc] = Number.POSITIVE_INFINITY;
    languages[doc] = item.languages.map((l) => primaryLanguage(l)).filter((l): l is string => Boolean(l));
    const key = `${item.sourceId}\u0001${baseId(item)}`;
    let id = groups.get(key);
    if (id === undefined) {
      id = sizes.length;
      groups.set(key, id);
      sizes.push(0);
    }
    group[doc] = id;
    sizes[id]!++;
  }

  return {
    items,
    vocabulary,
    matchers,
    resolve,
    postings,
    tagCount,
    terms,
    docLength,
    avgLength: n > 0 ? total / n : 1,
    updatedDay,
    expiresDay,
    group,
    groupSize: Uint16Array.from(sizes, (s) => Math.min(s, 65535)),
    languages,
  };
}

/** Indexed terms starting with `prefix`, most frequent first (for the word being typed). */
export function termsWithPrefix(prepared: PreparedCatalog, prefix: string, max = 20): string[] {
  prepared.sortedTerms ??= [...prepared.terms.keys()].sort();
  const sorted = prepared.sortedTerms;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out.sort((a, b) => prepared.terms.get(b)!.docs.length - prepared.terms.get(a)!.docs.length).slice(0, max);
}
