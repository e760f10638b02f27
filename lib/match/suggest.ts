import { vocabularyLists, type Concept, type Vocabulary } from '../catalog/types';
import type { StoredItem } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { analyzeContext } from './analyse';
import { PhraseMatcher } from './concepts';
import { prepareCatalog, type PreparedCatalog } from './prepare';
import type { ReasonPhrases } from './explain';
import { rankPrepared } from './score';
import { rawTokens } from './text';

export { analyzeContext, type Analysis, type ContextTerm, type FoundConcept } from './analyse';
export { rankPrepared } from './score';
export { explain, ENGLISH_REASONS, type ReasonPhrases } from './explain';

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
  /** The words around each reason in the interface's language (explain.ts); English by default. */
  reasonPhrases?: ReasonPhrases;
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

/**
 * Ranks the catalog for a prospect, in three steps: analyse the context (analyse.ts: concepts,
 * how sure, words, language), score the items (score.ts: concept fit weighted by rarity and the
 * item's specificity, BM25F text relevance, language, freshness, expiry, one version per asset,
 * internal items capped; see `SuggestOptions`), and explain each with the terms that scored
 * (explain.ts).
 */
export function rank(context: ProspectContext, catalog: CatalogView, options: SuggestOptions = {}): Suggestion[] {
  const index = preparedFor(catalog);
  const analysis = analyzeContext(context, index, options.query);
  return rankPrepared(index, analysis, options);
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
