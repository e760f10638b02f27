import { useEffect, useState } from 'preact/hooks';
import { liveQuery } from 'dexie';
import { db } from '@/lib/db/database';
import { insightsCsv, insightsJson, loadInsights, type Insights, type ItemCount, type ItemRef, type WeekRow } from '@/lib/insights';
import { GroupedBars, InlineBar } from './charts';
import { download } from './download';
import { t, uiLocale } from '@/lib/i18n';

const number = (n: number) => n.toLocaleString(uiLocale());
import './insights.css';

const NEVER_SHOWN = 50;
/** The chart shows at least this many weeks, so a first week reads as the start of a timeline. */
const CHART_WEEKS = 8;

function padWeeks(weeks: WeekRow[], count: number): WeekRow[] {
  if (!weeks.length || weeks.length >= count) return weeks.slice(-52);
  const first = new Date(`${weeks[0]!.week}T00:00:00Z`).getTime();
  const before = Array.from({ length: count - weeks.length }, (_, i) => ({
    week: new Date(first - (count - weeks.length - i) * 7 * 86_400_000).toISOString().slice(0, 10),
    shares: 0,
    useful: 0,
    notUseful: 0,
    impressions: 0,
    topShared: [],
    topUseful: [],
  }));
  return [...before, ...weeks];
}

function ItemName({ item }: { item: ItemRef }) {
  return (
    <>
      {item.url ? (
        <a href={item.url} target="_blank" rel="noopener noreferrer">
          {item.title}
        </a>
      ) : (
        item.title
      )}
      {!item.inCatalog && <span class="muted"> {t('insights.gone')}</span>}
    </>
  );
}

function TopList({ items }: { items: ItemCount[] }) {
  if (!items.length) return <>{t('insights.none')}</>;
  return (
    <ol class="insights__top">
      {items.map((item) => (
        <li key={item.itemKey}>
          <ItemName item={item} /> <span class="muted">({item.count})</span>
        </li>
      ))}
    </ol>
  );
}

