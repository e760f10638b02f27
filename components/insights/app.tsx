import { useEffect, useState } from 'preact/hooks';
import { db } from '@/lib/db/database';
import { loadInsights, type Insights } from '@/lib/insights';
import { t } from '@/lib/i18n';

export function InsightsApp() {
  const [insights, setInsights] = useState<Insights | null>(null);
  useEffect(() => void loadInsights(db()).then(setInsights), []);

  return (
    <main class="options">
      <h1 class="brand">{t('insights.title')}</h1>
      <p class="muted">
        {t('insights.intro')}
      </p>
      {insights && (
        <>
          <section class="card" aria-label={t('insights.summary')}>
            <p>
              {t('insights.sharedWith', { shares: insights.shares, prospects: insights.prospects })}
            </p>
          </section>
          <section class="card" aria-labelledby="by-item">
            <h2 id="by-item" class="section-heading">
              {t('insights.byItem')}
            </h2>
            {insights.items.length === 0 ? (
              <p class="muted">{t('insights.nothingYet')}</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('insights.colItem')}</th>
                    <th scope="col">{t('insights.colShares')}</th>
                    <th scope="col">{t('insights.colProspects')}</th>
                    <th scope="col">{t('insights.colUseful')}</th>
                    <th scope="col">{t('insights.colNotUseful')}</th>
                  </tr>
                </thead>
                <tbody>
                  {insights.items.map((item) => (
                    <tr key={item.itemKey}>
                      <th scope="row">{item.url ? <a href={item.url} target="_blank" rel="noopener noreferrer">{item.title}</a> : item.title}</th>
                      <td>{item.shares}</td>
                      <td>{item.prospects}</td>
                      <td>{item.useful}</td>
                      <td>{item.notUseful}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </main>
  );
}
