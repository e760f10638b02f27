import type { PageReader } from './reader';
import { linkedinProfile } from './sites/linkedin-profile';
import { linkedinCompany } from './sites/linkedin-company';
import { salesNavigator } from './sites/sales-navigator';
import { salesforce } from './sites/salesforce';
import { hubspot } from './sites/hubspot';
import { dynamics } from './sites/dynamics';
import { generic } from './sites/generic';
import { structuredData } from './sites/structured-data';
import { saasCrms } from './sites/saas-crms';
import { compactContext, hasProspect, prospectContextSchema, type ProspectContext } from './schema';

/**
 * Every page reader, most specific first; the first whose `matches` accepts the URL reads.
 * Known SaaS CRMs come next, by their URLs. The last two match any http(s) page: label/value pairs (with structured data filling gaps),
 * then structured data alone.
 */
export const readers: readonly PageReader[] = [
  linkedinProfile,
  linkedinCompany,
  salesNavigator,
  salesforce,
  hubspot,
  dynamics,
  ...saasCrms,
  generic,
  structuredData,
];

/** Readers that, finding nothing, hand the page on to the next fallback reader. */
const fallbacks: ReadonlySet<PageReader> = new Set([generic, structuredData]);

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
  const chain = fallbacks.has(reader) ? list.slice(list.indexOf(reader)).filter((r) => fallbacks.has(r) && r.matches(url)) : [reader];
  for (const candidate of chain) {
    try {
      const context = candidate.read(document, url);
      if (context) {
        const parsed = prospectContextSchema.safeParse(compactContext(context));
        if (parsed.success && hasProspect(parsed.data)) return { status: 'read', context: parsed.data };
      }
    } catch {
      // next: the page is not what the reader expected
    }
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
