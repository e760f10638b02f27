import { XMLParser } from 'fast-xml-parser';
import { validateCatalog, type ParseResult } from './schema';

/**
 * An RSS 2.0 or Atom feed of a public resources page, read as a catalog: each entry becomes an
 * item (title, link, summary as plain text, date, categories as keywords). Entries are of type
 * "blog post" unless the entry says otherwise with `<dc:type>` or a `type:<value>` category.
 * Feed dates are RFC 822 (RSS) or RFC 3339 (Atom) by those formats' own specs, so they are
 * read as such and normalised to YYYY-MM-DD; an unreadable date is dropped.
 */

export const FEED_DEFAULT_TYPE = 'blog post';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => ['item', 'entry', 'category', 'link'].includes(name),
  processEntities: true,
  htmlEntities: true,
});

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (typeof value === 'object' && '#text' in value) return text((value as Record<string, unknown>)['#text']);
  return '';
}

/** Feed summaries are HTML: kept as plain text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
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

function atomLink(links: unknown[]): string {
  const shaped = links.map((link) =>
    typeof link === 'string' ? { href: link, rel: 'alternate' } : { href: text((link as Record<string, unknown>)['@href']), rel: text((link as Record<string, unknown>)['@rel']) || 'alternate' },
  );
  return (shaped.find((link) => link.rel === 'alternate') ?? shaped[0])?.href ?? '';
}

export function looksLikeFeed(body: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]/i.test(body.replace(/^\uFEFF/, ''));
}


/** An RSS item or Atom entry, as the fields both have, made into a catalog item. */
function feedItem(entry: { id: string; title: string; link: string; categories: string[]; dcType: string; description: string; date: string }): Record<string, unknown> {
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

export function parseFeed(body: string): ParseResult {
  let doc: Record<string, any>;
  try {
    doc = parser.parse(body.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `The feed is not valid XML (${(error as Error).message}).` };
  }
  const items: Record<string, unknown>[] = [];
  let publisher: string | undefined;
  if (doc.rss?.channel) {
    const channel = doc.rss.channel;
    publisher = text(channel.title) || undefined;
    for (const entry of asArray<Record<string, unknown>>(channel.item)) {
      const link = text(asArray(entry.link as unknown)[0]);
      items.push(
        feedItem({
          id: text(entry.guid) || link,
          title: text(entry.title),
          link,
          categories: asArray(entry.category as unknown).map(text).filter(Boolean),
          dcType: text(entry['dc:type']),
          description: text(entry.description) || text(entry['content:encoded']),
          date: text(entry.pubDate) || text(entry['dc:date']),
        }),
      );
    }
  } else if (doc.feed) {
    const feed = doc.feed;
    publisher = text(feed.title) || undefined;
    for (const entry of asArray<Record<string, unknown>>(feed.entry)) {
      const link = atomLink(asArray(entry.link as unknown));
      items.push(
        feedItem({
          id: text(entry.id) || link,
          title: text(entry.title),
          link,
          categories: asArray(entry.category as unknown)
            .map((c) => (typeof c === 'object' && c ? text((c as Record<string, unknown>)['@label']) || text((c as Record<string, unknown>)['@term']) : text(c)))
            .filter(Boolean),
          dcType: text(entry['dc:type']),
          description: text(entry.summary) || text(entry.content),
          date: text(entry.updated) || text(entry.published),
        }),
      );
    }
  } else {
    return { ok: false, error: 'The feed is neither RSS 2.0 (<rss><channel>) nor Atom (<feed>).' };
  }
  return validateCatalog({ version: 1, publisher, items }, { where: (index) => `entry ${index + 1}` });
}
