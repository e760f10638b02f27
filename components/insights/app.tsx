import { useEffect, useState } from 'preact/hooks';
import { db } from '@/lib/db/database';
import { loadInsights, type Insights } from '@/lib/insights';

export function InsightsApp() {
  const [insights, setInsights] = useState<Insights | null>(null);
  useEffect(() => void loadInsights(db()).then(setInsights), []);

  return (
    <main class="options">
      <h1 class="brand">Pitchside insights</h1>
      <p class="muted">
        What you shared and rated in the last 30 days. This stays in your browser: Pitchside sends it nowhere.
      </p>
      {insights && (
        <>
          <section class="card" aria-label="Summary">
            <p>
              <strong>{insights.shares}</strong> links shared with <strong>{insights.prospects}</strong> prospects.
            </p>
          </section>
          <section class="card" aria-labelledby="by-item">
            <h2 id="by-item" class="section-heading">
              By item
            </h2>
            {insights.items.length === 0 ? (
              <p class="muted">Nothing shared or rated yet.</p>
            ) : (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">Shares</th>
                    <th scope="col">Prospects</th>
                    <th scope="col">Useful</th>
                    <th scope="col">Not useful</th>
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
