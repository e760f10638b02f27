/**
 * A synthetic catalog (seeded, so every run is the same) and a way to write it straight into
 * the extension's IndexedDB, as a sync would leave it but with no matching snapshot: what the
 * bench (scripts/bench/) measures and what the end-to-end tests at scale start from.
 */
import type { Page, WebWorker } from 'puppeteer';

/** Self-contained: the function also runs inside the page (see `storeSynthetic`). */
export function generateCatalog(count: number, seed = 7) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const some = <T>(list: readonly T[], max: number) => {
    const n = Math.floor(random() * (max + 1));
    return [...new Set(Array.from({ length: n }, () => pick(list)))];
  };
  const concept = (id: string, label: string, aliases: string[]) => ({ id, label, aliases });
  const industries = [
    'healthcare',
    'retail',
    'manufacturing',
    'banking',
    'insurance',
    'public-sector',
    'education',
    'logistics',
    'energy',
    'telecom',
    'media',
    'pharma',
    'automotive',
    'food',
    'hospitality',
  ];
  const personas = [
    'finance-leader',
    'it-leader',
    'operations-leader',
    'sales-leader',
    'marketing-leader',
    'hr-leader',
    'procurement-leader',
    'supply-chain-leader',
    'legal-counsel',
    'ceo',
  ];
  const products = ['ledger', 'insight', 'close', 'spend', 'route', 'yard', 'predict', 'hub'];
  const stages = ['discovery', 'evaluation', 'proposal', 'negotiation', 'customer'];
  const competitors = ['globex', 'initech', 'hooli', 'vandelay', 'umbrella', 'stark'];
  const types = ['case-study', 'datasheet', 'whitepaper', 'webinar', 'battlecard', 'pricing', 'video', 'one-pager'];
  const vocabulary = {
    industries: industries.map((id) =>
      concept(id, id[0]!.toUpperCase() + id.slice(1).replace('-', ' '), [`${id} industry`, `${id} & services`, `${id} sector`]),
    ),
    personas: personas.map((id) =>
      concept(id, id.replace('-', ' '), [`VP ${id.split('-')[0]}`, `Head of ${id.split('-')[0]}`, `Director ${id.split('-')[0]}`]),
    ),
    products: products.map((id) => concept(id, `Acme ${id}`, [`${id} suite`, `${id.toUpperCase()}X`, `old ${id} pro`])),
    stages: [
      concept('discovery', 'Discovery', ['Prospecting', 'Qualification', 'appointmentscheduled']),
      concept('evaluation', 'Evaluation', ['Needs Analysis', 'Develop', 'qualifiedtobuy']),
      concept('proposal', 'Proposal', ['Proposal/Price Quote', 'Propose', 'decisionmakerboughtin']),
      concept('negotiation', 'Negotiation', ['Negotiation/Review', 'contractsent']),
      concept('customer', 'Customer', ['Closed Won', 'closedwon']),
    ],
    competitors: competitors.map((id) => concept(id, `${id[0]!.toUpperCase()}${id.slice(1)} Corp`, [id, `${id} cloud`])),
    types: types.map((id) => concept(id, id.replace('-', ' '), [])),
    companySizes: [
      concept('smb', 'Small business', ['1-200 employees']),
      concept('mid', 'Mid-market', ['201-1,000 employees']),
      concept('enterprise', 'Enterprise', ['1,001+ employees']),
    ],
  };
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor', 'ben', 'tal', 'mor', 'sin'];
  const rare = Array.from({ length: 3000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join(''));
  const common = [
    'claims',
    'automation',
    'forecast',
    'close',
    'audit',
    'spend',
    'treasury',
    'compliance',
    'cash',
    'revenue',
    'inventory',
    'routes',
    'delivery',
    'fleet',
    'warehouse',
    'planning',
    'reporting',
    'security',
    'cloud',
    'migration',
    'cost',
    'growth',
    'customers',
    'team',
    'process',
    'data',
    'analytics',
    'integration',
    'risk',
    'margin',
  ];
  const word = () => (random() < 0.6 ? pick(common) : pick(rare));
  const sentence = (n: number) => Array.from({ length: n }, word).join(' ');
  const today = Date.UTC(2026, 10, 23);
  const iso = (offsetDays: number) => new Date(today + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const items = Array.from({ length: count }, (_, i) => {
    const base = i % 10 < 2 ? Math.floor(i / 10) : i; // a fifth of the assets exist in several languages
    const language = i % 10 < 2 ? (i % 10 === 0 ? 'en' : 'de') : pick(['en', 'en', 'en', 'de', 'fr']);
    const broad = random() < 0.05;
    return {
      id: i % 10 < 2 ? `asset-${base}-${language}` : `item-${i}`,
      title: `${sentence(3)} ${pick(common)} ${sentence(2)}`,
      url: `https://bench.example/resources/${i}`,
      type: pick(types),
      gated: random() < 0.1,
      internalOnly: random() < 0.08,
      description: sentence(30 + Math.floor(random() * 20)),
      keywords: Array.from({ length: 2 + Math.floor(random() * 3) }, word),
      industries: broad ? industries.slice(0, 10) : some(industries, 2),
      personas: some(personas, 2),
      products: some(products, 2),
      stages: some(stages, 2),
      regions: [],
      languages: [language],
      competitors: random() < 0.1 ? [pick(competitors)] : [],
      companySizes: some(['smb', 'mid', 'enterprise'], 1),
      updatedAt: iso(-Math.floor(random() * 1500)),
      expiresAt: random() < 0.05 ? iso(-Math.floor(random() * 300)) : null,
    };
  });
  const contexts = Array.from({ length: 40 }, (_, i) => ({
    source: pick(['linkedin-profile', 'salesforce', 'hubspot']),
    url: `https://example.com/${i}`,
    title: `${pick(['VP', 'Head of', 'Director'])} ${pick(personas).split('-')[0]} at ${pick(rare)} ${pick(['Group', 'Inc', 'GmbH'])}`,
    company: `${pick(rare)} Group`,
    industry: `${pick(industries)} industry`,
    companySize: pick(['11-50 employees', '1,001-5,000 employees', '2500', '5K+']),
    stage: i % 2 ? pick(vocabulary.stages).aliases[0] : null,
    products: i % 3 ? [pick(vocabulary.products).label] : [],
    competitors: i % 4 === 0 ? [pick(competitors)] : [],
    text: sentence(40 + Math.floor(random() * 60)),
  }));
  return { vocabulary, items, contexts };
}

/** The source id the synthetic catalog is stored under. */
export const SYNTHETIC_SOURCE = 'url:https://bench.example/catalog.json';

/**
 * Writes `count` synthetic items and their source into the extension's database from an
 * extension page, replacing every source and item there (the snapshot table is left alone, as
 * no background build ran). Generated inside the page: 100,000 items never cross the protocol.
 * Returns the time the write took in the page.
 */
export async function storeSynthetic(page: Page, count: number): Promise<number> {
  // tsx names functions with a helper that the serialized callbacks would miss in the page.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate(
    async (count: number, generatorSource: string, sourceId: string) => {
      const generate = new Function('__name', `return (${generatorSource})`)((f: unknown) => f) as typeof generateCatalog;
      const { vocabulary, items } = generate(count);
      const started = performance.now();
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('pitchside');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        // In pages of 64, as a sync writes them (lib/db/items.ts), with no dead slots.
        const tx = db.transaction(['sources', 'items', 'itemPages'], 'readwrite');
        tx.objectStore('sources').clear();
        tx.objectStore('items').clear();
        tx.objectStore('itemPages').clear();
        tx.objectStore('sources').put({
          id: sourceId,
          kind: 'url',
          name: 'Bench',
          url: 'https://bench.example/catalog.json',
          vocabulary,
          itemCount: items.length,
          lastGoodSyncAt: Date.now(),
          slots: { next: items.length, dead: [] },
        });
        const pages = tx.objectStore('itemPages');
        for (let first = 0; first < items.length; first += 64)
          pages.put({
            key: `${sourceId}\u001f${String(first / 64).padStart(8, '0')}`,
            sourceId,
            first,
            items: items.slice(first, first + 64).map((item) => ({ ...item, key: `${sourceId}\u001f${item.id}`, sourceId })),
          });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      const elapsed = performance.now() - started;
      // Written behind the background's back (a sync would have it remake them from the new
      // snapshot): the ready suggestions of its tabs (lib/ready.ts) are of the catalog before.
      type Area = { get(keys: null): Promise<Record<string, unknown>>; remove(keys: string[]): Promise<void> };
      const session = (globalThis as unknown as { chrome: { storage: { session: Area } } }).chrome.storage.session;
      await session.remove(Object.keys(await session.get(null)).filter((key) => key.startsWith('ready:')));
      return elapsed;
    },
    count,
    generateCatalog.toString(),
    SYNTHETIC_SOURCE,
  );
}

