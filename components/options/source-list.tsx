import type { CatalogSource } from '@/lib/db/database';
import { originPattern } from '@/lib/catalog/sources';
import { catalogText, t, uiLocale } from '@/lib/i18n';

const kindLabels: Record<CatalogSource['kind'], () => string> = {
  url: () => t('options.kindUrl'),
  feed: () => t('options.kindFeed'),
  file: () => t('options.kindFile'),
  demo: () => t('options.kindDemo'),
  policy: () => t('options.kindPolicy'),
};
const items = (n: number) => t('options.items', n);

export function formatTime(at: number | undefined): string {
  return at ? new Date(at).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }) : t('options.never');
}

export interface SourceListProps {
  sources: CatalogSource[];
  /** Origins ("https://host/*") Pitchside may read without CORS. */
  granted: Set<string>;
  busy: boolean;
  onRemove(source: CatalogSource): void;
  onAllow(source: CatalogSource): void;
}

/** The cached sources: what each holds, when it last synced, and what went wrong. */
export function SourceList({ sources, granted, busy, onRemove, onAllow }: SourceListProps) {
  if (!sources.length) return <p class="muted">{t('options.noSources')}</p>;
  return (
    <ul class="sources" aria-label={t('options.sourcesList')}>
      {sources.map((source) => {
        const nameId = `source-${source.id.replace(/[^a-z0-9]/gi, '-')}`;
        const skipped = source.problems?.filter((p) => !p.warning).length ?? 0;
        const problemCount = source.problemCount ?? source.problems?.length ?? 0;
        const needsAccess = source.url && source.lastErrorKind === 'network' && !granted.has(originPattern(source.url));
        return (
          <li key={source.id} class="source">
            <div class="source__head">
              <h3 class="source__name" id={nameId}>
                {source.name}
              </h3>
              <span class="tag">{source.managed ? t('options.kindPolicy') : kindLabels[source.kind]()}</span>
            </div>
            <dl class="source__facts">
              <dt>{t('options.factItems')}</dt>
              <dd>{items(source.itemCount)}</dd>
              {source.publisher && (
                <>
                  <dt>{t('options.factPublisher')}</dt>
                  <dd>{source.publisher}</dd>
                </>
              )}
              <dt>{source.url ? t('options.factLastGood') : t('options.factImported')}</dt>
              <dd>{formatTime(source.lastGoodSyncAt)}</dd>
              {source.url && source.lastCheckedAt && source.lastCheckedAt !== source.lastGoodSyncAt && (
                <>
                  <dt>{t('options.factLastChecked')}</dt>
                  <dd>{t('options.unchanged', { time: formatTime(source.lastCheckedAt) })}</dd>
                </>
              )}
            </dl>
            {source.lastError && (
              <p class="notice source__error">
                {t('options.lastFailed', { time: formatTime(source.lastAttemptAt), error: catalogText(source.lastErrorI18n, source.lastError) })}
                {source.failures && source.failures > 1 ? t('options.timesInRow', { count: source.failures }) : ''}
              </p>
            )}
            {problemCount > 0 && (
              <details class="source__problems">
                <summary>
                  {skipped ? t('options.skipped', { items: items(skipped) }) : ''}
                  {skipped && problemCount > skipped ? ', ' : ''}
                  {problemCount > skipped ? t('options.warnings', problemCount - skipped) : ''}
                  {source.totalInCatalog ? t('options.ofInCatalog', { items: items(source.totalInCatalog) }) : ''}
                </summary>
                <ul>
                  {(source.problems ?? []).map((problem, index) => (
                    <li key={index} class={problem.warning ? 'muted' : undefined}>
                      <strong>{catalogText(problem.whereI18n, problem.where)}</strong>: {catalogText(problem.reasonI18n, problem.reason)}
                      {problem.warning ? '' : t('options.problemSkipped')}
                    </li>
                  ))}
                  {problemCount > (source.problems?.length ?? 0) && (
                    <li class="muted">{t('options.andMore', { count: problemCount - source.problems!.length })}</li>
                  )}
                </ul>
              </details>
            )}
            <div class="source__actions">
              {needsAccess && (
                <button type="button" class="button" onClick={() => onAllow(source)} disabled={busy}>
                  {t('options.allowAccess', { host: new URL(source.url!).host })}
                </button>
              )}
              {source.managed ? (
                <span class="muted">{t('options.managedSource')}</span>
              ) : (
                <button type="button" class="button button--quiet" aria-describedby={nameId} onClick={() => onRemove(source)} disabled={busy}>
                  {t('options.remove')}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
