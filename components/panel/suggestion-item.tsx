import { useState } from 'preact/hooks';
import type { Suggestion } from '@/lib/match';
import { sharedAgo } from '@/lib/share';
import { t, uiLocale } from '@/lib/i18n';

export interface SuggestionItemProps {
  /** Its place in the list, for the list's keyboard handling. */
  index: number;
  suggestion: Suggestion;
  typeLabel: string | null;
  sharedAt: number | null;
  feedback: boolean | null;
  canInsert: boolean;
  /** One of the first three: the pieces that fit best, set apart from the rest. */
  top?: boolean;
  onCopy(suggestion: Suggestion): void;
  onCopyMessage(suggestion: Suggestion): void;
  onInsert(suggestion: Suggestion): void;
  onFeedback(suggestion: Suggestion, useful: boolean): void;
}

export function SuggestionItem({
  index,
  suggestion,
  typeLabel,
  sharedAt,
  feedback,
  canInsert,
  top = false,
  onCopy,
  onCopyMessage,
  onInsert,
  onFeedback,
}: SuggestionItemProps) {
  const { item, reasons, shareable } = suggestion;
  const [previewing, setPreviewing] = useState(false);
  const previewId = `preview-${index}-${item.key.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li class={top ? 'suggestion suggestion--top' : 'suggestion'} data-index={index}>
      <div class="suggestion__meta">
        {typeLabel && <span class="tag">{typeLabel}</span>}
        {item.gated && <span class="tag tag--warn">{t('item.gated')}</span>}
        {item.internalOnly && <span class="tag tag--internal">{t('item.internalOnly')}</span>}
        {sharedAt !== null && <span class="tag tag--shared">{sharedAgo(sharedAt)}</span>}
      </div>
      <a class="suggestion__title" href={item.url} target="_blank" rel="noopener noreferrer">
        {item.title}
      </a>
      {reasons.length > 0 && <p class="suggestion__reasons">{reasons.join(' · ')}</p>}
      {previewing && <Preview id={previewId} item={item} />}
      <div class="suggestion__actions">
        {shareable && (
          <>
            <button type="button" class="button button--primary" onClick={() => onCopy(suggestion)}>
              {t('item.copyLink')}
            </button>
            <button type="button" class="button" onClick={() => onCopyMessage(suggestion)}>
              {t('share.copyWithMessage')}
            </button>
            {canInsert && (
              <button type="button" class="button" onClick={() => onInsert(suggestion)}>
                {t('item.insert')}
              </button>
            )}
          </>
        )}
        <button type="button" class="button button--quiet" aria-expanded={previewing} aria-controls={previewId} onClick={() => setPreviewing(!previewing)}>
          {t('share.preview')}
        </button>
        <span class="suggestion__feedback">
          <button
            type="button"
            class="icon-button"
            aria-label={t('item.useful')}
            title={t('item.useful')}
            aria-pressed={feedback === true}
            onClick={() => onFeedback(suggestion, true)}
          >
            <Thumb />
          </button>
          <button
            type="button"
            class="icon-button"
            aria-label={t('item.notUseful')}
            title={t('item.notUseful')}
            aria-pressed={feedback === false}
            onClick={() => onFeedback(suggestion, false)}
          >
            <Thumb down />
          </button>
        </span>
      </div>
    </li>
  );
}

/** The item as the catalog describes it: description, tags, last update. */
function Preview({ id, item }: { id: string; item: Suggestion['item'] }) {
  const tags = [...new Set([...item.industries, ...item.personas, ...item.stages, ...item.products, ...item.keywords])].slice(0, 12);
  const updated = item.updatedAt ? new Date(`${item.updatedAt}T00:00:00Z`) : null;
  return (
    <div class="suggestion__preview" id={id}>
      <p>{item.description?.trim() || t('share.noDescription')}</p>
      {tags.length > 0 && (
        <p class="muted">
          <span>{t('share.tags')}: </span>
          {tags.join(', ')}
        </p>
      )}
      {updated && !Number.isNaN(updated.getTime()) && (
        <p class="muted">{t('share.updated', { date: updated.toLocaleDateString(uiLocale(), { dateStyle: 'medium', timeZone: 'UTC' }) })}</p>
      )}
    </div>
  );
}

/** A thumb drawn in SVG: emoji fonts are missing on many corporate Linux and VDI images. */
function Thumb({ down = false }: { down?: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" style={down ? { transform: 'rotate(180deg)' } : undefined}>
      <path
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linejoin="round"
        d="M7 10v11H3V10h4zm0 0l4-8c1.7 0 3 1.3 3 3v3h5.5a2 2 0 0 1 2 2.3l-1.4 8.4a2 2 0 0 1-2 1.3H7"
      />
    </svg>
  );
}
