import { hashText, type ItemCollector, type ItemEntry } from './collect';
import { parseFeed } from './feed';
import { detectFormat, type CatalogFormat } from './parse';
import { issuesMessage } from './issues';
import { catalogEnvelopeSchema, envelopeProblem, noneValid, place, vocabularySchema, type ItemProblem } from './schema';
import { CatalogError, detail, failure, msg, type Failure } from './messages';
import { CsvItemReader } from './stream-csv';
import { JsonItemReader } from './stream-json';
import type { CatalogItem, Vocabulary } from './types';

/**
 * A catalog of any format read as a stream of text chunks (a download, a file read in slices,
 * or one string): the format is told from the first 64 KB (detectFormat), then JSON and CSV are
 * read item by item as the text arrives (./stream-json.ts, ./stream-csv.ts) and only the items
 * are kept. Feeds are the exception: RSS and Atom are read whole by fast-xml-parser once
 * complete, so they keep a byte limit (MAX_FEED_CHARS); a feed of a few hundred entries is
 * far below it.
 */
export const MAX_FEED_CHARS = 40 * 1024 * 1024;
const SNIFF_CHARS = 64 * 1024;

export interface StreamedCatalog {
  ok: true;
  format: CatalogFormat;
  publisher?: string;
  generatedAt?: string;
  vocabulary: Vocabulary;
  /** Items checked this time (new or changed since the entries passed as `reuse`). */
  fresh: CatalogItem[];
  /** Every valid item in order, with its hash. */
  entries: ItemEntry[];
  problems: ItemProblem[];
  /** Entries in the catalog, valid or not. */
  total: number;
  /** Set when this is the index of a split catalog: its parts' URLs as written (maybe relative). */
  parts?: string[];
}

/** Parts an index may list. */
export const MAX_PARTS = 1000;

export type StreamOutcome = StreamedCatalog | Failure;

export interface StreamHint {
  name?: string;
  contentType?: string;
}

export const feedTooLarge = () => msg('catalog.feedTooLarge', { size: MAX_FEED_CHARS / 1024 / 1024 });

/** Thrown from push() with a message for the rep; the caller stops reading. */
export class CatalogStreamError extends CatalogError {}

export class CatalogStreamParser {
  private head = '';
  private format: CatalogFormat | undefined;
  private json?: JsonItemReader;
  private csv?: CsvItemReader;
  private feed: string[] = [];
  private feedChars = 0;
  private readonly members: Record<string, unknown> = {};

  constructor(
    private readonly collector: ItemCollector,
    private readonly hint: StreamHint = {},
  ) {}

  /**
   * The vocabulary read so far, as `end()` would give it: a JSON catalog's once its member is in
   * (most catalogs write it before the items); none for CSV and feeds.
   */
  vocabularySoFar(): Vocabulary {
    if (this.format !== 'json' || this.members.vocabulary === undefined) return {};
    const parsed = vocabularySchema.safeParse(this.members.vocabulary);
    return parsed.success ? (parsed.data as Vocabulary) : {};
  }

  get collected(): ItemCollector {
    return this.collector;
  }

  /** Feeds text; throws CatalogStreamError when the catalog cannot be read further. */
  push(text: string): void {
    try {
      if (!this.format) {
        this.head += text;
        if (this.head.length < SNIFF_CHARS) return;
        this.start();
        return;
      }
      this.feedText(text);
    } catch (error) {
      throw asStreamError(error);
    }
  }

  private start(): void {
    const head = this.head;
    this.head = '';
    const format = detectFormat(head, this.hint);
    if (format === 'html') throw new CatalogStreamError(msg('catalog.webPage'));
    this.format = format;
    if (format === 'json') {
      this.json = new JsonItemReader({
        item: (text, index) => {
          this.collector.offer(
            text,
            (raw) => place(index, raw),
            () => JSON.parse(text!),
            0,
          );
        },
        member: (key, value) => {
          this.members[key] = value;
          if (key === 'version' && value !== 1) {
            throw new CatalogStreamError(msg('catalog.versionNot1', { value: shown(value) }));
          }
        },
      });
    } else if (format === 'csv') this.csv = new CsvItemReader(this.collector);
    this.feedText(head);
  }

  private feedText(text: string): void {
    if (this.json) this.json.push(text);
    else if (this.csv) this.csv.push(text);
    else {
      this.feedChars += text.length;
      if (this.feedChars > MAX_FEED_CHARS) throw new CatalogStreamError(feedTooLarge());
      this.feed.push(text);
    }
  }

