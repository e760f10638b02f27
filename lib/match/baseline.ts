import { isShareable, vocabularyLists, type Concept, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import type { ProspectContext } from '../context/schema';
import { findConcepts, type CatalogView, type SuggestOptions, type Suggestion } from './suggest';
import { tokens } from './text';

/**
 * The first ranking, kept as the baseline that `scripts/bench/match.ts` and the relevance eval
 * compare against: scores every item one by one, tokenising it on every call, with no index.
 */
const tagField: Partial<Record<VocabularyList, keyof StoredItem>> = {
  products: 'products',
  industries: 'industries',
  personas: 'personas',
  stages: 'stages',
  regions: 'regions',
  competitors: 'competitors',
  companySizes: 'companySizes',
};

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

export function rankSimple(context: ProspectContext, catalog: CatalogView, options: SuggestOptions = {}): Suggestion[] {
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
