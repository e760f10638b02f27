import { useState } from 'preact/hooks';
import type { StoredItem } from '@/lib/db/database';
import { t } from '@/lib/i18n';

export interface LastVote {
  recordKey: string;
  item: StoredItem;
  useful: boolean;
}

export interface FeedbackBarProps {
  vote: LastVote;
  onUndo(): void;
  onReason(reason: string): void;
  onClose(): void;
}

/**
 * After a vote: Undo in one click, and an optional one-line reason for marketing. It never
 * takes focus; the rep can ignore it and carry on.
 */
export function FeedbackBar({ vote, onUndo, onReason, onClose }: FeedbackBarProps) {
  const [reason, setReason] = useState('');
  const quick = vote.useful ? [] : [t('feedback.outdated'), t('feedback.wrongIndustry')];
  return (
    <section
      class="feedback-bar card"
      aria-label={vote.useful ? t('feedback.markedUseful', { title: vote.item.title }) : t('feedback.markedNotUseful', { title: vote.item.title })}
    >
      <p class="feedback-bar__what">
        {vote.useful ? t('feedback.markedUseful', { title: vote.item.title }) : t('feedback.markedNotUseful', { title: vote.item.title })}{' '}
        <button type="button" class="button" onClick={onUndo}>
          {t('feedback.undo')}
        </button>
        <button type="button" class="button button--quiet" onClick={onClose}>
          {t('feedback.close')}
        </button>
      </p>
      <form
        class="feedback-bar__reason"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim()) onReason(reason.trim());
        }}
      >
        {quick.map((words) => (
          <button key={words} type="button" class="button button--quiet" onClick={() => onReason(words)}>
            {words}
          </button>
        ))}
        <label class="field">
          <span>{t('feedback.reasonLabel')}</span>
          <input
            type="text"
            maxLength={200}
            placeholder={t('feedback.reasonPlaceholder')}
            value={reason}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="button" disabled={!reason.trim()}>
          {t('feedback.saveReason')}
        </button>
      </form>
    </section>
  );
}
