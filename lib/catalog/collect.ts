import { CatalogError, detail, msg, type CatalogMessage } from './messages';
import { checkItem, duplicateId, itemProblem, type ItemProblem, type Place } from './schema';
import type { CatalogItem } from './types';

/**
 * Gathers a catalog's items as a stream reader finds them (./stream-json.ts, ./stream-csv.ts),
 * checking each against the schema, and knows which of them are unchanged since the last sync.
 *
 * Unchanged: an item's text (its JSON, or its CSV row under the same header) hashes to the
 * hash of an item stored by the last sync. Validation is a pure function of that text, so such
 * an item is neither parsed nor checked again, and its row is not rewritten: a daily catalog
 * where 1% changed costs 1% of the work. Items with warnings are recorded with them, so the
 * options page still lists them. A new validation rule bumps CHECK_VERSION, which makes every
 * item "changed" once.
 *
 * The catalog's size is limited by its number of entries (valid or not), MAX_CATALOG_ITEMS:
 * memory is bounded by that, whatever the bytes.
 */
export const MAX_CATALOG_ITEMS = 250_000;
export const CHECK_VERSION = 1;

export const tooManyItems = (limit = MAX_CATALOG_ITEMS) => msg('catalog.tooManyItems', { limit: { grouped: limit } });

/** The catalog passed a limit: the sync records it as `too-large`. */
export class CatalogLimitError extends CatalogError {}

/** One stored item as the last sync left it. */
export interface ItemEntry {
  id: string;
  hash: number;
  /** In English, as the manifest keeps them (./store.ts). */
  warnings?: string[];
  /**
   * The same warnings as descriptors, one for each of `warnings`, for the options page. The
   * manifest does not keep them: an entry reused from it has `warnings` alone, shown in English.
   */
  warningsI18n?: CatalogMessage[];
  /**
   * Where the last sync stored it: its slot in the source's pages (lib/db/items.ts), or -1 for a
   * row of its own written before pages. Absent: not stored yet (new or changed).
   */
  slot?: number;
}

/** 53-bit string hash (cyrb53: two 32-bit multiply-xorshift lanes). Not cryptographic. */
export function hashText(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface CollectOptions {
  /** Entries of the last sync by hash: those found again are kept without being checked. */
  reuse?: Map<number, ItemEntry>;
  limit?: number;
}

export class ItemCollector {
  /** Items checked this time (new or changed), in catalog order. */
  readonly fresh: CatalogItem[] = [];
  /** Every valid item, in catalog order: what the next sync compares with. */
  readonly entries: ItemEntry[] = [];
  readonly problems: ItemProblem[] = [];
  total = 0;
  /** Ids a part repeats from an earlier part (a split catalog whose parts overlap). */
  crossPart: { count: number; first?: string; part?: number; of?: number } = { count: 0 };
  private readonly seen = new Map<string, number>();
  private readonly limit: number;
  /** The part being read of a split catalog (from 1), named before every problem's place; 0: not split. */
  part = 0;
  /** Told of each item checked this time, as it is kept (a sync indexes them meanwhile: lib/catalog/sync.ts). */
  onFresh?: (item: CatalogItem) => void;

  constructor(private readonly options: CollectOptions = {}) {
    this.limit = options.limit ?? MAX_CATALOG_ITEMS;
  }

  /** Counts one entry of the catalog; throws CatalogLimitError past the limit. */
  private count(): void {
    if (++this.total > this.limit) throw new CatalogLimitError(tooManyItems(this.limit));
  }

  private accept(id: string, where: () => Place): boolean {
    const earlier = this.seen.get(id);
    if (earlier === undefined) {
      this.seen.set(id, this.part);
      return true;
    }
    if (earlier !== this.part) {
      this.crossPart.count++;
      if (this.crossPart.first === undefined) Object.assign(this.crossPart, { first: id, part: this.part, of: earlier });
    }
    this.problem(where(), duplicateId(id));
    return false;
  }

  private problem(where: Place, reason: CatalogMessage | string, warning?: boolean): void {
    this.problems.push(itemProblem(this.placed(where), reason, warning));
  }

  /** `part 2, items[3]` in a split catalog. */
  private placed(where: Place): Place {
    return this.part ? msg('catalog.wherePart', { part: this.part, where }) : where;
  }

  /** The warnings of an entry kept from the last sync: as descriptors when it has them, else its English. */
  private warned(entry: ItemEntry, where: () => Place): void {
    const { warnings = [], warningsI18n } = entry;
    const described = warningsI18n?.length === warnings.length ? warningsI18n : undefined;
    // Without descriptors: the English as it was stored (its place still in the rep's language).
    warnings.forEach((reason, i) => this.problem(where(), described ? described[i]! : reason, true));
  }

  /** An entry of a part that answered 304: kept as the last sync stored it. */
  carry(entry: ItemEntry, where: () => Place): void {
    this.count();
    if (!this.accept(entry.id, where)) return;
    this.entries.push(entry);
    this.warned(entry, where);
  }

  /**
   * One entry: `text` hashed (undefined: too large to read), `materialise` parses it when it is
   * not known. `where` names its place for the options page.
   */
  offer(text: string | undefined, where: (raw?: unknown) => Place, materialise: () => unknown, seed = 0): void {
    this.count();
    if (text === undefined) {
      this.problem(where(), msg('catalog.itemTooLarge', { size: 1 }));
      return;
    }
    const hash = hashText(text, seed);
    const known = this.options.reuse?.get(hash);
    if (known) {
      if (!this.accept(known.id, () => where())) return;
      this.entries.push(known);
      this.warned(known, () => where());
      return;
    }
    let raw: unknown;
    try {
      raw = materialise();
    } catch (error) {
      this.problem(where(), msg('catalog.itemNotJson', { error: detail((error as Error).message) }));
      return;
    }
    this.check(raw, hash, () => where(raw));
  }

  /** One entry already parsed, never reused (feeds). */
  offerParsed(raw: unknown, where: () => Place): void {
    this.count();
    this.check(raw, hashText(JSON.stringify(raw) ?? ''), where);
  }

  private check(raw: unknown, hash: number, where: () => Place): void {
    const result = checkItem(raw);
    if ('error' in result) {
      this.problem(where(), result.error);
      return;
    }
    if (!this.accept(result.item.id, where)) return;
    const item = result.item;
    this.fresh.push(item);
    this.onFresh?.(item);
    const warned = result.warnings.map((reason) => itemProblem(this.placed(where()), reason, true));
    this.entries.push(warned.length ? { id: item.id, hash, warnings: warned.map((p) => p.reason), warningsI18n: result.warnings } : { id: item.id, hash });
    this.problems.push(...warned);
  }

  get validCount(): number {
    return this.entries.length;
  }
}
