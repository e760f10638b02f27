import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/catalog/feed';
import { msg } from '@/lib/catalog/messages';
import { detectFormat, parseCatalogText } from '@/lib/catalog/parse';
import { MAX_CATALOG_ITEMS } from '@/lib/catalog/collect';

const fixture = (name: string) => readFileSync(`tests/fixtures/catalogs/${name}`, 'utf8');

describe('feeds', () => {
  it('reads RSS entries as blog posts with categories as keywords, summary as plain text', () => {
    const result = parseFeed(fixture('feed-rss.xml'));
    if (!result.ok) throw new Error(result.error);
    expect(result.catalog.publisher).toBe('Fixture Resources');
    expect(result.catalog.items).toMatchObject([
      {
        id: 'https://fixture.example/blog/hull-welding',
        title: 'Five ways to speed up hull welding',
        url: 'https://fixture.example/blog/hull-welding',
        type: 'blog post',
        description: 'Welding faster in shipyards.',
        keywords: ['welding', 'shipyards'],
        updatedAt: '2026-09-01',
      },
      { id: 'https://fixture.example/webinars/docks', type: 'webinar', keywords: ['docks'] },
    ]);
    expect(result.problems).toEqual([
      {
        where: 'entry 3',
        whereI18n: msg('catalog.whereEntry', { entry: 3 }),
        reason: expect.stringMatching(/url must be/),
        reasonI18n: expect.objectContaining({ key: 'catalog.fieldMustBe' }),
      },
    ]);
  });

  it('reads Atom entries, the alternate link and a type: category', () => {
    const result = parseFeed(fixture('feed-atom.xml'));
    if (!result.ok) throw new Error(result.error);
    expect(result.catalog.items).toEqual([
      expect.objectContaining({
        id: 'urn:fixture:quays',
        url: 'https://fixture.example/atom/quays',
        type: 'video',
        keywords: ['quays'],
        description: 'Quays explained',
        updatedAt: '2026-10-02',
      }),
    ]);
  });

  it('refuses XML that is no feed', () => {
    expect(parseFeed('<?xml version="1.0"?><rss><nochannel/></rss>')).toMatchObject({ ok: false, error: expect.stringMatching(/neither RSS/) });
  });
});

describe('format detection and size limit', () => {
  it.each([
    ['{"version":1,"items":[]}', {}, 'json'],
    ['\uFEFF  {"version":1}', {}, 'json'],
    ['<?xml version="1.0"?>\n<rss version="2.0">', {}, 'feed'],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', {}, 'feed'],
    ['<!doctype html><html>', {}, 'html'],
    ['id,title,url\n', {}, 'csv'],
    ['garbage', { name: 'catalog.json' }, 'json'],
  ] as const)('%j is %s', (text, hint, format) => expect(detectFormat(text, hint)).toBe(format));

  it('reads every format through one entry point', async () => {
    for (const name of ['small.json', 'items.csv', 'feed-rss.xml']) {
      const result = await parseCatalogText(fixture(name), { name });
      expect(result.ok, name).toBe(true);
    }
    expect(await parseCatalogText('garbage', { name: 'x.json' })).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(await parseCatalogText('<html><body>Sign in</body></html>')).toMatchObject({ ok: false, error: expect.stringMatching(/web page, not a catalog/) });
  });

  it('refuses a catalog past the item limit, whatever its bytes, with a clear message', async () => {
    const item = '{"id":"x","title":"t","url":"https://a.example"},';
    const big = `{"version":1,"items":[${item.repeat(MAX_CATALOG_ITEMS + 1)}]}`;
    const result = await parseCatalogText(big);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^The catalog has more than 250,000 items, the limit: split it/),
      errorI18n: { key: 'catalog.tooManyItems', params: { limit: { grouped: 250_000 } } },
    });
    // Under the limit the same items are read (duplicates skipped), however many bytes.
    const ok = await parseCatalogText(`{"version":1,"items":[${item.repeat(1000)}{"id":"y","title":"t","url":"https://a.example"}]}`);
    expect(ok).toMatchObject({ ok: true, total: 1001, catalog: { items: [{ id: 'x' }, { id: 'y' }] } });
  });
});
