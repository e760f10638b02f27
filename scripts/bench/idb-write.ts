/**
 * What an items write costs in Chromium's IndexedDB, in the extension's service worker (where a
 * sync writes), for the first sync of a large catalog (issue 10):
 *   PITCHSIDE_OUT_DIR=.output-catalog npx tsx scripts/bench/idb-write.ts [items] [rounds]
 *
 * Each variant writes the same rows (the bench's seeded generator, ~750 bytes an item) into a
 * scratch database of its own, then reads them all back (the matcher's getAll). Variants run
 * in every round in a new order; the figures are medians over rounds and, because the machine
 * is shared and noisy, each one's ratio to the peer `current` measured in the same round.
 *   current      store `key` with the `sourceId` index, one transaction, chunks of 5000 puts
 *   no-index     the same without the `sourceId` index
 *   relaxed      no-index, transaction durability 'relaxed'
 *   one-chunk    no-index, every put issued at once (no waiting between chunks)
 *   add          no-index, add() instead of put()
 *   string       no-index, each row { key, sourceId, json }: the item as one JSON string
 *                (the stringify is timed; the read back parses)
 *   pack-N       no-index, N items to a row { key, sourceId, items } (the read back flattens)
 * IDB_VARIANTS=current,no-index runs only those (`current` is always among them, as the peer).
 * Prints figures only; never fails on a time.
 */
import { generateCatalog } from '../../tests/e2e/synthetic';
import { launch } from '../../tests/e2e/harness';

const COUNT = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const ALL = ['current', 'no-index', 'relaxed', 'one-chunk', 'add', 'string', 'pack-16', 'pack-64', 'pack-500'] as const;
type Variant = (typeof ALL)[number];
const chosen = process.env.IDB_VARIANTS?.split(',');
const VARIANTS: readonly Variant[] = chosen ? ALL.filter((v) => v === 'current' || chosen.includes(v)) : ALL;

interface Sample {
  write: number;
  read: number;
}

async function main(): Promise<void> {
  const h = await launch();
  try {
    await h.worker.evaluate('globalThis.__name = (f) => f');
    const bytes = await h.worker.evaluate(
      (count: number, generatorSource: string) => {
        const generate = new Function('__name', `return (${generatorSource})`)((f: unknown) => f) as typeof generateCatalog;
        const { items } = generate(count);
        const g = globalThis as unknown as { __rows: unknown[] };
        g.__rows = items.map((item) => ({ ...item, sourceId: 'url:bench', key: `url:bench\u001f${item.id}` }));
        return JSON.stringify(items).length;
      },
      COUNT,
      generateCatalog.toString(),
    );
    console.log(`rows: ${COUNT.toLocaleString('en')} (${Math.round(bytes / COUNT)} bytes of JSON an item), ${ROUNDS} rounds, in the service worker`);
    const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
    const ratios = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // A new order each round, so no variant always follows the same one.
      const order = [...VARIANTS].sort((a, b) => ((round * 7 + a.length * 13 + a.charCodeAt(1)) % 11) - ((round * 7 + b.length * 13 + b.charCodeAt(1)) % 11));
      const byVariant = new Map<Variant, Sample>();
      for (const variant of order) {
        const sample = await h.worker.evaluate(async (variant: string) => {
          const rows = (globalThis as unknown as { __rows: Array<Record<string, unknown> & { key: string; sourceId: string }> }).__rows;
          const name = `bench-${variant}`;
          const done = (request: IDBRequest | IDBOpenDBRequest) =>
            new Promise<unknown>((resolve, reject) => {
              request.onsuccess = () => resolve(request.result);
              request.onerror = () => reject(request.error);
            });
          await done(indexedDB.deleteDatabase(name));
          const open = indexedDB.open(name, 1);
          open.onupgradeneeded = () => {
            const store = open.result.createObjectStore('items', { keyPath: 'key' });
            if (variant === 'current') store.createIndex('sourceId', 'sourceId');
          };
          const db = (await done(open)) as IDBDatabase;
          const started = performance.now();
          const tx = db.transaction('items', 'readwrite', variant === 'relaxed' ? { durability: 'relaxed' } : undefined);
          const completed = new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
          });
          const store = tx.objectStore('items');
          const chunk = variant === 'one-chunk' ? rows.length : 5000;
          const pack = variant.startsWith('pack-') ? Number(variant.slice(5)) : 0;
          if (pack) {
            let last: IDBRequest | undefined;
            for (let start = 0; start < rows.length; start += pack)
              last = store.put({ key: `url:bench\u001f${start}`, sourceId: 'url:bench', items: rows.slice(start, start + pack) });
            if (last) await done(last);
          } else
            for (let start = 0; start < rows.length; start += chunk) {
              let last: IDBRequest | undefined;
              for (let i = start; i < Math.min(rows.length, start + chunk); i++) {
                const row = rows[i]!;
                if (variant === 'string') {
                  const { key, sourceId, ...item } = row;
                  last = store.put({ key, sourceId, json: JSON.stringify(item) });
                } else if (variant === 'add') last = store.add(row);
                else last = store.put(row);
              }
              if (last) await done(last);
            }
          await completed;
          const write = performance.now() - started;
          const readStarted = performance.now();
          const back = (await done(db.transaction('items').objectStore('items').getAll())) as Array<Record<string, unknown>>;
          if (variant === 'string') for (const row of back) JSON.parse(row.json as string);
          const flat = pack ? back.flatMap((row) => row.items as unknown[]) : back;
          const read = performance.now() - readStarted;
          if (flat.length !== rows.length) throw new Error(`${variant}: read ${flat.length} of ${rows.length}`);
          db.close();
          await done(indexedDB.deleteDatabase(name));
          return { write, read };
        }, variant);
        samples.get(variant)!.push(sample);
        byVariant.set(variant, sample);
        console.log(`  round ${round + 1} ${variant.padEnd(10)} write ${Math.round(sample.write)} ms, read ${Math.round(sample.read)} ms`);
      }
      for (const variant of VARIANTS) ratios.get(variant)!.push(byVariant.get(variant)!.write / byVariant.get('current')!.write);
    }
    const median = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    console.log('medians (write; ratio to `current` in the same round; read back every row):');
    for (const variant of VARIANTS) {
      const list = samples.get(variant)!;
      console.log(
        `  ${variant.padEnd(10)} write ${Math.round(median(list.map((s) => s.write)))} ms (×${median(ratios.get(variant)!).toFixed(2)}), read ${Math.round(median(list.map((s) => s.read)))} ms`,
      );
    }
  } finally {
    await h.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
