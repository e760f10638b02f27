import type { Concept, VocabularyList } from './catalog/types';
import type { ProspectContext } from './context/schema';
import { FACETS, type EventBase, type MatchedConcepts, type ProspectKind, type UsageEvent } from './events';
import { localView } from './match';
import { analyzeContext, preparedFor, type CatalogView, type Suggestion } from './match/suggest';
import { resolveTag } from './match/prepare';
import { normalize } from './match/text';

/**
 * What an event says of the prospect and the item, from the matcher's reading of the context.
 * Apart from lib/events.ts so that recording an event does not bring the matcher into the
 * panel's first script: lib/records.ts loads this module when the rep first acts.
 */

/** The strongest concept of each facet the context names (a field before free text). */
export function prospectKind(context: ProspectContext, catalog: CatalogView): ProspectKind {
  const index = preparedFor(localView(catalog));
  const analysis = analyzeContext(context, index);
  const out: ProspectKind = {};
  const rankOf = (via: string) => (via === 'field' ? 2 : via === 'query' ? 1 : 0);
  for (const [facet, list] of FACETS) {
    const best = analysis.concepts
      .filter((found) => found.list === list && found.via !== 'query')
      .sort((a, b) => rankOf(b.via) - rankOf(a.via) || b.weight - a.weight)[0];
    if (best) out[facet] = best.concept.id;
  }
  return out;
}

/** Concept ids of the item's industry, persona and stage tags that the prospect has. */
export function matchedConcepts(item: Suggestion['item'], kind: ProspectKind, catalog: CatalogView): MatchedConcepts {
  const index = preparedFor(localView(catalog));
  const resolved = (list: VocabularyList, tags: readonly string[] | undefined) =>
    new Set((tags ?? []).map((tag) => (resolveTag(index, list, tag) as Concept | undefined)?.id ?? normalize(tag)));
  const out: MatchedConcepts = { industries: [], personas: [], stages: [] };
  for (const [facet, list] of FACETS) {
    const id = kind[facet];
    if (id && resolved(list, item[list]).has(id)) out[list].push(id);
  }
  return out;
}

/** The `suggested` events of one ranking: one per suggestion, with its place and fit. */
export function impressionEvents(recordKey: string, context: ProspectContext, suggestions: readonly Suggestion[], catalog: CatalogView): UsageEvent[] {
  const kind = prospectKind(context, catalog);
  return suggestions.map((suggestion, rank) => ({
    action: 'suggested' as const,
    itemKey: suggestion.item.key,
    recordKey,
    prospect: kind,
    matched: matchedConcepts(suggestion.item, kind, catalog),
    score: suggestion.score,
    rank,
    identity: { name: context.name ?? undefined, url: context.url || undefined },
  }));
}

/**
 * What every event about `item` on this record carries: the item, the record, the kind of
 * prospect and what the item shares with it, and (for team reports an admin allowed to carry
 * it, never stored) the prospect's name and page URL. The panel spreads the action on top:
 * `{ ...eventBase(…), action: 'shared', how: 'copy' }`.
 */
export function eventBase(recordKey: string, context: ProspectContext | null, item: Suggestion['item'], catalog: CatalogView | null): EventBase {
  const prospect = context && catalog ? prospectKind(context, catalog) : {};
  return {
    itemKey: item.key,
    recordKey,
    prospect,
    matched: catalog ? matchedConcepts(item, prospect, catalog) : { industries: [], personas: [], stages: [] },
    identity: context ? { name: context.name ?? undefined, url: context.url || undefined } : undefined,
  };
}
