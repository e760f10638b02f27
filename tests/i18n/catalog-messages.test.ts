import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { catalogEnglish, english, isCatalogMessage, msg, type CatalogMessage } from '@/lib/catalog/messages';
import { catalogText } from '@/lib/i18n';
import { openDb, type PitchsideDb } from '@/lib/db/database';
import { reconcileSources, syncSource } from '@/lib/catalog/sync';
import { importCatalogFile } from '@/lib/catalog/import';
import { parseCatalogJson } from '@/lib/catalog/schema';
import { catalogSyncAnswerSchema } from '@/lib/catalog/protocol';
import { useLocale } from '../setup/i18n';

const root = resolve(import.meta.dirname, '../..');
const locales = ['en', 'de', 'fr', 'es'] as const;
const catalogKeys = async (locale: string) =>
  new Map((await parseMessagesFile(resolve(root, `locales/${locale}.yml`))).filter((m) => m.key[0] === 'catalog').map((m) => [m.key.join('.'), m]));

/** The message keys written in the catalog library's source (and the background's answers), by file. */
function keysUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const files = [
    ...readdirSync(resolve(root, 'lib/catalog'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `lib/catalog/${f}`),
    'lib/background/catalog-sync.ts',
  ];
  for (const file of files) {
    let text = readFileSync(resolve(root, file), 'utf8');
    // The table defines the keys; what follows it (detail()) uses them.
    if (file.endsWith('/messages.ts')) text = text.slice(text.indexOf('} as const satisfies'));
    for (const [, key] of text.matchAll(/'(catalog\.[A-Za-z0-9]+)'/g)) used.set(key!, [...(used.get(key!) ?? []), file]);
  }
  return used;
}

describe('catalog messages', () => {
  it('English in Node is exactly the catalog block of en.yml', async () => {
    const en = await catalogKeys('en');
    const fromYaml = Object.fromEntries([...en].map(([key, m]) => [key, m.type === 'plural' ? m.plurals : m.type === 'simple' ? m.message : m]));
    expect(fromYaml).toEqual(catalogEnglish);
  });

  it('every key the catalog library uses is in all four locales, and every key there is used', async () => {
    const used = keysUsed();
    // The scan finds what the library says: a broken pattern would find nothing and pass.
    expect(used.size).toBeGreaterThan(70);
    for (const locale of locales) {
      const have = await catalogKeys(locale);
      expect([...used.keys()].filter((key) => !have.has(key)).map((key) => `${locale}: ${key} (${used.get(key)})`)).toEqual([]);
    }
    expect(Object.keys(catalogEnglish).filter((key) => !used.has(key))).toEqual([]);
  });

  it('are rendered in English with their parts: plurals, nested messages, lists and grouped numbers', () => {
    expect(english(msg('catalog.keptCached', undefined, 1))).toBe(' The 1 item cached before is kept.');
    expect(
      english(msg('catalog.noneValid', { total: { grouped: 12_000 }, first: msg('catalog.firstProblem', { where: 'row 2', reason: 'id is missing' }) })),
    ).toBe('None of the 12,000 items is valid (row 2: id is missing).');
    const summary = [msg('catalog.itemsCached', undefined, 3), msg('catalog.warnings', undefined, 1)];
    expect(english(msg('catalog.stored', { name: 'c.json', summary, detail: msg('catalog.storedUnchanged') }))).toBe(
      'c.json: 3 items cached, 1 warning, unchanged.',
    );
    // A value is substituted once: braces in a host's or a file's name stay as they are.
    expect(english(msg('catalog.sourceRemoved', { name: '{host}' }))).toBe('{host} was removed.');
  });
});

