/**
 * Property-based tests of every catalog parser (JSON, CSV, RSS/Atom/RDF feeds) through the one
 * entry point a URL, a file or the CLI goes through. For any input: no exception, no hang, and
 * either a catalog whose every item is valid (https links, bounded text) with each skipped item
 * explained, or one clear sentence saying why nothing was read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseCatalogText } from '@/lib/catalog/parse';
import { parseFeed } from '@/lib/catalog/feed';
import { parseCatalogCsv, parseVocabularyCsv } from '@/lib/catalog/csv';
import { isAllowedItemUrl, MAX_DESCRIPTION, MAX_TITLE, parseCatalogJson, type ParseResult } from '@/lib/catalog/schema';
import { bounded, expectClear, expectClearProblem, params, report, slowest } from './support';

afterAll(() => report(`Catalog parsers (slowest case ${Math.round(slowest.ms)} ms)`));

function check(result: ParseResult, input: string): void {
  const context = `input ${JSON.stringify(input.slice(0, 300))}`;
  if (!result.ok) {
    expectClear(result.error, context);
    return;
  }
  for (const item of result.catalog.items) {
    if (!isAllowedItemUrl(item.url)) throw new Error(`An item kept a link that is not https: ${item.url} (${context})`);
    if (!item.id || !item.title.trim() || item.title.length > MAX_TITLE) throw new Error(`An item kept an invalid id or title (${context})`);
    if ((item.description?.length ?? 0) > MAX_DESCRIPTION) throw new Error(`An item kept an over-long description (${context})`);
  }
  for (const problem of result.problems) expectClearProblem(problem, context);
}

async function parsed(text: string, hint: { name?: string; contentType?: string } = {}) {
  const result = await bounded(
    () => parseCatalogText(text, hint),
    () => text,
  );
  check(result, text);
  return result;
}

/** Text hostile to parsers and to whoever reads the messages: markup, scripts, controls, astral planes, RTL. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'http://evil.example/x',
    'https://ok.example/a',
    'https://',
    '\u202Egnp.exe',
    '\u0000\u0001\u001f',
    '"quoted, with; separators\ttab"',
    '\r\n',
    ']]>',
    '&amp;&lt;&#0;&#xD800;&bogus;',
    '𝕳𝖆𝖗𝖇𝖔𝖚𝖗 🚢',
    '',
    ' ',
    '__proto__',
    'constructor',
    'x'.repeat(6000),
  ),
);

const scalar = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const FIELDS = [
  'id',
  'title',
  'url',
  'type',
  'gated',
  'internalOnly',
  'description',
  'keywords',
  'industries',
  'personas',
  'stages',
  'regions',
  'products',
  'competitors',
  'companySizes',
  'languages',
  'updatedAt',
  'expiresAt',
];

/** An item that is sometimes right, often nearly right, and sometimes anything at all. */
const item = fc.oneof(
  { weight: 3, arbitrary: fc.record(Object.fromEntries(FIELDS.map((f) => [f, value])), { requiredKeys: [] }) },
  {
    weight: 3,
    arbitrary: fc.record({
      id: fc.oneof(fc.uuid(), hostile),
      title: hostile,
      url: fc.oneof(fc.webUrl(), hostile),
      updatedAt: fc.oneof(fc.constant('2026-02-30'), fc.constant('2026-11-01'), hostile),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

const catalog = fc.record(
  {
    version: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: value }),
    publisher: value,
    generatedAt: value,
    vocabulary: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ industries: fc.array(fc.record({ id: value, label: value, aliases: value }, { requiredKeys: [] }), { maxLength: 3 }) }),
    ),
    items: fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 12 }) }, { weight: 1, arbitrary: value }),
  },
  { requiredKeys: ['items'] },
);