/** The stamp of a record of the snapshots table ('catalog', 'catalog-stamp', 'catalog-building'), or null; from an extension page. */
export function snapshotStamp(page: Page, id: string): Promise<string | null> {
  return page.evaluate(
    (key: string) =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('snapshots').objectStore('snapshots').get(key);
          get.onsuccess = () => {
            resolve(get.result?.stamp ?? null);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id,
  );
}

/** Deletes the matching snapshot (as after a failed build, or a service worker stopped before it stored one); from an extension page. */
export function dropSnapshot(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('snapshots', 'readwrite');
          for (const id of ['catalog', 'catalog-stamp']) tx.objectStore('snapshots').delete(id);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

export interface StoredCatalog {
  /** The live items, as lib/db/items.ts reads them: rows of their own, and pages less their dead slots. */
  items: Array<{ id: string; title: string; sourceId: string; key: string }>;
  /** The source's record, when one source was asked for. */
  source?: { itemCount?: number; lastAttemptAt?: number; lastError?: string };
}

/** The stored items of one source (or of all), read from an extension page or the service worker. */
export function storedCatalog(target: Page | WebWorker, sourceId?: string): Promise<StoredCatalog> {
  return target.evaluate(
    (id: string | null) =>
      new Promise<StoredCatalog>((resolve, reject) => {
        const open = indexedDB.open('pitchside');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['items', 'itemPages', 'sources']);
          const range = id === null ? undefined : IDBKeyRange.bound(`${id}\u001f`, `${id}\u001f\uffff`);
          const rows = tx.objectStore('items').getAll(range);
          const pages = tx.objectStore('itemPages').getAll(range);
          const sources = tx.objectStore('sources').getAll();
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            type Row = { id: string; title: string; sourceId: string; key: string };
            type Source = { id: string; slots?: { dead: number[] }; itemCount?: number; lastAttemptAt?: number; lastError?: string };
            const all = sources.result as Source[];
            const dead = new Map(all.map((s) => [s.id, new Set(s.slots?.dead ?? [])]));
            const brief = ({ id, title, sourceId, key }: Row) => ({ id, title, sourceId, key });
            const items = (rows.result as Row[]).map(brief);
            for (const page of pages.result as Array<{ sourceId: string; first: number; items: Row[] }>)
              page.items.forEach((item, k) => {
                if (!dead.get(page.sourceId)?.has(page.first + k)) items.push(brief(item));
              });
            db.close();
            resolve({ items, source: id === null ? undefined : all.find((s) => s.id === id) });
          };
        };
      }),
    sourceId ?? null,
  );
}