function CountTable({ id, heading, column, items, empty }: { id: string; heading: string; column: string; items: ItemCount[]; empty: string }) {
  const max = items[0]?.count ?? 0;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id} class="section-heading">
        {heading}
      </h2>
      {items.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('insights.item')}</th>
              <th scope="col">{column}</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, 10).map((item) => (
              <tr key={item.itemKey}>
                <th scope="row">
                  <ItemName item={item} />
                </th>
                <td class="insights__figure">
                  <InlineBar value={item.count} max={max} /> {item.count}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The Insights page: what reps share, find useful or not, and the prospects nothing fitted. */
export function InsightsApp() {
  const [insights, setInsights] = useState<Insights | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    // Follows new events while the page is open: liveQuery re-runs when the tables it read change.
    const subscription = liveQuery(() => loadInsights(db())).subscribe({ next: setInsights, error: (error: unknown) => setStatus(String(error)) });
    return () => subscription.unsubscribe();
  }, []);

  function exportAs(kind: 'csv' | 'json') {
    if (!insights) return;
    const stamp = new Date().toISOString().slice(0, 10);
    const name = `pitchside-insights-${stamp}.${kind}`;
    if (kind === 'csv') download(name, 'text/csv;charset=utf-8', insightsCsv(insights));
    else download(name, 'application/json', insightsJson(insights));
    setStatus(t('insights.exported', { file: name }));
  }

  const chartWeeks = insights ? padWeeks(insights.weeks, CHART_WEEKS) : [];
  return (
    <main class="options insights">
      <header class="options__bar">
        <h1 class="brand">{t('insights.title')}</h1>
        <a href="/options.html">{t('insights.settings')}</a>
      </header>
      <p class="muted">{t('insights.intro')}</p>
      {!insights ? (
        <p class="muted">{t('insights.loading')}</p>
      ) : (
        <>
          <section class="card" aria-label={t('insights.summary')}>
            <dl class="insights__stats">
              {(
                [
                  ['insights.statShares', insights.totals.shares],
                  ['insights.statUseful', insights.totals.useful],
                  ['insights.statNotUseful', insights.totals.notUseful],
                  ['insights.statProspects', insights.totals.prospects],
                  ['insights.statImpressions', insights.totals.impressions],
                ] as const
              ).map(([key, value]) => (
                <div key={key} class="insights__stat">
                  <dt>{t(key)}</dt>
                  <dd>{number(value)}</dd>
                </div>
              ))}
            </dl>
            {insights.from ? (
              <p class="muted">{t('insights.period', { from: insights.from, to: insights.to! })}</p>
            ) : (
              <p class="muted">{t('insights.noEvents')}</p>
            )}
            <div class="insights__export">
              <button type="button" class="button" onClick={() => exportAs('csv')}>
                {t('insights.exportCsv')}
              </button>
              <button type="button" class="button" onClick={() => exportAs('json')}>
                {t('insights.exportJson')}
              </button>
            </div>
            <p role="status" class="options__status">
              {status}
            </p>
          </section>

          <section class="card" aria-labelledby="weekly-heading">
            <h2 id="weekly-heading" class="section-heading">
              {t('insights.weekly')}
            </h2>
            {insights.weeks.length === 0 ? (
              <p class="muted">{t('insights.noEvents')}</p>
            ) : (
              <>
                <GroupedBars
                  id="weekly-chart"
                  title={t('insights.weeklyChart')}
                  description={t('insights.weeklyDesc')}
                  categories={chartWeeks.map((w) => w.week)}
                  series={[
                    { label: t('insights.shares'), color: 'var(--accent)', values: chartWeeks.map((w) => w.shares) },
                    { label: t('insights.useful'), color: 'var(--ok)', values: chartWeeks.map((w) => w.useful) },
                  ]}
                />
                <table class="table" aria-labelledby="weekly-heading">
                  <thead>
                    <tr>
                      <th scope="col">{t('insights.week')}</th>
                      <th scope="col">{t('insights.shares')}</th>
                      <th scope="col">{t('insights.mostSharedWeek')}</th>
                      <th scope="col">{t('insights.useful')}</th>
                      <th scope="col">{t('insights.mostUsefulWeek')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...insights.weeks]
                      .reverse()
                      .filter((w) => w.shares || w.useful || w.impressions || w.notUseful)
                      .map((w) => (
                        <tr key={w.week}>
                          <th scope="row">{w.week}</th>
                          <td>{w.shares}</td>
                          <td>
                            <TopList items={w.topShared} />
                          </td>
                          <td>{w.useful}</td>
                          <td>
                            <TopList items={w.topUseful} />
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          <CountTable
            id="most-shared"
            heading={t('insights.mostShared')}
            column={t('insights.shares')}
            items={insights.mostShared}
            empty={t('insights.nothingShared')}
          />
          <CountTable
            id="most-useful"
            heading={t('insights.mostUseful')}
            column={t('insights.useful')}
            items={insights.mostUseful}
            empty={t('insights.nothingUseful')}
          />

          <section class="card" aria-labelledby="rejected-heading">
            <h2 id="rejected-heading" class="section-heading">
              {t('insights.rejected')}
            </h2>
            {insights.mostNotUseful.length === 0 ? (
              <p class="muted">{t('insights.nothingRejected')}</p>
            ) : (
              <>
                <p class="muted options__help">{t('insights.rejectedHelp')}</p>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('insights.item')}</th>
                      <th scope="col">{t('insights.notUseful')}</th>
                      <th scope="col">{t('insights.useful')}</th>
                      <th scope="col">{t('insights.reasons')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {insights.mostNotUseful.slice(0, 20).map((item) => (
                      <tr key={item.itemKey}>
                        <th scope="row">
                          <ItemName item={item} />
                        </th>
                        <td>{item.notUseful}</td>
                        <td>{item.useful}</td>
                        <td>
                          {item.reasons.length ? (
                            <ul class="insights__reasons">
                              {item.reasons.map((r) => (
                                <li key={r.reason}>
                                  “{r.reason}” <span class="muted">({r.count})</span>
                                </li>
                              ))}
                            </ul>
                          ) : (
                            <span class="muted">{t('insights.noReason')}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          <section class="card" aria-labelledby="gaps-heading">
            <h2 id="gaps-heading" class="section-heading">
              {t('insights.gaps')}
            </h2>
            <p class="muted options__help" id="gaps-help">
              {t('insights.gapsHelp')}
            </p>
            {insights.gaps.length === 0 ? (
              <p class="muted">{t('insights.noGaps')}</p>
            ) : (
              <table class="table" aria-labelledby="gaps-heading" aria-describedby="gaps-help">
                <thead>
                  <tr>
                    <th scope="col">{t('insights.industry')}</th>
                    <th scope="col">{t('insights.persona')}</th>
                    <th scope="col">{t('insights.stage')}</th>
                    <th scope="col">{t('insights.prospectsSeen')}</th>
                    <th scope="col">{t('insights.unserved')}</th>
                  </tr>
                </thead>
                <tbody>
                  {insights.gaps.slice(0, 30).map((gap) => (
                    <tr key={`${gap.industry?.id}|${gap.persona?.id}|${gap.stage?.id}`}>
                      <td>{gap.industry?.label ?? <span class="muted">{t('insights.anyValue')}</span>}</td>
                      <td>{gap.persona?.label ?? <span class="muted">{t('insights.anyValue')}</span>}</td>
                      <td>{gap.stage?.label ?? <span class="muted">{t('insights.anyValue')}</span>}</td>
                      <td>{gap.prospects}</td>
                      <td class="insights__figure">
                        <InlineBar value={gap.unserved} max={insights.gaps[0]!.unserved} color="var(--warn)" /> {gap.unserved}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section class="card" aria-labelledby="never-heading">
            <h2 id="never-heading" class="section-heading">
              {t('insights.never')}
            </h2>
            {insights.neverUsed.length === 0 ? (
              <p class="muted">{t('insights.neverNone')}</p>
            ) : (
              <>
                <p>{t('insights.neverCount', { count: number(insights.neverUsed.length), total: number(insights.catalogSize) })}</p>
                <NeverList items={insights.neverUsed} />
              </>
            )}
          </section>
        </>
      )}
    </main>
  );
}

function NeverList({ items }: { items: ItemRef[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, NEVER_SHOWN);
  return (
    <>
      <ul class="insights__never" aria-labelledby="never-heading">
        {shown.map((item) => (
          <li key={item.itemKey}>
            <ItemName item={item} />
          </li>
        ))}
      </ul>
      {!all && items.length > NEVER_SHOWN && (
        <button type="button" class="button button--quiet" onClick={() => setAll(true)}>
          {t('insights.neverMore', { count: number(items.length) })}
        </button>
      )}
    </>
  );
}