  /** The catalog once all text is in. */
  end(): StreamOutcome {
    try {
      if (!this.format) {
        if (this.head.replace(/^\uFEFF/, '').trim() === '') return failure(msg('catalog.empty'));
        this.start();
      }
      if (this.json) {
        this.json.end();
        return this.finishJson();
      }
      if (this.csv) {
        this.csv.end();
        return this.finish({ format: 'csv', vocabulary: {} });
      }
      return this.finishFeed();
    } catch (error) {
      return failure(asStreamError(error).i18n);
    }
  }

  private finishJson(): StreamOutcome {
    const listed = this.members.parts;
    if (!this.json!.hasItems && listed !== undefined) return this.finishIndex(listed);
    if (!this.json!.hasItems) {
      return failure(msg('items' in this.members ? 'catalog.itemsNotArray' : 'catalog.itemsMissing'));
    }
    const envelope = catalogEnvelopeSchema.safeParse({ ...this.members, items: [] });
    if (!envelope.success) {
      // As the whole-file reader says it (schema.ts): the first three problems, and how many more.
      return failure(envelopeProblem(envelope.error, this.members, shown));
    }
    const { publisher, generatedAt, vocabulary } = envelope.data;
    return this.finish({ format: 'json', publisher, generatedAt, vocabulary: (vocabulary ?? {}) as Vocabulary });
  }

  /** An index: `{ "version": 1, "parts": [{ "url": "…" }, …], "vocabulary": … }`. */
  private finishIndex(listed: unknown): StreamOutcome {
    if (!Array.isArray(listed) || listed.length === 0) return failure(msg('catalog.indexPartsInvalid'));
    if (listed.length > MAX_PARTS) return failure(msg('catalog.indexTooManyParts', { count: listed.length, limit: MAX_PARTS }));
    const parts: string[] = [];
    for (const [i, part] of listed.entries()) {
      const url = typeof part === 'string' ? part : part && typeof part === 'object' ? (part as { url?: unknown }).url : undefined;
      if (typeof url !== 'string' || url.trim() === '') return failure(msg('catalog.indexPartNoUrl', { index: i }));
      parts.push(url.trim());
    }
    if (new Set(parts).size !== parts.length) return failure(msg('catalog.indexRepeats'));
    const envelope = catalogEnvelopeSchema.omit({ items: true }).safeParse(this.members);
    if (!envelope.success) return failure(msg('catalog.indexNotValid', { detail: issuesMessage(envelope.error, this.members) }));
    const { publisher, generatedAt, vocabulary } = envelope.data;
    return {
      ok: true,
      format: 'json',
      publisher,
      generatedAt,
      vocabulary: (vocabulary ?? {}) as Vocabulary,
      fresh: [],
      entries: [],
      problems: [],
      total: 0,
      parts,
    };
  }

  private finishFeed(): StreamOutcome {
    const result = parseFeed(this.feed.join(''));
    this.feed = [];
    if (!result.ok) return result;
    const { catalog, problems, total } = result;
    for (let i = 0; i < total - catalog.items.length; i++) this.collector.total++;
    for (const item of catalog.items) {
      this.collector.total++;
      this.collector.fresh.push(item);
      this.collector.entries.push({ id: item.id, hash: hashText(JSON.stringify(item)) });
    }
    this.collector.problems.push(...problems);
    return this.finish({ format: 'feed', publisher: catalog.publisher, vocabulary: {} });
  }

  private finish(meta: { format: CatalogFormat; publisher?: string; generatedAt?: string; vocabulary: Vocabulary }): StreamOutcome {
    const { collector } = this;
    if (collector.total > 0 && collector.validCount === 0) return failure(noneValid(collector.total, collector.problems));
    return { ok: true, ...meta, fresh: collector.fresh, entries: collector.entries, problems: collector.problems, total: collector.total };
  }
}

function asStreamError(error: unknown): CatalogStreamError {
  if (error instanceof CatalogStreamError) return error;
  // JsonStreamError, CatalogLimitError, the CSV reader's: each already says it for the rep.
  if (error instanceof CatalogError) return new CatalogStreamError(error.i18n);
  // A member or item that JSON.parse refused: its message names the fault, not the file.
  if (error instanceof SyntaxError) return new CatalogStreamError(msg('catalog.notJson', { error: error.message.slice(0, 200) }));
  return new CatalogStreamError(detail((error as Error).message));
}

/** A value as the catalog wrote it, cut short: a message quotes the start, not a megabyte. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
