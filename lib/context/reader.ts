import type { ProspectContext } from './schema';

/**
 * One module per page source under lib/context/sites/, each a PageReader.
 * `read` takes the document and URL as parameters so it runs unchanged on a saved page in
 * happy-dom, in a test, and in the content script.
 */
export interface PageReader {
  /** The context's `source` value, e.g. "linkedin-profile". */
  readonly name: string;
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
