import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allOf, EXPECT_DATE, issueMessage } from '@/lib/catalog/issues';
import { english, msg, type CatalogMessage } from '@/lib/catalog/messages';
import { hashText, ItemCollector } from '@/lib/catalog/collect';
import { checkItem } from '@/lib/catalog/schema';
import { manifestEntries, toManifest } from '@/lib/catalog/store';
import { catalogText } from '@/lib/i18n';
import { useLocale } from '../setup/i18n';

/** The message for the first issue zod finds in `value` under `schema`, named as field `field`. */
function problem(schema: z.ZodType, value: unknown, field = 'f', expected?: CatalogMessage): CatalogMessage {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error(`${JSON.stringify(value)} passed`);
  return issueMessage(parsed.error.issues[0]!, { field, value, expected });
}
const said = (schema: z.ZodType, value: unknown, field?: string, expected?: CatalogMessage) => english(problem(schema, value, field, expected));

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('zod issues as catalog messages', () => {
  it('invalid_type: missing, or the wrong type named in words (a date too)', () => {
    expect(problem(z.string(), undefined, 'title')).toEqual(msg('catalog.fieldMissing', { field: 'title' }));
    expect(said(z.string(), null, 'title')).toBe('title is missing');
    expect(said(z.string(), 5, 'title')).toBe('title must be text');
    expect(said(z.boolean(), 'yes', 'gated')).toBe('gated must be true or false');
    expect(said(z.array(z.string()), 'a', 'keywords')).toBe('keywords must be a list');
    expect(said(z.number(), 'x')).toBe('f must be a number');
    expect(said(z.object({}), 'x')).toBe('f must be an object');
    expect(said(z.date(), new Date('not a date'))).toBe('f must be a date written YYYY-MM-DD');
    // A field whose schema cannot say what it is for (a date kept as a string) says it through the hint.
    expect(said(z.string(), 5, 'updatedAt', EXPECT_DATE)).toBe('updatedAt must be a date written YYYY-MM-DD');
  });

  it('invalid_union: the alternatives its branches expected, and an entry of a list by its index', () => {
    const textOrNumber = z.union([z.string(), z.number()]);
    expect(said(textOrNumber, undefined, 'id')).toBe('id is missing');
    expect(said(textOrNumber, {}, 'id')).toBe('id must be text or a number');
    expect(said(z.array(textOrNumber), ['a', {}], 'keywords')).toBe('keywords[1] must be text or a number');
    // Branches that are not plain types: only that it is not valid.
    expect(said(z.union([z.literal('a'), z.literal('b')]), 'c')).toBe('f is not valid');
    // When one branch is of the value's type, zod reports that branch's own issue.
    expect(said(z.union([z.string().min(3), z.number()]), 'ab')).toBe('f is shorter than 3 characters');
  });

  it('too_small: empty, shorter, fewer entries, a number below its limit', () => {
    expect(said(z.string().min(1), '', 'title')).toBe('title is empty');
    expect(said(z.string().min(3), 'ab')).toBe('f is shorter than 3 characters');
    expect(said(z.array(z.string()).min(2), ['a'])).toBe('f has fewer than 2 entries');
    expect(said(z.number().min(10), 5)).toBe('f must be at least 10');
    expect(said(z.number().gt(10), 10)).toBe('f must be more than 10');
  });

  it('too_big: longer, more entries, a number above its limit (grouped as the language writes numbers)', () => {
    expect(said(z.string().max(1000), 'x'.repeat(1001), 'title')).toBe('title is longer than 1,000 characters');
    expect(said(z.array(z.string()).max(1), ['a', 'b'])).toBe('f has more than 1 entries');
    expect(said(z.number().max(10), 11)).toBe('f must be at most 10');
    expect(said(z.number().lt(10), 10)).toBe('f must be less than 10');
  });

  it('invalid_format (zod 3 invalid_string): a URL, an email, a date; a format without words is only "not valid"', () => {
    expect(said(z.url(), 'nope', 'url')).toBe('url must be a URL');
    expect(said(z.email(), 'nope')).toBe('f must be an email address');
    expect(said(z.iso.date(), '09/01/2026')).toBe('f must be a date written YYYY-MM-DD');
    expect(said(z.string().regex(/^a/), 'b')).toBe('f is not valid');
  });

  it('invalid_value (zod 3 invalid_enum_value, invalid_literal): the values as the catalog writes them', () => {
    expect(said(z.literal(1), 2, 'version')).toBe('version must be 1');
    expect(said(z.enum(['json', 'csv']), 'xml', 'format')).toBe('format must be one of "json", "csv"');
  });

  it('custom: what the refinement needs, from the hint; without one, only "not valid"', () => {
    const https = z.string().refine((v) => v.startsWith('https:'));
    expect(said(https, 'http://a', 'url', msg('catalog.expectHttpsUrl'))).toBe('url must be an absolute https: URL (http: only for localhost)');
    expect(said(https, 'http://a')).toBe('f is not valid');
  });

  it('any other code (not_multiple_of, unrecognized_keys): "not valid", never zod\'s English', () => {
    expect(said(z.number().multipleOf(5), 7)).toBe('f is not valid');
    expect(said(z.strictObject({}), { x: 1 })).toBe('f is not valid');
  });

  it('several problems of one item read as one reason', () => {
    const reasons = [
      msg('catalog.fieldMissing', { field: 'title' }),
      msg('catalog.fieldEmpty', { field: 'id' }),
      msg('catalog.fieldMissing', { field: 'url' }),
    ];
    expect(english(allOf(reasons))).toBe('title is missing; id is empty; url is missing');
    const checked = checkItem({ id: '', title: 5, url: 'ftp://x' });
    expect('error' in checked && english(checked.error)).toBe('id is empty; title must be text; url must be an absolute https: URL (http: only for localhost)');
  });

  it('say the same in German, French and Spanish, with numbers grouped as each writes them', async () => {
    const cases: Array<[CatalogMessage, Record<'de' | 'fr' | 'es', string>]> = [
      [
        problem(z.union([z.string(), z.number()]), {}, 'id'),
        { de: 'id muss Text oder eine Zahl sein', fr: 'id doit être du texte ou un nombre', es: 'id debe ser texto o un número' },
      ],
      [
        problem(z.string().max(1000), 'x'.repeat(1001), 'title'),
        { de: 'title ist länger als 1.000 Zeichen', fr: 'title dépasse 1\u202f000 caractères', es: 'title tiene más de 1000 caracteres' },
      ],
      [problem(z.string(), undefined, 'url'), { de: 'url fehlt', fr: 'url est absent', es: 'falta url' }],
    ];
    for (const locale of ['de', 'fr', 'es'] as const) {
      restore = await useLocale(locale);
      for (const [message, expected] of cases) expect(catalogText(message, english(message)), locale).toBe(expected[locale]);
      restore();
    }
  });
});

