import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateCatalog, type ParseResult } from './schema';
import { failure, msg, type CatalogMessage } from './messages';

/**
 * An RSS 2.0, RSS 1.0 (RDF) or Atom feed of a public resources page, read as a catalog: each
 * entry becomes an item (title, link, summary as plain text, date, categories as keywords).
 * Entries are of type "blog post" unless the entry says otherwise with `<dc:type>` or a
 * `type:<value>` category. Feed dates are RFC 822 (RSS 2.0), RFC 3339 (Atom) or W3C-DTF
 * (`dc:date`, RSS 1.0) by those formats' own specs, so they are read as such and normalised to
 * YYYY-MM-DD; an unreadable date is dropped.
 *
 * Elements are found by namespace, not by the prefix a feed happens to use: `<atom:feed>`,
 * `<dcterms:…>` spelled `<dc:…>`, `<rss:item>` in an RDF feed all read the same.
 */

export const FEED_DEFAULT_TYPE = 'blog post';

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  rss1: 'http://purl.org/rss/1.0/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
} as const;

/** Deeper than any feed; the parser refuses past it instead of recursing into a hostile file. */
const MAX_NESTING = 100;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['item', 'entry', 'category', 'link', 'subject'].includes(localName(name)),
  processEntities: true,
  htmlEntities: true,
  maxNestedTags: MAX_NESTING,
});

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object' && '#text' in value) return text((value as Record<string, unknown>)['#text']);
  // Atom's type="xhtml" content is markup inside the element: its text, attributes left out.
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !key.startsWith('@'))
      .map(([, child]) => (Array.isArray(child) ? child.map(text).join(' ') : text(child)))
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

const INLINE_TAG = /<\/?(a|abbr|b|bdi|bdo|cite|code|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)(\s[^>]*)?>/gi;

/** Feed summaries are HTML: kept as plain text (inline tags join, block tags separate words). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(INLINE_TAG, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function feedDate(value: string): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

function typeAndKeywords(categories: string[], dcType: string): { type: string; keywords: string[] } {
  let type = dcType || FEED_DEFAULT_TYPE;
  const keywords: string[] = [];
  for (const category of categories) {
    const match = /^type:\s*(.+)$/i.exec(category);
    if (match) type = match[1]!.trim();
    else keywords.push(category);
  }
  return { type, keywords };
}

function atomLink(links: unknown[], attr: (name: string) => string): string {
  const shaped = links.map((link) =>
    typeof link === 'string'
      ? { href: link, rel: 'alternate' }
      : { href: text((link as Record<string, unknown>)[attr('href')]), rel: text((link as Record<string, unknown>)[attr('rel')]) || 'alternate' },
  );
  return (shaped.find((link) => link.rel === 'alternate') ?? shaped[0])?.href ?? '';
}

/**
 * The name of the root element, past what may come before it as feed readers sniff: a byte
 * order mark, whitespace, the XML declaration, processing instructions (`<?xml-stylesheet …?>`,
 * FeedBurner's style), comments and a DOCTYPE. Null when the text does not start as markup.
 * Linear in the prolog's length: an unclosed comment ends the search rather than backtracking.
 */
export function rootElementName(body: string): string | null {
  let at = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let guard = 0; guard < 1000; guard++) {
    while (at < body.length && /\s/.test(body[at]!)) at++;
    if (body.startsWith('<?', at)) {
      const end = body.indexOf('?>', at + 2);
      if (end < 0) return null;
      at = end + 2;
    } else if (body.startsWith('<!--', at)) {
      const end = body.indexOf('-->', at + 4);
      if (end < 0) return null;
      at = end + 3;
    } else if (body.slice(at, at + 9).toUpperCase() === '<!DOCTYPE') {
      // An internal subset ([…]) may hold '>' inside it.
      const bracket = body.indexOf('[', at);
      const close = body.indexOf('>', at);
      const end = bracket >= 0 && bracket < close ? body.indexOf('>', body.indexOf(']', bracket)) : close;
      if (end < 0) return null;
      at = end + 1;
    } else break;
  }
  const match = /^<([A-Za-z_][\w.:-]*)/.exec(body.slice(at, at + 200));
  return match ? match[1]! : null;
}

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);

export function looksLikeFeed(body: string): boolean {
  const root = rootElementName(body);
  return root !== null && FEED_ROOTS.has(localName(root).toLowerCase());
}

/** Namespace URI → the prefix this document binds it to ('' for the default namespace). */
function prefixes(root: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(root)) {
    if (typeof value !== 'string') continue;
    if (key === '@xmlns') out.set(value.trim(), '');
    else if (key.startsWith('@xmlns:')) out.set(value.trim(), key.slice(7));
  }
  return out;
}

/** A reader of elements by namespace and local name, whatever prefix the feed uses. */
function namer(bound: Map<string, string>, fallback: Partial<Record<keyof typeof NS, string>>) {
  return (ns: keyof typeof NS, local: string): string => {
    const prefix = bound.get(NS[ns]) ?? fallback[ns] ?? '';
    return prefix ? `${prefix}:${local}` : local;
  };
}

type Entry = { id: string; title: string; link: string; categories: string[]; dcType: string; description: string; date: string };

/** An RSS item or Atom entry, as the fields both have, made into a catalog item. */
function feedItem(entry: Entry): Record<string, unknown> {
  const { type, keywords } = typeAndKeywords(entry.categories, entry.dcType);
  const description = htmlToText(entry.description);
  return {
    id: entry.id,
    title: htmlToText(entry.title),
    url: entry.link,
    type,
    description: description ? description.slice(0, 5000) : undefined,
    keywords,
    updatedAt: feedDate(entry.date),
  };
}

