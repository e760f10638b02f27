import { parseCatalogCsvAsync } from './csv';
import { looksLikeFeed, parseFeed, rootElementName } from './feed';
import { parseJsonText, validateCatalogAsync, type ParseResult, type ValidateOptions } from './schema';

/**
 * One entry point for catalog text from anywhere (a URL, a file, the CLI): detects the format,
 * enforces the size limit, and validates.
 *
 * Size limit: a catalog is read whole (JSON.parse, then item by item), so it is capped at
 * MAX_CATALOG_BYTES (40 MB, about 100,000 richly described items). A bigger download is cut off
 * as soon as it passes the limit and refused with a message saying so; the cached catalog stays.
 * Marketing can split a larger catalog into several (every source syncs on its own).
 */
export const MAX_CATALOG_BYTES = 40 * 1024 * 1024;

export const formatBytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export const tooLargeMessage = (bytes: number | undefined) =>
  `The catalog is too large${bytes ? ` (${formatBytes(bytes)})` : ''}: the limit is ${formatBytes(MAX_CATALOG_BYTES)}. Split it into several catalogs.`;

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

export async function parseCatalogText(text: string, options: ParseTextOptions = {}): Promise<ParseResult & { format?: CatalogFormat }> {
  if (text.length > MAX_CATALOG_BYTES) return { ok: false, error: tooLargeMessage(text.length) };
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, error: 'The catalog is empty.' };
  const format = detectFormat(text, options);
  const validate = { onProgress: options.onProgress, yieldEvery: options.yieldEvery };
  switch (format) {
    case 'html':
      return { ok: false, error: 'This is a web page, not a catalog: expected JSON, CSV, or an RSS/Atom feed.' };
    case 'feed':
      return { ...parseFeed(text), format };
    case 'csv':
      return { ...(await parseCatalogCsvAsync(text, validate)), format };
    case 'json': {
      const json = parseJsonText(text);
      if (!json.ok) return json;
      return { ...(await validateCatalogAsync(json.value, validate)), format };
    }
  }
}