/** Text-level mutations of a real file: a slice removed, duplicated, moved, or replaced by random text. */
function mutated(source: string) {
  const cut = fc.tuple(fc.nat(source.length), fc.nat(source.length)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  const mutation = fc.oneof(
    cut.map(
      ([a, b]) =>
        (s: string) =>
          s.slice(0, a) + s.slice(b),
    ),
    cut.map(
      ([a, b]) =>
        (s: string) =>
          s.slice(0, b) + s.slice(a, b) + s.slice(b),
    ),
    fc.tuple(cut, fc.nat(source.length)).map(([[a, b], at]) => (s: string) => {
      const rest = s.slice(0, a) + s.slice(b);
      const p = Math.min(at, rest.length);
      return rest.slice(0, p) + s.slice(a, b) + rest.slice(p);
    }),
    fc.tuple(cut, hostile).map(
      ([[a, b], text]) =>
        (s: string) =>
          s.slice(0, a) + text + s.slice(b),
    ),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((steps) => steps.reduce((s, step) => step(s), source));
}

const catalogFixtures = 'tests/fixtures/catalogs';
const files = (dir: string, ext: RegExp) =>
  readdirSync(dir)
    .filter((f) => ext.test(f))
    .map((f) => ({ name: f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
const feedFiles = [...files(catalogFixtures, /\.xml$/), ...files(`${catalogFixtures}/feeds`, /\.xml$/)];
const csvFiles = files(catalogFixtures, /\.csv$/);
const jsonFiles = files(catalogFixtures, /\.json$/);

describe('any text at all', () => {
  it('is read or refused in a sentence, whatever it starts with', async () => {
    const prefix = fc.constantFrom('', '{', '[', '<', '<?xml version="1.0"?>', '\uFEFF', 'id,title,url\n', '<rss><channel>', '<feed>', '<rdf:RDF>', '<!--');
    await fc.assert(
      fc.asyncProperty(
        prefix,
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom({}, { name: 'c.json' }, { name: 'c.csv' }, { contentType: 'application/rss+xml' }),
        async (start, rest, hint) => {
          await parsed(start + rest, hint);
        },
      ),
      params('any text'),
    );
  });
});

describe('JSON catalogs', () => {
  it('arbitrary catalogs: kept items are valid, skipped ones explained, a refusal is a sentence', async () => {
    await fc.assert(
      fc.asyncProperty(catalog, async (value) => void (await parsed(JSON.stringify(value)))),
      params('JSON catalogs'),
    );
  });

  it('mutated fixture files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...jsonFiles).chain((f) => mutated(f.text)),
        async (text) => void (await parsed(text, { name: 'c.json' })),
      ),
      params('JSON fixtures mutated'),
    );
  });

  it('nesting 5,000 deep, in the items and around the catalog', async () => {
    const deep = (n: number, inner: string) => '['.repeat(n) + inner + ']'.repeat(n);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 5000 }), fc.constantFrom('items', 'vocabulary', 'title', 'outside'), async (n, where) => {
        const nested = deep(n, '1');
        const text =
          where === 'outside'
            ? deep(n, '{"version":1,"items":[]}')
            : where === 'items'
              ? `{"version":1,"items":[${nested},{"id":"a","title":"A","url":"https://a.example"}]}`
              : where === 'vocabulary'
                ? `{"version":1,"vocabulary":{"industries":${nested}},"items":[]}`
                : `{"version":1,"items":[{"id":"a","title":${nested},"url":"https://a.example"}]}`;
        await parsed(text);
        parseCatalogJson(text);
      }),
      params('JSON nested 5,000 deep', 0.2),
    );
  });
});