describe('warnings of items kept from the last sync', () => {
  it('come as descriptors when the entry has them, and in English when it has warnings only (a manifest from before)', async () => {
    const warning = msg('catalog.titleHtml');
    const text = (id: string) => JSON.stringify({ id, title: '<b>A</b>', url: 'https://a.example' });
    const collector = new ItemCollector({
      reuse: new Map([
        [hashText(text('a')), { id: 'a', hash: hashText(text('a')), warnings: [english(warning)], warningsI18n: [warning] }],
        [hashText(text('b')), { id: 'b', hash: hashText(text('b')), warnings: ['title contains HTML markup: it is shown as plain text'] }],
      ]),
    });
    const never = () => {
      throw new Error('a known entry is not parsed again');
    };
    collector.offer(text('a'), () => 'items[0] (id "a")', never);
    collector.offer(text('b'), () => 'items[1] (id "b")', never);
    // A part that answered 304 carries its entries the same way.
    collector.carry({ id: 'c', hash: 3, warnings: [english(warning)], warningsI18n: [warning] }, () => 'items[2] (id "c")');
    restore = await useLocale('de');
    expect(collector.problems.map((p) => [p.where, catalogText(p.reasonI18n, p.reason), p.warning])).toEqual([
      ['items[0] (id "a")', 'title enthält HTML-Markup: Er wird als reiner Text angezeigt', true],
      ['items[1] (id "b")', 'title contains HTML markup: it is shown as plain text', true],
      ['items[2] (id "c")', 'title enthält HTML-Markup: Er wird als reiner Text angezeigt', true],
    ]);
  });

  it('keep their descriptors through the stored manifest, so a re-sync that keeps the item still says it in German', () => {
    const warning = msg('catalog.titleHtml');
    const entries = [
      { id: 'a', hash: 1, slot: 0, warnings: [english(warning)], warningsI18n: [warning] },
      { id: 'b', hash: 2, slot: 1 },
      { id: 'c', hash: 3, slot: 2, warnings: ['an old warning'] },
    ];
    const stored = structuredClone(toManifest(entries));
    expect(manifestEntries(stored)).toEqual(entries);
    // A manifest written before descriptors were kept: the English alone, as before.
    expect(manifestEntries({ ...stored, warningsI18n: undefined })[0]).toEqual({ id: 'a', hash: 1, slot: 0, warnings: [english(warning)] });
  });

  it("name their place in the rep's language: a part of a split catalog, a CSV row, a feed entry", async () => {
    const collector = new ItemCollector();
    collector.part = 2;
    collector.offerParsed({ id: 'a', title: 'A' }, () => 'items[0]');
    collector.offerParsed({ id: 'b', title: 'B' }, () => msg('catalog.whereRow', { row: 3 }));
    collector.carry({ id: 'c', hash: 1, warnings: ['an old warning'] }, () => msg('catalog.whereEntry', { entry: 4 }));
    expect(collector.problems.map((p) => [p.where, p.reason])).toEqual([
      ['part 2, items[0]', 'url is missing'],
      ['part 2, row 3', 'url is missing'],
      ['part 2, entry 4', 'an old warning'],
    ]);
    restore = await useLocale('es');
    expect(collector.problems.map((p) => `${catalogText(p.whereI18n, p.where)}: ${catalogText(p.reasonI18n, p.reason)}`)).toEqual([
      'parte 2, items[0]: falta url',
      'parte 2, fila 3: falta url',
      'parte 2, entrada 4: an old warning',
    ]);
  });

  it('a fresh item keeps its warnings in both forms, so the next sync can show them again', () => {
    const collector = new ItemCollector();
    collector.offer(
      JSON.stringify({ id: 'a', title: 'A', url: 'https://a.example', updatedAt: '1 Sep' }),
      () => 'items[0]',
      () => ({
        id: 'a',
        title: 'A',
        url: 'https://a.example',
        updatedAt: '1 Sep',
      }),
    );
    const [entry] = collector.entries;
    expect(entry!.warnings).toEqual(['updatedAt must be a date written YYYY-MM-DD: ignored ("1 Sep")']);
    expect(entry!.warningsI18n!.map(english)).toEqual(entry!.warnings);
  });
});
