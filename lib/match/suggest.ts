import { isShareable, vocabularyLists, type Concept, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { normalize, tokens } from './text';

export interface SuggestFilters {
  /** Content type ids (or free text) to keep. */
  types?: string[];
  /** Stage ids to keep. */
  stages?: string[];
  /** Only items a rep may send to a prospect. */
  shareableOnly?: boolean;
}

export interface SuggestOptions {
  limit?: number;
  filters?: SuggestFilters;
  /** What the rep typed in the search box; combined with the context. */
  query?: string;
  /** For tests: the day that decides what has expired. */
  now?: Date;
}

export interface Suggestion {
  item: StoredItem;
  score: number;
  /** Why it was suggested, most important first: "Healthcare", "Finance leader", "mentions claims". */
  reasons: string[];
  shareable: boolean;
}

export interface CatalogView {
  items: readonly StoredItem[];
  vocabulary: Vocabulary;
}

/** The item field that holds each vocabulary list's ids. */
const tagField: Partial<Record<VocabularyList, keyof StoredItem>> = {
  products: 'products',
  industries: 'industries',
  personas: 'personas',
  stages: 'stages',
  regions: 'regions',
  competitors: 'competitors',
  companySizes: 'companySizes',
};

/** Concepts of the vocabulary whose label or an alias occurs, as whole words, in `text`. */
export function findConcepts(text: string, concepts: readonly Concept[]): Concept[] {
  const haystack = ` ${normalize(text)} `;
  return concepts.filter((concept) =>
    [concept.label, concept.id, ...concept.aliases].some((name) => {
      const needle = normalize(name);
      return needle !== '' && haystack.includes(` ${needle} `);
    }),
  );
}

function contextText(context: ProspectContext, query?: string): string {
  return [
    context.title,
    context.company,
    context.industry,
    context.companySize,
    context.stage,
    ...(context.products ?? []),
    ...(context.competitors ?? []),
    context.text,
    query,
  ]
    .filter(Boolean)
    .join(' \n ');
}

const STOP = new Set('a an and the of at in on for to with by from or is are be as our we you your i my this that it'.split(' '));

/**
 * First ranking: vocabulary concepts found in the context that the item is tagged with, then
 * the context's words in the item's title, keywords and description. Replaced by the full
 * matcher (issue 5) behind the same signature.
 */
export function rank(context: ProspectContext, catalog: CatalogView, options: SuggestOptions = {}): Suggestion[] {
  const limit = options.limit ?? 10;
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const text = contextText(context, options.query);
  const found: Array<{ list: VocabularyList; concept: Concept }> = [];
  for (const list of vocabularyLists) {
    for (const concept of findConcepts(text, catalog.vocabulary[list] ?? [])) found.push({ list, concept });
  }
  const words = new Set(tokens(text).filter((word) => word.length > 2 && !STOP.has(word)));
  const queryWords = new Set(tokens(options.query ?? '').filter((word) => word.length > 1));
  const filters = options.filters ?? {};

  const out: Suggestion[] = [];
  for (const item of catalog.items) {
    if (item.expiresAt && item.expiresAt < today) continue;
    if (filters.shareableOnly && !isShareable(item)) continue;
    if (filters.types?.length && !filters.types.includes(item.type ?? '')) continue;
    if (filters.stages?.length && !item.stages.some((stage) => filters.stages!.includes(stage))) continue;

    let score = 0;
    const reasons: string[] = [];
    for (const { list, concept } of found) {
      const field = tagField[list];
      const tags = field ? (item[field] as string[]) : [];
      if (tags.includes(concept.id)) {
        score += 3;
        reasons.push(concept.label);
      }
    }
    const itemWords = new Set(tokens(`${item.title} ${item.keywords.join(' ')} ${item.description ?? ''}`));
    const shared = [...words].filter((word) => itemWords.has(word));
    score += shared.length * 0.5;
    const matchedQuery = [...queryWords].filter((word) => itemWords.has(word));
    if (queryWords.size > 0 && matchedQuery.length === 0 && reasons.length === 0) continue;
    score += matchedQuery.length * 2;
    if (shared.length > 0 && reasons.length < 3) reasons.push(`mentions ${shared.slice(0, 2).join(', ')}`);
    if (score <= 0) continue;
    out.push({ item, score, reasons, shareable: isShareable(item) });
  }
  out.sort((a, b) => b.score - a.score || a.item.title.localeCompare(b.item.title));
  return out.slice(0, limit);
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
