import { pageLanguage } from './dom';
import type { ProspectContext } from './schema';

/**
 * One module per page source under lib/context/sites/, each a PageReader made with
 * `defineReader`. `read` takes the document and URL as parameters so it runs unchanged on a
 * saved page in happy-dom, in a test, and in the content script.
 *
 * What a new reader must provide (tests/context/reader-conventions.test.ts checks each one
 * through the registry):
 * - `name`: the context's `source`, kebab-case ("linkedin-profile", "odoo");
 * - `label`: what the panel says it read from ("LinkedIn profile", "Odoo");
 * - `hosts`: match patterns of the hosts it reads (for the content script or the offer to
 *   read a CRM automatically); `[]` for the fallbacks that read any page;
 * - `fixtures`: its folder under tests/fixtures/pages, holding at least one saved page with
 *   `<page>.expected.json` (invented people only);
 * - `parse(url)`: what the URL says (record type, id), null when the URL is no record of its;
 * - `key(parsed, url)`: the record the URL names;
 * - `read(document, url, parsed)`: the context, or null while the record is not there.
 */
export interface PageReader {
  /** The context's `source` value, e.g. "linkedin-profile". */
  readonly name: string;
  /** Human name of the source: "Read from LinkedIn profile". */
  readonly label: string;
  /** Match patterns of the hosts this reader knows; empty for the any-page fallbacks. */
  readonly hosts: readonly string[];
  /** Its fixture folder under tests/fixtures/pages. */
  readonly fixtures: string;
  /** True when this reader knows the page at `url`. */
  matches(url: URL): boolean;
  /**
   * Reads the prospect from the page. Returns null when the page is this reader's kind but the
   * record is not (yet) there: a skeleton still loading, a logged-out wall, a redesign.
   */
  read(document: Document, url: URL): ProspectContext | null;
  /**
   * The record the URL names (a profile slug, a CRM record id); when it changes the page shows
   * another record, even if the DOM still holds the previous one.
   */
  recordKey?(url: URL): string | null;
}

export interface ReaderDefinition<P> {
  name: string;
  label: string;
  hosts: readonly string[];
  fixtures: string;
  /** What the URL says; null when it names no record this reader reads. */
  parse(url: URL): P | null;
  /** The record's stable key, from what `parse` found. */
  key(parsed: P, url: URL): string | null;
  /** The context's fields; `source`, `url`, `language` and `recordKey` are filled in after. */
  read(document: Document, url: URL, parsed: P): Omit<ProspectContext, 'source' | 'url'> | null;
}

/**
 * The scaffold every reader shares: URL parsing once for matches/recordKey/read, and the
 * context's tail (source, url, page language, record key) filled in one place.
 */
export function defineReader<P>(definition: ReaderDefinition<P>): PageReader {
  const reader: PageReader = {
    name: definition.name,
    label: definition.label,
    hosts: definition.hosts,
    fixtures: definition.fixtures,
    matches: (url) => definition.parse(url) !== null,
    recordKey(url) {
      const parsed = definition.parse(url);
      return parsed === null ? null : definition.key(parsed, url);
    },
    read(document, url) {
      const parsed = definition.parse(url);
      if (parsed === null) return null;
      const fields = definition.read(document, url, parsed);
      if (!fields) return null;
      return {
        ...fields,
        source: definition.name,
        url: url.href,
        language: fields.language ?? pageLanguage(document),
        recordKey: definition.key(parsed, url),
      };
    },
  };
  return reader;
}

/** Record-type gating: fields that only a kind of record has (a person's title, a deal's amount). */
export function gate<T>(value: T, allowed: boolean): T | null {
  return allowed ? value : null;
}
