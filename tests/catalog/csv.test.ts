import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCatalogCsv, parseVocabularyCsv } from '@/lib/catalog/csv';
import { msg } from '@/lib/catalog/messages';

const fixture = (name: string) => readFileSync(`tests/fixtures/catalogs/${name}`, 'utf8');

describe('item CSV', () => {
  it('reads a comma file with BOM, CRLF, quoted separators, quotes and line breaks; ignores unknown columns', () => {
    const result = parseCatalogCsv(fixture('items.csv'));
    if (!result.ok) throw new Error(result.error);
    const [first, second, third] = result.catalog.items;
    expect(first).toMatchObject({
      id: 'csv-1',
      title: 'Hull guide, second edition',
      gated: false,
      keywords: ['hull', 'welding'],
      industries: ['shipbuilding'],
      updatedAt: '2026-09-01',
    });
    expect(first).not.toHaveProperty('owner');
    expect(second).toMatchObject({ id: 'csv-2', title: 'The "quoted" title', gated: true, internalOnly: false, keywords: [] });
    expect(third).toMatchObject({ id: 'csv-3', keywords: ['a', 'b'] });
    expect(result.problems).toEqual([
      {
        where: 'row 1',
        whereI18n: msg('catalog.whereRow', { row: 1 }),
        reason: 'unknown columns ignored: owner',
        reasonI18n: msg('catalog.csvUnknownColumns', { names: 'owner', more: '' }),
        warning: true,
      },
      {
        where: 'row 5',
        whereI18n: msg('catalog.whereRow', { row: 5 }),
        reason: expect.stringMatching(/url must be an absolute https: URL/),
        reasonI18n: expect.objectContaining({ key: 'catalog.fieldMustBe' }),
      },
    ]);
  });

  it('detects a semicolon-separated file, where list cells are quoted', () => {
    expect(detectDelimiter(fixture('items-semicolon.csv'))).toBe(';');
    const result = parseCatalogCsv(fixture('items-semicolon.csv'));
    if (!result.ok) throw new Error(result.error);
    expect(result.catalog.items).toMatchObject([
      { id: 'csv-a', title: 'Hull guide, 2nd ed.', internalOnly: false, keywords: ['hull', 'welding'], industries: ['shipbuilding'] },
      { id: 'csv-b', title: 'Semi; colon', internalOnly: true },
    ]);
    expect(result.problems.map((p) => p.reason)).toEqual(['unknown columns ignored: Notes']);
  });

  it('detects a tab-separated file', () => {
    const result = parseCatalogCsv(fixture('items-tab.csv'));
    expect(result.ok && result.catalog.items).toMatchObject([{ id: 'tab-1', title: 'Tabbed, with comma', keywords: ['a', 'b'] }]);
  });

  it('does not take ";" inside comma-file cells for the separator', () => {
    expect(detectDelimiter('id,title,url,keywords\n1,a;b;c;d;e,https://x.example,p;q;r\n')).toBe(',');
  });

  it('fails an unreadable flag instead of reading it as false', () => {
    const result = parseCatalogCsv('id,title,url,internalOnly\na,A,https://a.example,perhaps\nb,B,https://b.example,\n');
    expect(result.ok && result.catalog.items.map((i) => i.id)).toEqual(['b']);
    expect(result.ok && result.problems).toEqual([
      {
        where: 'row 2',
        whereI18n: msg('catalog.whereRow', { row: 2 }),
        reason: 'internalOnly must be true or false',
        reasonI18n: msg('catalog.fieldMustBe', { field: 'internalOnly', expected: msg('catalog.expectTrueFalse') }),
      },
    ]);
  });

  it('names missing required columns', () => {
    const result = parseCatalogCsv('name,link\nA,https://a.example\n');
    expect(!result.ok && result.error).toMatch(/no id, title, url columns/);
  });

  it('rejects an empty file', () => {
    expect(parseCatalogCsv('\uFEFF\r\n')).toEqual({ ok: false, error: 'The file is empty.', errorI18n: { key: 'catalog.fileEmpty' } });
  });
});

describe('vocabulary CSV', () => {
  it('reads list,id,label,aliases and reports unknown lists', () => {
    const result = parseVocabularyCsv(fixture('vocabulary.csv'));
    if (!result.ok) throw new Error(result.error);
    expect(result.vocabulary).toEqual({
      products: [{ id: 'zeph-flow', label: 'Zeph Flow', aliases: ['ZF', 'Zephflow'] }],
      industries: [{ id: 'shipbuilding', label: 'Shipbuilding', aliases: ['Shipyards', 'Naval yards'] }],
    });
    expect(result.problems).toEqual([{ where: 'vocabulary row 4', reason: expect.stringMatching(/list "flavours" is not one of/) }]);
  });
});
