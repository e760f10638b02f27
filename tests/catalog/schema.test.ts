import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkItem, isAllowedItemUrl, parseCatalogJson, validateCatalog, validateCatalogAsync } from '@/lib/catalog/schema';
import { parseCatalogText } from '@/lib/catalog/parse';
import { english, msg } from '@/lib/catalog/messages';

const fixture = (name: string) => readFileSync(`tests/fixtures/catalogs/${name}`, 'utf8');

describe('catalog as a whole', () => {
  it('names the first three problems of a broken envelope and counts the rest, streamed or whole (found by the fuzz test)', async () => {
    const broken = JSON.stringify({
      vocabulary: { industries: [{ aliases: [0, null, false, 0, 0, null, null] }, { aliases: [0, null, 0] }, { aliases: '<script>alert(1)</script>' }] },
      items: [],
    });
    for (const result of [parseCatalogJson(broken), await parseCatalogText(broken)]) {
      expect(result.ok).toBe(false);
      const error = (result as { error: string }).error;
      expect(error).toMatch(/^The catalog is not valid: version must be 1 \(it is missing\); .*; and \d+ more problems\.$/);
      expect(error.length).toBeLessThan(400);
    }
  });

  it('reads a valid catalog with its vocabulary and defaults', () => {
    const result = parseCatalogJson(fixture('small.json'));
    if (!result.ok) throw new Error(result.error);
    expect(result.catalog.publisher).toBe('Fixture Marketing');
    expect(result.catalog.items.map((i) => i.id)).toEqual(['cs-quokka-yards', 'guide-hull-analytics', 'battlecard-seaforge']);
    expect(result.catalog.vocabulary.products?.[0]?.aliases).toEqual(['ZF', 'Zephflow']);
    const first = result.catalog.items[0]!;
    expect(first.gated).toBe(false);
    expect(first.internalOnly).toBe(false);
    expect(first.personas).toEqual([]);
    expect(result.catalog.items[2]!.internalOnly).toBe(true);
    expect(result.problems).toEqual([]);
  });

  it.each([
    ['', /empty/],
    ['   \n', /empty/],
    ['{"version": 1, "items": [', /not valid JSON/],
    ['<!doctype html><html></html>', /HTML page/],
    ['[1, 2]', /must be a JSON object/],
    ['"text"', /must be a JSON object/],
    ['{"version": 2, "items": []}', /version must be 1 \(it is 2\)/],
    ['{"version": "1", "items": []}', /version must be 1 \(it is "1"\)/],
    ['{"items": []}', /version must be 1 \(it is missing\)/],
    ['{"version": 1}', /"items" is missing/],
    ['{"version": 1, "items": {"a": 1}}', /items must be an array/],
    ['{"version": 1, "items": [{"id": "x"}]}', /None of the 1 items is valid \(items\[0\] \(id "x"\): title is missing/],
  ])('rejects %j with a clear message', (text, message) => {
    const result = parseCatalogJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('accepts an empty items array and a BOM', () => {
    const result = parseCatalogJson('\uFEFF{"version": 1, "items": []}');
    expect(result.ok && result.catalog.items).toEqual([]);
  });
});

describe('items one by one', () => {
  const result = parseCatalogJson(fixture('problems.json'));
  if (!result.ok) throw new Error(result.error);
  const ids = result.catalog.items.map((i) => i.id);
  const problem = (where: RegExp) => result.problems.filter((p) => where.test(p.where));

  it('keeps the valid items and skips the invalid ones, each with its place and reason', () => {
    expect(ids).toEqual(['ok-1', 'local-http', 'html-title', 'us-date', 'long-date', 'iso-time', '42']);
    const skipped = result.problems.filter((p) => !p.warning);
    expect(skipped.map((p) => p.where)).toEqual([
      'items[1] (id "ok-1")',
      'items[2] (id "no-title")',
      'items[3] (id "js")',
      'items[4] (id "data")',
      'items[5] (id "plain-http")',
      'items[11] (id "bad-flag")',
      'items[12]',
    ]);
    expect(skipped[0]!.reason).toMatch(/duplicate id "ok-1"/);
    expect(skipped[1]!.reason).toBe('title is missing');
    for (const p of skipped.slice(2, 5)) expect(p.reason).toMatch(/url must be an absolute https: URL/);
    expect(skipped[5]!.reason).toMatch(/internalOnly must be true or false/);
    expect(skipped[6]!.reason).toBe('is not an object');
    expect(result.total).toBe(14);
  });

  it('keeps HTML in titles literally (shown as text) and warns', () => {
    const item = result.catalog.items.find((i) => i.id === 'html-title')!;
    expect(item.title).toBe('<img src=x onerror=alert(1)>Bold <b>claims</b>');
    expect(problem(/html-title/)[0]).toMatchObject({ warning: true, reason: expect.stringMatching(/HTML markup/) });
  });

  it('drops dates in other formats with a warning, keeping the item; normalises ISO date-times', () => {
    const us = result.catalog.items.find((i) => i.id === 'us-date')!;
    expect(us.updatedAt).toBeUndefined();
    expect(problem(/us-date/)[0]!.reason).toMatch(/updatedAt must be a date written YYYY-MM-DD: ignored \("09\/01\/2026"\)/);
    const long = result.catalog.items.find((i) => i.id === 'long-date')!;
    expect(long.updatedAt).toBeUndefined();
    expect(long.expiresAt).toBeUndefined();
    expect(problem(/long-date/).map((p) => p.reason)).toEqual([
      expect.stringMatching(/updatedAt .*"1 Sep 2026"/),
      expect.stringMatching(/expiresAt .*"2027-02-30"/),
    ]);
    const iso = result.catalog.items.find((i) => i.id === 'iso-time')!;
    expect(iso.updatedAt).toBe('2026-09-01');
    expect(iso.expiresAt).toBeNull();
  });

  it('turns numeric ids into text and drops a tag field that is not a list', () => {
    const item = result.catalog.items.find((i) => i.id === '42')!;
    expect(item.keywords).toEqual([]);
    expect(problem(/"42"/)[0]!.reason).toMatch(/keywords must be a list: ignored/);
  });
});

describe('field rules', () => {
  it.each([
    ['https://acme.example/a', true],
    ['http://localhost:3000/a', true],
    ['http://127.0.0.1/a', true],
    ['http://[::1]:8080/a', true],
    ['http://acme.example/a', false],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['ftp://acme.example/a', false],
    ['/relative/path', false],
    ['https://', false],
  ])('url %s allowed: %s', (url, allowed) => expect(isAllowedItemUrl(url)).toBe(allowed));

  it('shortens a description over 5,000 characters with a warning', () => {
    const checked = checkItem({ id: 'a', title: 'T', url: 'https://a.example', description: 'x'.repeat(6000) });
    if ('error' in checked) throw new Error(english(checked.error));
    expect(checked.item.description).toHaveLength(5000);
    expect(english(checked.warnings[0]!)).toBe('description is longer than 5,000 characters: shortened');
  });

  it('trims titles and rejects a blank one', () => {
    expect(checkItem({ id: 'a', title: '   ', url: 'https://a.example' })).toEqual({ error: msg('catalog.fieldEmpty', { field: 'title' }) });
  });

  it('deduplicates tags and drops empty ones', () => {
    const checked = checkItem({ id: 'a', title: 'T', url: 'https://a.example', industries: ['x', ' x ', '', 'y'] });
    expect('item' in checked && checked.item.industries).toEqual(['x', 'y']);
  });

  it('validates in chunks with progress, giving the same result', async () => {
    const value = { version: 1, items: Array.from({ length: 25 }, (_, i) => ({ id: `i${i % 20}`, title: `T${i}`, url: 'https://a.example' })) };
    const seen: number[] = [];
    const chunked = await validateCatalogAsync(value, { chunk: 10, onProgress: (done) => seen.push(done), yieldEvery: () => Promise.resolve() });
    expect(seen).toEqual([10, 20, 25]);
    expect(chunked).toEqual(validateCatalog(value));
    expect(chunked.ok && chunked.catalog.items).toHaveLength(20);
  });
});
