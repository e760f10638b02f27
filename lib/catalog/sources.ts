import { LOCAL_HOSTS } from './types';

/**
 * Catalog URLs: https, or http on this machine (a catalog server during development and in
 * tests). Anything else is refused when it is added, with a message saying why.
 */
export function catalogUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a full address starting with https://';
  }
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'Catalog URLs must use https:// (http:// only for localhost or 127.0.0.1).';
  return `Catalog URLs must start with https:// (not ${url.protocol}).`;
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