/**
 * The parser's own messages name its internals ("readTagExp returned undefined"); the strict
 * validator, run only once parsing has failed, says what is wrong and where.
 */
function xmlError(error: unknown, body: string): CatalogMessage {
  const message = error instanceof Error ? error.message : String(error);
  if (/nested tags/i.test(message)) return msg('catalog.feedTooDeep', { depth: MAX_NESTING });
  if (/entit/i.test(message)) return msg('catalog.feedEntities');
  let verdict: ReturnType<typeof XMLValidator.validate> = true;
  try {
    verdict = XMLValidator.validate(body);
  } catch {
    // no better explanation than the general one
  }
  if (verdict !== true) {
    const { msg: reason, line, col } = verdict.err;
    const where =
      line && col
        ? msg('catalog.feedAtLineColumn', { line, column: col })
        : line
          ? msg('catalog.feedAtLine', { line })
          : col
            ? msg('catalog.feedAtColumn', { column: col })
            : '';
    return msg('catalog.feedNotXml', { error: reason.replace(/\s+/g, ' ').replace(/\.$/, '').slice(0, 200), where });
  }
  return msg('catalog.feedUnreadable');
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function parseFeed(body: string): ParseResult {
  let doc: Record<string, unknown>;
  try {
    doc = asRecord(parser.parse(body.replace(/^\uFEFF/, '')));
  } catch (error) {
    return failure(xmlError(error, body));
  }
  const rootName = Object.keys(doc).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  const root = asRecord(rootName ? doc[rootName] : undefined);
  const rootPrefix = rootName?.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : '';
  const local = rootName ? localName(rootName).toLowerCase() : '';
  const bound = prefixes(root);
  const items: Record<string, unknown>[] = [];
  let publisher: string | undefined;

  if (local === 'rss' && root.channel) {
    // RSS 2.0 has no namespace of its own; its modules (dc, content) do.
    const el = namer(bound, { dc: 'dc', content: 'content' });
    const channel = asRecord(root.channel);
    publisher = text(channel.title) || undefined;
    for (const entry of asArray(channel.item).map(asRecord)) {
      const link = text(entry.link);
      items.push(
        feedItem({
          id: text(entry.guid) || link,
          title: text(entry.title),
          link,
          categories: [...asArray(entry.category), ...asArray(entry[el('dc', 'subject')])].map(text).filter(Boolean),
          dcType: text(entry[el('dc', 'type')]),
          description: text(entry.description) || text(entry[el('content', 'encoded')]),
          date: text(entry.pubDate) || text(entry[el('dc', 'date')]),
        }),
      );
    }
  } else if (local === 'rdf') {
    // RSS 1.0: <rdf:RDF> holds <channel> and the <item rdf:about> elements side by side.
    const el = namer(bound, { rss1: '', dc: 'dc', content: 'content', rdf: rootPrefix || 'rdf' });
    const about = `@${el('rdf', 'about')}`;
    const channel = asRecord(root[el('rss1', 'channel')]);
    if (!root[el('rss1', 'channel')] && !root[el('rss1', 'item')]) {
      return failure(msg('catalog.feedRdfNotRss'));
    }
    publisher = text(channel[el('rss1', 'title')]) || text(channel[el('dc', 'publisher')]) || undefined;
    for (const entry of asArray(root[el('rss1', 'item')]).map(asRecord)) {
      const link = text(entry[el('rss1', 'link')]) || text(entry[about]);
      items.push(
        feedItem({
          id: text(entry[about]) || link,
          title: text(entry[el('rss1', 'title')]),
          link,
          categories: asArray(entry[el('dc', 'subject')]).map(text).filter(Boolean),
          dcType: text(entry[el('dc', 'type')]),
          description: text(entry[el('rss1', 'description')]) || text(entry[el('content', 'encoded')]),
          date: text(entry[el('dc', 'date')]),
        }),
      );
    }
  } else if (local === 'feed') {
    const el = namer(bound, { atom: rootPrefix, dc: 'dc' });
    // Atom attributes (href, rel, term) carry no prefix, whatever prefix the elements use.
    const attr = (name: string) => `@${name}`;
    publisher = text(root[el('atom', 'title')]) || undefined;
    for (const entry of asArray(root[el('atom', 'entry')]).map(asRecord)) {
      const link = atomLink(asArray(entry[el('atom', 'link')]), attr);
      items.push(
        feedItem({
          id: text(entry[el('atom', 'id')]) || link,
          title: text(entry[el('atom', 'title')]),
          link,
          categories: asArray(entry[el('atom', 'category')])
            .map((c) =>
              typeof c === 'object' && c ? text((c as Record<string, unknown>)['@label']) || text((c as Record<string, unknown>)['@term']) : text(c),
            )
            .filter(Boolean),
          dcType: text(entry[el('dc', 'type')]),
          description: text(entry[el('atom', 'summary')]) || text(entry[el('atom', 'content')]),
          date: text(entry[el('atom', 'updated')]) || text(entry[el('atom', 'published')]),
        }),
      );
    }
  } else {
    if (local === 'rss') return failure(msg('catalog.feedRssNoChannel'));
    return failure(rootName ? msg('catalog.feedUnknownRoot', { root: rootName.slice(0, 60) }) : msg('catalog.feedNoRoot'));
  }
  return validateCatalog({ version: 1, publisher, items }, { where: (index) => msg('catalog.whereEntry', { entry: index + 1 }) });
}