describe('catalog messages in the interface language', () => {
  let restore: (() => void) | undefined;
  let database: PitchsideDb | undefined;
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await database?.delete();
    database = undefined;
  });

  it('a failed sync reads in German: the outcome, and the reason stored with the source', async () => {
    const URL_A = 'https://catalog.example/a.json';
    database = openDb(`catalog-messages-${Date.now()}`);
    await reconcileSources(database, { catalogUrls: [URL_A], feedUrls: [], managed: {} });
    const small = readFileSync(resolve(root, 'tests/fixtures/catalogs/small.json'), 'utf8');
    const answers = [new Response(small, { headers: { 'content-type': 'application/json' } }), new Response('gone', { status: 404, statusText: 'Not Found' })];
    const fetch = (async () => answers.shift()!) as typeof globalThis.fetch;
    await syncSource({ database, fetch, now: () => 1000 }, `url:${URL_A}`);
    const failed = await syncSource({ database, fetch, now: () => 2000 }, `url:${URL_A}`);

    // English stays what the CLI and older readers get.
    expect(failed.message).toBe(`${URL_A}: sync failed. The server answered HTTP 404 Not Found. The 3 items cached before are kept.`);
    restore = await useLocale('de');
    expect(catalogText(failed.messageI18n, failed.message)).toBe(
      `${URL_A}: Synchronisierung fehlgeschlagen. Der Server hat mit HTTP 404 Not Found geantwortet. Die 3 zuvor gespeicherten Einträge bleiben erhalten.`,
    );
    const stored = (await database.sources.get(`url:${URL_A}`))!;
    expect(stored.lastError).toBe('The server answered HTTP 404 Not Found.');
    expect(catalogText(stored.lastErrorI18n, stored.lastError!)).toBe('Der Server hat mit HTTP 404 Not Found geantwortet.');

    // What the background answers the page carries the descriptor through the protocol's check.
    const answer = catalogSyncAnswerSchema.parse({
      outcomes: [{ sourceId: failed.sourceId, ok: false, itemCount: 3, message: failed.message, messageI18n: failed.messageI18n }],
    });
    expect(catalogText(answer.outcomes[0]!.messageI18n, answer.outcomes[0]!.message)).toContain('Synchronisierung fehlgeschlagen');
  });

  it('an import that fails, and one that works, read in French and Spanish with their numbers', async () => {
    database = openDb(`catalog-messages-import-${Date.now()}`);
    const file = (name: string, text: string) => ({ name, size: text.length, text: async () => text });
    const bad = await importCatalogFile({ database }, file('c.csv', 'name,link\nx,https://a.example/x\n'));
    expect(bad.message).toBe('c.csv: not imported. The CSV header has no id, title, url columns (header: name, link).');
    restore = await useLocale('fr');
    expect(catalogText(bad.messageI18n, bad.message)).toBe('c.csv : non importé. L’en-tête du CSV n’a pas de colonnes id, title, url (en-tête : name, link).');
    restore();
    const good = await importCatalogFile({ database }, file('c.csv', 'id,title,url\n1,One,https://a.example/1\n2,,https://a.example/2\n'));
    restore = await useLocale('es');
    expect(catalogText(good.messageI18n, good.message)).toBe('c.csv: 1 elemento en caché, 1 elemento no válido omitido.');
  });

  it("an import's skipped items and warnings read in German on the source, through catalogText as the options page uses it", async () => {
    database = openDb(`catalog-messages-problems-${Date.now()}`);
    const catalog = {
      version: 1,
      items: [
        { id: 'ok', title: 'Fine', url: 'https://a.example/ok' },
        { id: 'no-title', url: 'https://a.example/x' },
        { id: 'bad-url', title: 'B', url: 'javascript:alert(1)' },
        { id: 'ok', title: 'Again', url: 'https://a.example/again' },
        { id: 'us-date', title: 'D', url: 'https://a.example/d', updatedAt: '09/01/2026' },
        'not an item',
      ],
    };
    const text = JSON.stringify(catalog);
    const outcome = await importCatalogFile({ database }, { name: 'c.json', size: text.length, text: async () => text });
    expect(outcome.ok).toBe(true);
    const { problems } = (await database.sources.get('file:c.json'))!;
    // English stays what the CLI prints and what older pages show.
    expect(problems!.map((p) => [p.where, p.reason])).toEqual([
      ['items[1] (id "no-title")', 'title is missing'],
      ['items[2] (id "bad-url")', 'url must be an absolute https: URL (http: only for localhost)'],
      ['items[3] (id "ok")', 'duplicate id "ok" (the first one is kept)'],
      ['items[4] (id "us-date")', 'updatedAt must be a date written YYYY-MM-DD: ignored ("09/01/2026")'],
      ['items[5]', 'is not an object'],
    ]);
    restore = await useLocale('de');
    expect(problems!.map((p) => catalogText(p.reasonI18n, p.reason))).toEqual([
      'title fehlt',
      'url muss eine absolute https:-URL (http: nur für localhost) sein',
      'doppelte ID „ok“ (die erste bleibt erhalten)',
      'updatedAt muss ein Datum im Format JJJJ-MM-TT sein: ignoriert ("09/01/2026")',
      'ist kein Objekt',
    ]);
  });

  it("an import where no item is valid names the first problem in the rep's language", async () => {
    database = openDb(`catalog-messages-none-${Date.now()}`);
    const text = 'id,title,url\n1,,https://a.example/1\n';
    const bad = await importCatalogFile({ database }, { name: 'c.csv', size: text.length, text: async () => text });
    expect(bad.message).toBe('c.csv: not imported. None of the 1 items is valid (row 2: title is missing).');
    restore = await useLocale('fr');
    expect(catalogText(bad.messageI18n, bad.message)).toBe('c.csv : non importé. Aucun des 1 éléments n’est valide (ligne 2 : title est absent).');
  });

  it("a catalog whose envelope is broken lists zod's issues in the rep's language, never zod's English", async () => {
    const bad = parseCatalogJson('{"version": 2, "publisher": 5, "vocabulary": {"industries": [{"id": "x", "aliases": [{}]}]}, "items": []}');
    expect(!bad.ok && bad.error).toBe(
      'The catalog is not valid: version must be 1 (it is 2); publisher must be text; vocabulary.industries[0].label is missing; and 1 more problem.',
    );
    restore = await useLocale('de');
    expect(!bad.ok && catalogText(bad.errorI18n, bad.error)).toBe(
      'Der Katalog ist ungültig: version muss 1 sein (es ist 2); publisher muss Text sein; vocabulary.industries[0].label fehlt; und 1 weiteres Problem.',
    );
  });

  it('numbers are grouped as the language writes them', async () => {
    restore = await useLocale('de');
    expect(catalogText(msg('catalog.noneValid', { total: { grouped: 250_000 }, first: '' }), '')).toBe('Keiner der 250.000 Einträge ist gültig.');
  });

  it('a record with English text only, or a descriptor this version cannot read, shows the English text', async () => {
    restore = await useLocale('de');
    expect(catalogText(undefined, 'The server answered HTTP 500.')).toBe('The server answered HTTP 500.');
    const unreadable: unknown[] = [
      { key: 'catalog.noSuchKeyAnyMore' },
      { key: 'options.title' },
      { key: 'catalog.httpStatus', params: { status: { nested: true } } },
      { key: 'catalog.items', count: 'three' },
      'The server answered HTTP 500.',
      null,
    ];
    for (const value of unreadable) expect(catalogText(value, 'fallback'), JSON.stringify(value)).toBe('fallback');
    expect(isCatalogMessage({ key: 'catalog.httpStatus', params: { status: '500' } } satisfies CatalogMessage)).toBe(true);
  });
});
