import type { PageReader } from './reader';
import { linkedinProfile } from './sites/linkedin-profile';
import { compactContext, prospectContextSchema, type ProspectContext } from './schema';

/** Every page reader, most specific first; the first whose `matches` accepts the URL reads. */
export const readers: readonly PageReader[] = [linkedinProfile];

export function readerFor(url: URL, list: readonly PageReader[] = readers): PageReader | null {
  return list.find((reader) => reader.matches(url)) ?? null;
}

export type ReadResult =
  | { status: 'read'; context: ProspectContext }
  | { status: 'unreadable'; source: string; url: string }
  | { status: 'unsupported'; url: string };

/**
 * Reads the prospect from a page. Never throws: a reader that fails on an unexpected page
 * counts as "could not read", so nothing reaches the page's console.
 */
export function readPage(document: Document, href: string, list: readonly PageReader[] = readers): ReadResult {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { status: 'unsupported', url: href };
  }
  const reader = readerFor(url, list);
  if (!reader) return { status: 'unsupported', url: href };
  try {
    const context = reader.read(document, url);
    if (context) {
      const parsed = prospectContextSchema.safeParse(compactContext(context));
      if (parsed.success) return { status: 'read', context: parsed.data };
    }
  } catch {
    // fall through: the page is not what the reader expected
  }
  return { status: 'unreadable', source: reader.name, url: href };
}

/** The record key of a URL, used to notice in-app navigation to another record. */
export function recordKeyOf(href: string, list: readonly PageReader[] = readers): string {
  try {
    const url = new URL(href);
    const reader = readerFor(url, list);
    return reader?.recordKey?.(url) ?? `${url.origin}${url.pathname}${url.search}`;
  } catch {
    return href;
  }
}
