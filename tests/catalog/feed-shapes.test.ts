/**
 * Feeds as real sites publish them: a stylesheet processing instruction before an Atom root
 * (FeedBurner's style), a BOM and comments before RSS 2.0, RSS 1.0 (RDF) with items beside the
 * channel, and prefixes other than the usual ones. Each must be detected as a feed and read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed, rootElementName } from '@/lib/catalog/feed';
import { detectFormat, parseCatalogText } from '@/lib/catalog/parse';

const feed = (name: string) => readFileSync(`tests/fixtures/catalogs/feeds/${name}`, 'utf8');

async function read(name: string) {
  const result = await parseCatalogText(feed(name), { name });
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  expect(result.format).toBe('feed');
  return result;
}

describe('feed shapes from real sites', () => {
  it('Atom after two xml-stylesheet processing instructions: html summary, xhtml content, the alternate link', async () => {
    const { catalog, problems } = await read('atom-stylesheet.xml');
    expect(problems).toEqual([]);
    expect(catalog.publisher).toBe('Harbourline Engineering Notes');
    expect(catalog.items).toEqual([
      expect.objectContaining({
        id: 'tag:harbourline.example,2026:notes/41',
        title: 'Crane scheduling & berth windows',
        url: 'https://harbourline.example/notes/crane-scheduling',
        type: 'case study',
        keywords: ['Berth planning'],
        description: 'How one terminal cut idle crane hours by a third.',
        updatedAt: '2026-11-03',
      }),
      expect.objectContaining({
        url: 'https://harbourline.example/notes/reefer-power',
        type: 'blog post',
        description: 'A checklist for refrigerated container yards.',
      }),
    ]);
  });

  it('RSS 2.0 after a BOM, the XML declaration and comments; CDATA titles and bodies as plain text', async () => {
    const text = feed('rss2-bom-comment.xml');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const { catalog } = await read('rss2-bom-comment.xml');
    expect(catalog.items).toEqual([
      expect.objectContaining({
        id: 'quayside-1207',
        title: 'Yard planning: five mistakes & how to avoid them',
        url: 'https://quayside.example/resources/yard-planning',
        keywords: ['Yard planning', 'Operations'],
        description: 'The five planning mistakes we see most.',
        updatedAt: '2026-11-02',
      }),
      expect.objectContaining({ type: 'webinar', description: 'Only the encoded body.' }),
    ]);
  });

  it('RSS 1.0: items beside the channel, rdf:about as id, dc:subject as keywords, dc:date', async () => {
    const { catalog } = await read('rss1-rdf.xml');
    expect(catalog.publisher).toBe('Tidewater Logistics News');
    expect(catalog.items).toEqual([
      expect.objectContaining({
        id: 'https://tidewater.example/news/customs-paper',
        title: 'White paper: customs pre-clearance',
        type: 'white paper',
        keywords: ['customs', 'short-sea'],
        description: 'Pre-clearance for short-sea shipping.',
        updatedAt: '2026-10-15',
      }),
      expect.objectContaining({ id: 'https://tidewater.example/news/port-call', type: 'blog post', updatedAt: '2026-09-30' }),
    ]);
  });

  it('RSS 1.0 with every element prefixed, a DOCTYPE with an entity, and Dublin Core under another prefix', async () => {
    const { catalog } = await read('rss1-prefixed.xml');
    expect(catalog.publisher).toBe('Saltmarsh Marine papers');
    expect(catalog.items).toEqual([
      expect.objectContaining({
        id: 'https://saltmarsh.example/papers/hull-coatings',
        title: 'Hull coatings compared',
        keywords: ['coatings'],
        updatedAt: '2026-08-01',
      }),
    ]);
  });

  it('Atom with a prefix on every element', async () => {
    const { catalog } = await read('atom-prefixed.xml');
    expect(catalog.items).toEqual([
      expect.objectContaining({
        title: 'Tide tables as a service',
        url: 'https://breakwater.example/blog/tide-tables',
        type: 'datasheet',
        keywords: ['tides'],
        description: 'Tides, as data.',
        updatedAt: '2026-07-01',
      }),
    ]);
  });
});

describe('sniffing the root element', () => {
  it.each([
    ['\uFEFF<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?><feed>', 'feed'],
    ['  \n<!-- a -->\n<!-- b --><rss version="2.0">', 'rss'],
    ['<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss>', 'rss'],
    ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "<b>">]><rdf:RDF>', 'rdf:RDF'],
    ['<!doctype html><html lang="en">', 'html'],
    ['<!-- never closed <rss>', null],
    ['plain text', null],
  ])('%j has the root %s', (text, root) => expect(rootElementName(text)).toBe(root));

  it.each([
    ['<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/s.xsl"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', 'feed'],
    ['\uFEFF<!-- c -->\n<rss version="2.0">', 'feed'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'feed'],
    ['<!doctype html><html>', 'html'],
    ['<html><body>Sign in</body></html>', 'html'],
    ['<div>not a feed</div>', 'html'],
  ] as const)('%j is %s', (text, format) => expect(detectFormat(text)).toBe(format));

  it('names the root of XML that is no feed, and RDF that is not RSS 1.0', async () => {
    expect(await parseCatalogText('<?xml version="1.0"?><urlset><url/></urlset>')).toMatchObject({
      ok: false,
      error: 'The feed is neither RSS 2.0 (<rss><channel>), RSS 1.0 (<rdf:RDF>) nor Atom (<feed>): its root element is <urlset>.',
    });
    expect(parseFeed('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The feed is RDF but not RSS 1\.0/),
    });
  });

  it('refuses nesting deeper than any feed with a sentence, not a parser message', () => {
    const deep = `<rss><channel>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</channel></rss>`;
    expect(parseFeed(deep)).toEqual({
      ok: false,
      error: expect.stringMatching(/^The feed is nested more than 100 elements deep/),
      errorI18n: { key: 'catalog.feedTooDeep', params: { depth: 100 } },
    });
  });
});