describe('CSV catalogs', () => {
  const header = fc.shuffledSubarray([...FIELDS, 'Internal only', 'Updated at', 'junk', ''], { minLength: 0 });
  const cell = fc.oneof(hostile, fc.constantFrom('true', 'no', 'maybe', '2026-11-01', '01/09/2026', 'a;b;;c', 'https://a.example/x'));
  const csv = fc
    .tuple(header, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n'), fc.array(fc.array(cell, { maxLength: 20 }), { maxLength: 12 }), fc.boolean())
    .map(([cols, sep, eol, rows, quote]) => {
      const q = (c: string) => (quote || /[",;\t\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      return [cols, ...rows].map((r) => r.map(q).join(sep)).join(eol);
    });

  it('arbitrary tables: any header, any cells, any separator', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        await parsed(text, { name: 'c.csv' });
        const sync = parseCatalogCsv(text);
        check(sync, text);
        const vocab = parseVocabularyCsv(text);
        if (!vocab.ok) expectClear(vocab.error, text.slice(0, 200));
        else vocab.problems.forEach((p) => expectClearProblem(p, text.slice(0, 200)));
      }),
      params('CSV tables'),
    );
  });

  it('mutated fixture files (cut quotes, moved rows, random text)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...csvFiles).chain((f) => mutated(f.text)),
        async (text) => void (await parsed(text, { name: 'c.csv' })),
      ),
      params('CSV fixtures mutated'),
    );
  });
});

describe('feeds', () => {
  const name = fc.constantFrom(
    'rss',
    'channel',
    'item',
    'feed',
    'entry',
    'rdf:RDF',
    'title',
    'link',
    'guid',
    'id',
    'description',
    'summary',
    'content',
    'content:encoded',
    'category',
    'dc:type',
    'dc:subject',
    'pubDate',
    'updated',
    'a:entry',
    'x',
  );
  const attr = fc
    .tuple(fc.constantFrom('href', 'rel', 'term', 'label', 'rdf:about', 'xmlns', 'xmlns:a', 'type'), hostile)
    .map(([k, v]) => ` ${k}="${v.replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`)}"`);
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostile.map((t) => t.replace(/[&<]/g, (c) => (c === '&' ? '&amp;' : '&lt;'))),
      hostile.map((t) => `<![CDATA[${t.replace(/]]>/g, '')}]]>`),
      fc
        .tuple(name, fc.array(attr, { maxLength: 3 }), fc.array(tie('tree'), { maxLength: 5 }))
        .map(([n, attrs, kids]) => `<${n}${attrs.join('')}>${kids.join('')}</${n}>`),
    ),
  }));
  const prolog = fc.constantFrom(
    '',
    '\uFEFF',
    '<?xml version="1.0"?>\n',
    '<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>',
    '<!-- c -->\n',
    '<!DOCTYPE rss>',
  );

  it('arbitrary feed-shaped XML, with hostile text, CDATA and attributes', async () => {
    await fc.assert(
      fc.asyncProperty(prolog, fc.constantFrom('rss', 'feed', 'rdf:RDF', 'a:feed'), fc.array(tree, { maxLength: 6 }), async (start, root, kids) => {
        const inner = root === 'rss' ? `<channel>${kids.join('')}</channel>` : kids.join('');
        const ns = root === 'a:feed' ? ' xmlns:a="http://www.w3.org/2005/Atom"' : root === 'rdf:RDF' ? ' xmlns="http://purl.org/rss/1.0/"' : '';
        const text = `${start}<${root}${ns}>${inner}</${root}>`;
        await parsed(text);
        check(parseFeed(text), text);
      }),
      params('feeds generated'),
    );
  });

  it('mutated fixture feeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...feedFiles).chain((f) => mutated(f.text)),
        async (text) => void (await parsed(text)),
      ),
      params('feed fixtures mutated'),
    );
  });

  it('nesting 5,000 deep, entity floods', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 101, max: 5000 }), fc.constantFrom('x', 'item', 'entry'), fc.boolean(), async (n, tag, flood) => {
        const body = `<${tag}>`.repeat(n) + `</${tag}>`.repeat(n);
        const entities = flood ? `<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(50)}"><!ENTITY b "${'&a;'.repeat(50)}"><!ENTITY c "${'&b;'.repeat(50)}">]>` : '';
        await parsed(`<?xml version="1.0"?>${entities}<rss><channel><title>${flood ? '&c;' : 't'}</title>${body}</channel></rss>`);
      }),
      params('feeds nested or entity floods', 0.2),
    );
  });
});
