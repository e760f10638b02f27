import type { CatalogSource } from '@/lib/db/database';
import { plural } from '@/lib/catalog/sync';
import { originPattern } from '@/lib/catalog/sources';

const kindLabels: Record<CatalogSource['kind'], string> = {
  url: 'Catalog URL',
  feed: 'Feed',
  file: 'Imported file',
  demo: 'Bundled demo',
  policy: 'Set by IT',
};

export function formatTime(at: number | undefined): string {
  return at ? new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'never';
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
  if (!sources.length) return <p class="muted">No catalog yet. Add a catalog URL or import a file.</p>;
  return (
    <ul class="sources" aria-label="Catalog sources">
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
              <span class="tag">{source.managed ? 'Set by IT' : kindLabels[source.kind]}</span>
            </div>
            <dl class="source__facts">
              <dt>Items</dt>
              <dd>{plural(source.itemCount, 'item')}</dd>
              {source.publisher && (
                <>
                  <dt>Publisher</dt>
                  <dd>{source.publisher}</dd>
                </>
              )}
              <dt>{source.url ? 'Last good sync' : 'Imported'}</dt>
              <dd>{formatTime(source.lastGoodSyncAt)}</dd>
              {source.url && source.lastCheckedAt && source.lastCheckedAt !== source.lastGoodSyncAt && (
                <>
                  <dt>Last checked</dt>
                  <dd>{formatTime(source.lastCheckedAt)} (unchanged)</dd>
                </>
              )}
            </dl>
            {source.lastError && (
              <p class="notice source__error">
                Last sync failed {formatTime(source.lastAttemptAt)}: {source.lastError}
                {source.failures && source.failures > 1 ? ` (${source.failures} times in a row)` : ''}
              </p>
            )}
            {problemCount > 0 && (
              <details class="source__problems">
                <summary>
                  {skipped ? `${plural(skipped, 'item')} skipped` : ''}
                  {skipped && problemCount > skipped ? ', ' : ''}
                  {problemCount > skipped ? plural(problemCount - skipped, 'warning') : ''}
                  {source.totalInCatalog ? ` (of ${plural(source.totalInCatalog, 'item')} in the catalog)` : ''}
                </summary>
                <ul>
                  {(source.problems ?? []).map((problem, index) => (
                    <li key={index} class={problem.warning ? 'muted' : undefined}>
                      <strong>{problem.where}</strong>: {problem.reason}
                      {problem.warning ? '' : ' (skipped)'}
                    </li>
                  ))}
                  {problemCount > (source.problems?.length ?? 0) && <li class="muted">…and {problemCount - source.problems!.length} more</li>}
                </ul>
              </details>
            )}
            <div class="source__actions">
              {needsAccess && (
                <button type="button" class="button" onClick={() => onAllow(source)} disabled={busy}>
                  Allow access to {new URL(source.url!).host}
                </button>
              )}
              {source.managed ? (
                <span class="muted">Your IT department manages this catalog.</span>
              ) : (
                <button type="button" class="button button--quiet" aria-describedby={nameId} onClick={() => onRemove(source)} disabled={busy}>
                  Remove
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
