import { LOCAL_HOSTS } from './types';
import { msg, type CatalogMessage } from './message';

/**
 * Catalog URLs: https, or http on this machine (a catalog server during development and in
 * tests). Anything else is refused when it is added, with a message saying why (a descriptor of
 * lib/catalog/messages.ts); undefined when it can be one.
 */
export function catalogUrlIssue(value: string): CatalogMessage | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return msg('catalog.urlNotAddress');
  }
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname)) return undefined;
  if (url.protocol === 'http:') return msg('catalog.urlNotHttps');
  return msg('catalog.urlScheme', { scheme: url.protocol });
}

export function normaliseCatalogUrl(value: string): string {
  return new URL(value.trim()).href;
}

export function urlSourceId(url: string): string {
  return `url:${normaliseCatalogUrl(url)}`;
}

/** The host permission pattern that lets the extension read `url` without CORS headers. */
export function originPattern(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}
