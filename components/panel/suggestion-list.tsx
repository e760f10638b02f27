import type { Feedback } from '@/lib/db/database';
import type { Suggestion } from '@/lib/match';
import { SuggestionItem } from './suggestion-item';

export interface SuggestionListProps {
  /** The list's accessible name; the UI contract wants it to begin with "Suggestions". */
  label: string;
  suggestions: readonly Suggestion[];
  typeLabels: ReadonlyMap<string, string>;
  shares: ReadonlyMap<string, number>;
  votes: ReadonlyMap<string, Feedback>;
  canInsert: boolean;
  /** How many of the first are set apart as the best fits. */
  top?: number;
  onCopy(suggestion: Suggestion): void;
  onCopyMessage(suggestion: Suggestion): void;
  onInsert(suggestion: Suggestion): void;
  onFeedback(suggestion: Suggestion, useful: boolean): void;
}

const TITLE = '.suggestion__title';

/**
 * Keyboard: ↑/↓ move between the suggestions' titles (links, so Enter opens one), Home/End go
 * to the first and last, and C copies the link of the suggestion in focus. Focus only moves
 * within the panel, and only on the rep's key press.
 */
function onKeyDown(event: KeyboardEvent, suggestions: readonly Suggestion[], onCopy: (s: Suggestion) => void) {
  const target = event.target as HTMLElement;
  if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
  const list = event.currentTarget as HTMLElement;
  const titles = [...list.querySelectorAll<HTMLElement>(TITLE)];
  const item = target.closest<HTMLElement>('[data-index]');
  const index = item ? Number(item.dataset.index) : -1;
  let next: number | null = null;
  if (event.key === 'ArrowDown') next = Math.min(titles.length - 1, index + 1);
  else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = titles.length - 1;
  else if ((event.key === 'c' || event.key === 'C') && !event.ctrlKey && !event.metaKey && !event.altKey && index >= 0) {
    const suggestion = suggestions[index];
    if (suggestion?.shareable) {
      event.preventDefault();
      onCopy(suggestion);
    }
    return;
  }
  if (next === null || !titles[next]) return;
  event.preventDefault();
  titles[next]?.focus();
}

export function SuggestionList({ label, suggestions, typeLabels, shares, votes, canInsert, top = 0, ...actions }: SuggestionListProps) {
  return (
    <ul class="suggestions__list" aria-label={label} onKeyDown={(event) => onKeyDown(event, suggestions, actions.onCopy)}>
      {suggestions.map((suggestion, index) => (
        <SuggestionItem
          key={suggestion.item.key}
          index={index}
          suggestion={suggestion}
          typeLabel={suggestion.item.type ? (typeLabels.get(suggestion.item.type) ?? suggestion.item.type) : null}
          sharedAt={shares.get(suggestion.item.key) ?? null}
          feedback={votes.get(suggestion.item.key)?.useful ?? null}
          canInsert={canInsert}
          top={index < top}
          {...actions}
        />
      ))}
    </ul>
  );
}
