import { looksLikeFeed, rootElementName } from './feed';
import { ItemCollector } from './collect';
import { CatalogStreamError, CatalogStreamParser, type StreamOutcome } from './stream';
import type { ParseResult, ValidateOptions } from './schema';
import { failure, msg } from './messages';

/**
 * One entry point for catalog text from anywhere (a URL, a file, the CLI): detects the format
 * and reads it item by item (./stream.ts). A catalog is limited by its number of items
 * (MAX_CATALOG_ITEMS in ./collect.ts), not its bytes; feeds, read whole, by MAX_FEED_CHARS.
 */
export const formatBytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export type CatalogFormat = 'json' | 'csv' | 'feed';

/**
 * From the content, then the name or media type: JSON starts with '{' or '[', feeds with '<'.
 * Markup is sniffed as feed readers do: past a BOM, whitespace, the XML declaration,
 * processing instructions (`<?xml-stylesheet …?>`), comments and a DOCTYPE, the root element
 * decides: rss, feed or rdf:RDF is a feed, html (or no root at all) a web page. Any other XML
 * root is handed to the feed reader, which names it in its message.
 */
export function detectFormat(text: string, hint: { name?: string; contentType?: string } = {}): CatalogFormat | 'html' {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<')) {
    if (looksLikeFeed(start)) return 'feed';
    const root = rootElementName(start)?.toLowerCase();
    const xml = start.startsWith('<?xml') || /xml/i.test(hint.contentType ?? '');
    return root && root !== 'html' && xml ? 'feed' : 'html';
  }
  const type = hint.contentType?.toLowerCase() ?? '';
  if (type.includes('csv') || type.includes('tab-separated')) return 'csv';
  if (type.includes('json')) return 'json';
  return /\.json([?#]|$)/i.test(hint.name ?? '') ? 'json' : 'csv';
}

export interface ParseTextOptions extends Pick<ValidateOptions, 'onProgress' | 'yieldEvery'> {
  name?: string;
  contentType?: string;
}

/** Text is fed to the reader in slices this long, with a pause between them. */
const SLICE = 1 << 20;

/** Reads a catalog from text chunks (a string, or a file's slices), yielding between them. */
export async function readCatalogChunks(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ParseTextOptions & { collector?: ItemCollector; size?: number } = {},
): Promise<StreamOutcome> {
  const collector = options.collector ?? new ItemCollector();
  const parser = new CatalogStreamParser(collector, options);
  let done = 0;
  try {
    for await (const chunk of chunks) {
      parser.push(chunk);
      done += chunk.length;
      options.onProgress?.(done, options.size ?? 0);
      await options.yieldEvery?.();
    }
  } catch (error) {
    if (error instanceof CatalogStreamError) return failure(error.i18n);
    throw error;
  }
  return parser.end();
}

function* slices(text: string): Iterable<string> {
  for (let start = 0; start < text.length; start += SLICE) yield text.slice(start, start + SLICE);
}

export async function parseCatalogText(text: string, options: ParseTextOptions = {}): Promise<ParseResult & { format?: CatalogFormat }> {
  if (text.replace(/^\uFEFF/, '').trim() === '') return failure(msg('catalog.empty'));
  const out = await readCatalogChunks(slices(text), { ...options, size: text.length });
  if (!out.ok) return out;
  if (out.parts) return failure(msg('catalog.textIsIndex'));
  const { publisher, generatedAt, vocabulary, fresh, problems, total, format } = out;
  return { ok: true, catalog: { version: 1, publisher, generatedAt, vocabulary, items: fresh }, problems, total, format };
}
