import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProspectContext } from '@/lib/context/schema';
import type { Feedback } from '@/lib/db/database';
import type { CatalogView, Suggestion } from '@/lib/match';
import { panelData } from './lazy';
import { reasonPhrases } from '@/lib/i18n';

export interface SuggestionInput {
  recordKey: string;
  context: ProspectContext | null;
  catalog: CatalogView | null;
  votes: readonly Feedback[];
  query: string;
  typeFilter: string;
  shareableOnly: boolean;
}

/**
 * Ranks the catalog for the prospect, the search and the rep's votes. A keystroke waits 120 ms
 * for the next; a newer ranking wins over an older one still running. Null while there is
 * nothing to rank for (no prospect, no search).
 */
export function useSuggestions({ recordKey, context, catalog, votes, query, typeFilter, shareableOnly }: SuggestionInput): Suggestion[] | null {
  const [result, setResult] = useState<{ recordKey: string; suggestions: Suggestion[] } | null>(null);
  const generation = useRef(0);
  useEffect(() => {
    const run = ++generation.current;
    if (!catalog || (!context && !query.trim())) {
      setResult(null);
      return;
    }
    const filters = { types: typeFilter ? [typeFilter] : undefined, shareableOnly };
    const timer = setTimeout(
      () => {
        void panelData()
          .then(async ({ adjustmentsFor, suggest }) =>
            suggest(context ?? { source: 'manual', url: '' }, {
              limit: 10,
              query,
              filters,
              catalog,
              adjustments: await adjustmentsFor(votes, recordKey, context, catalog),
              reasonPhrases: reasonPhrases(),
            }),
          )
          .then((found) => {
            if (run === generation.current) setResult({ recordKey, suggestions: found });
          });
      },
      query ? 120 : 0,
    );
    return () => clearTimeout(timer);
  }, [context, query, typeFilter, shareableOnly, catalog, votes, recordKey]);
  return result && result.recordKey === recordKey ? result.suggestions : null;
}
