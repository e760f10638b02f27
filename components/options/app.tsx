import { useEffect, useState } from 'preact/hooks';
import { db, type CatalogSource } from '@/lib/db/database';
import { SiteAccess } from './site-access';

/** Settings page; catalog sources, sync and import arrive with the catalog issue. */
export function OptionsApp() {
  const [sources, setSources] = useState<CatalogSource[]>([]);
  useEffect(() => void db().sources.toArray().then(setSources), []);
  return (
    <main class="options">
      <h1 class="brand">Pitchside settings</h1>
      <section class="card">
        <h2 class="section-heading">Catalog sources</h2>
        <ul>
          {sources.map((source) => (
            <li key={source.id}>
              {source.name}: {source.itemCount} items
            </li>
          ))}
        </ul>
      </section>
      <SiteAccess />
    </main>
  );
}
