import { isShareable, vocabularyLists, type Concept, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { PhraseMatcher } from './concepts';
import { detectLanguage, hasCode, isPhrase, isStopword, normalize, phraseKey, primaryLanguage, stem } from './text';

/**
 * The catalog prepared for matching, built once per catalog change (see `prepareCatalog`):
 * tokenised and stemmed item text in an inverted index with field-weighted term frequencies
 * and document lengths (BM25F), concept → items postings, each item's tag counts (how specific
 * it is), dates as day numbers, and language groups. A query then only touches the items that
 * share a concept or a word with the context.
 */
export interface PreparedCatalog {
  items: readonly StoredItem[];
  vocabulary: Vocabulary;
  matchers: Partial<Record<VocabularyList, PhraseMatcher>>;
  /** Per list: normalised id, label or alias → concept, to resolve an item's tags. */
  resolve: Partial<Record<VocabularyList, Map<string, Concept>>>;
  /** `${list}\u0001${conceptId}` → indexes of the items tagged with it. */
  postings: Map<string, Int32Array>;
  /** Per list: how many tags each item has in it (1 industry is specific, 10 are not). */
  tagCount: Record<VocabularyList, Uint8Array>;
  /** Stemmed term → items and field-weighted term frequencies. */
  terms: Map<string, { docs: Int32Array; tf: Float32Array }>;
  docLength: Float32Array;
  avgLength: number;
  /** Days since the epoch; NaN when unknown. */
  updatedDay: Float64Array;
  /** Days since the epoch; Infinity when the item never expires. */
  expiresDay: Float64Array;
  /** Items that are one asset in several languages share a group number. */
  group: Int32Array;
  groupSize: Uint16Array;
  /** Primary language subtags of each item ("en", "de"). */
  languages: string[][];
  /**
   * Per item: bit i set when it is in `languageCodes[i]` (the first 31 languages seen). An item
   * with no language tag has the bit of the language its text is written in, when that tells.
   */
  languageBits: Int32Array;
  languageCodes: string[];
  internal: Uint8Array;
  /**
   * 1 for a product's own item: tagged with that one product, and named after it (its label or
   * an alias, as whole words) in the title, as its datasheet or demo is. Which product: the
   * item's one product tag.
   */
  ownProduct: Uint8Array;
  /** 1 for a gated item whose free version the catalog holds (`freeTwins`): the rep shares that one. */
  freeTwin: Uint8Array;
  /** Buffers reused by every query, cleared after it: fit, lists matched, touched by the query, looked at. */
  scratch: { scores: Float64Array; masks: Uint8Array; queryHit: Uint8Array; seen: Uint8Array };
  /**
   * Learned from the catalog at prepare time: stemmed word → the concepts (`conceptKey`) whose
   * items use it, with P(concept | word). Plain data, so the snapshot keeps it.
   */
  associations: Map<string, Array<[string, number]>>;
  /** Sorted terms, built on first use for prefix search while typing. */
  sortedTerms?: string[];
}

/** A title's head: what comes before its first colon, bracket, bar, dash or " - ", lowercased. */
function titleHead(title: string): string {
  let end = title.length;
  for (const mark of [':', '(', '|', '–', '—', ' - ']) {
    const at = title.indexOf(mark);
    if (at !== -1 && at < end) end = at;
  }
  return title.slice(0, end).toLowerCase().trim();
}

/**
 * Gated items whose free version the catalog holds (the benchmark and its executive summary, the
 * analyst report and its complimentary excerpt): same type and products, and a title that opens
 * with the same three words or more before its colon or bracket. Only the gated items' heads are
 * normalised; the others are looked up by theirs.
 */
export function freeTwins(items: readonly StoredItem[]): Uint8Array {
  const out = new Uint8Array(items.length);
  const rest = (item: StoredItem) => `${(item.type ?? '').toLowerCase()}\u0001${[...item.products].sort().join(',')}`;
  const gated = new Map<string, number[]>();
  items.forEach((item, doc) => {
    if (!item.gated || item.internalOnly) return;
    const head = titleHead(item.title);
    if (normalize(head).split(' ').length < 3) return;
    const list = gated.get(head);
    if (list) list.push(doc);
    else gated.set(head, [doc]);
  });
  if (gated.size === 0) return out;
  for (const item of items) {
    if (!isShareable(item)) continue;
    const docs = gated.get(titleHead(item.title));
    if (docs) for (const doc of docs) if (rest(items[doc]!) === rest(item)) out[doc] = 1;
  }
  return out;
}

/** Item field weights in the text index: a word in the title says more than one in the description. */
export const FIELD_WEIGHTS = { title: 3, keywords: 2, description: 1 } as const;

export const listField: Record<VocabularyList, (item: StoredItem) => readonly string[]> = {
  products: (item) => item.products,
  industries: (item) => item.industries,
  personas: (item) => item.personas,
  stages: (item) => item.stages,
  types: (item) => (item.type ? [item.type] : []),
  regions: (item) => item.regions,
  competitors: (item) => item.competitors,
  companySizes: (item) => item.companySizes,
};

export const conceptKey = (list: VocabularyList, id: string) => `${list}\u0001${id}`;

const DAY = 86_400_000;

export function dayNumber(iso: string | null | undefined): number {
  if (!iso) return Number.NaN;
  return Math.floor(Date.parse(iso.slice(0, 10)) / DAY);
}

/** Language suffixes that mark one asset's versions: `guide-en`, `guide_de`, `guide.fr-CA`. */
const LANGUAGE_SUFFIX = /[-_.]([a-z]{2})(?:[-_][a-z]{2})?$/i;

/** The region joined on without a separator: `guide-ptbr`, `guide_enUS`. */
const JOINED_SUFFIX = /[-_.]([a-z]{4})$/i;

/** The id shared by the versions of one asset in several languages. */
export function baseId(item: Pick<StoredItem, 'id' | 'languages'>): string {
  const match = LANGUAGE_SUFFIX.exec(item.id);
  if (match) {
    const code = match[1]!.toLowerCase();
    // Only a suffix that is the item's own language (or, untagged, a common language code).
    const own = item.languages.map((l) => primaryLanguage(l));
    if (own.length > 0 ? own.includes(code) : COMMON_LANGUAGES.has(code)) return item.id.slice(0, match.index);
  }
  // Joined, only as the item's own tag written so ("pt-BR" → "ptbr"): "-demo" is no language.
  const joined = JOINED_SUFFIX.exec(item.id);
  if (joined && item.languages.some((l) => l.replace(/[-_]/g, '').toLowerCase() === joined[1]!.toLowerCase())) return item.id.slice(0, joined.index);
  return item.id;
}

const COMMON_LANGUAGES = new Set(['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'fi', 'no', 'ja', 'zh', 'ko']);

/** Resolves an item's tag to a concept of the list: by id first, then by label or alias. */
export function resolveTag(prepared: Pick<PreparedCatalog, 'resolve'>, list: VocabularyList, tag: string): Concept | undefined {
  return prepared.resolve[list]?.get(normalize(tag));
}

/**
 * Builds the inverted index. Catalogs repeat the same words and tags endlessly, so each
 * distinct token is stemmed once and gets a number; a document's term frequencies accumulate
 * in one reused array instead of a map per document (this is most of the preparation time).
 */
class TermIndexer {
  private readonly ids = new Map<string, number>();
  /** A keyword → its phrase term (-1: one word, or only stopwords). */
  private readonly phrases = new Map<string, number>();
  readonly terms: string[] = [];
  /** Every (term, document, frequency) in document order, in flat growable arrays. */
  private postTerm = new Int32Array(1 << 16);
  private postDoc = new Int32Array(1 << 16);
  private postTf = new Float32Array(1 << 16);
  private count = 0;
  /** Where each flushed document's entries start (and the next one's). */
  private docStart = new Int32Array(1024);
  private acc = new Float64Array(1024);
  private used: number[] = [];
  /** The span table (`spanId`): term id + 2 (0: empty slot), the token's hash, the token. */
  private spanIds = new Int32Array(1 << 12);
  private spanHashes = new Int32Array(1 << 12);
  private spanTokens: string[] = new Array(1 << 12);
  private spanCount = 0;

  private id(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      if (isStopword(token)) id = -1;
      else {
        const term = stem(token);
        id = token === term ? -2 : (this.ids.get(term) ?? -2);
        if (id === -2) {
          id = this.terms.length;
          this.terms.push(term);
          this.ids.set(term, id);
        }
      }
      this.ids.set(token, id);
    }
    return id;
  }

  /** Adds a field's words to the current document; returns the weighted length. */
  add(text: string | undefined, weight: number): number {
    if (!text) return 0;
    const n = text.length;
    // "W-9" is one code (text.ts): the general path joins it.
    if (hasCode(text)) return this.addTokens(normalize(text), weight);
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      // Accents, and `&` (one word in "FP&A"), take the general path.
      if (code > 127 || code === 38) return this.addTokens(normalize(text), weight);
    }
    // Plain ASCII without `&` (most catalog text) is split by a hand-written scanner: the same
    // tokens as `normalize` gives. Each token is hashed as it is scanned (case folded) and looked
    // up in an open-addressing table of the tokens seen before, compared in place: no string is
    // made for a token seen before, which is nearly every token of a large catalog.
    let length = 0;
    let start = -1;
    let hash = 0;
    for (let i = 0; i <= n; i++) {
      let code = i < n ? text.charCodeAt(i) : 32;
      if (code >= 65 && code <= 90) code += 32;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
        if (start === -1) {
          start = i;
          hash = 0x811c9dc5;
        }
        hash = Math.imul(hash ^ code, 0x01000193);
      } else if (start !== -1) {
        const id = this.spanId(text, start, i, hash);
        if (id >= 0) {
          this.count1ById(id, weight);
          length += weight;
        }
        start = -1;
      }
    }
    return length;
  }

  /** The term id of `text[start, end)` lower-cased (-1: a stopword), through the span table. */
  private spanId(text: string, start: number, end: number, hash: number): number {
    const mask = this.spanIds.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const stored = this.spanIds[slot]!;
      if (stored === 0) break;
      if (this.spanHashes[slot] === hash && sameLowered(this.spanTokens[slot]!, text, start, end)) return stored - 2;
      slot = (slot + 1) & mask;
    }
    const token = text.slice(start, end).toLowerCase();
    const id = this.id(token);
    this.spanIds[slot] = id + 2;
    this.spanHashes[slot] = hash;
    this.spanTokens[slot] = token;
    if (++this.spanCount * 2 > this.spanIds.length) this.growSpans();
    return id;
  }

  private growSpans(): void {
    const ids = this.spanIds;
    const hashes = this.spanHashes;
    const tokens = this.spanTokens;
    const size = ids.length * 2;
    this.spanIds = new Int32Array(size);
    this.spanHashes = new Int32Array(size);
    this.spanTokens = new Array(size);
    const mask = size - 1;
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] === 0) continue;
      const hash = hashes[old]!;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (this.spanIds[slot] !== 0) slot = (slot + 1) & mask;
      this.spanIds[slot] = ids[old]!;
      this.spanHashes[slot] = hash;
      this.spanTokens[slot] = tokens[old]!;
    }
  }

  /**
   * A keyword of several words also counts as one phrase term ("office 365"), outside the
   * document's length: a context that says the phrase whole says more than its words apart.
   */
  addPhrase(text: string, weight: number): void {
    let id = this.phrases.get(text);
    if (id === undefined) {
      id = -1;
      const normal = normalize(text);
      const key = normal.includes(' ') ? phraseKey(normal.split(' ')) : undefined;
      if (key) {
        id = this.ids.get(key) ?? -1;
        if (id === -1) {
          id = this.terms.length;
          this.terms.push(key);
          this.ids.set(key, id);
        }
      }
      this.phrases.set(text, id);
    }
    if (id >= 0) this.count1ById(id, weight);
  }

  private addTokens(normal: string, weight: number): number {
    let length = 0;
    if (normal === '') return 0;
    for (const token of normal.split(' ')) length += this.count1(token, weight);
    return length;
  }

  private count1(token: string, weight: number): number {
    const id = this.id(token);
    if (id < 0) return 0;
    this.count1ById(id, weight);
    return weight;
  }

  private count1ById(id: number, weight: number): void {
    if (id >= this.acc.length) {
      const grown = new Float64Array(Math.max(id + 1, this.acc.length * 2));
      grown.set(this.acc);
      this.acc = grown;
    }
    if (this.acc[id] === 0) this.used.push(id);
    this.acc[id]! += weight;
  }

  /** Closes the current document: moves its term frequencies into the postings. */
  flush(doc: number): void {
    this.docStart = grown(this.docStart, doc + 2, (k) => new Int32Array(k));
    this.docStart[doc] = this.count;
    this.docStart[doc + 1] = this.count + this.used.length;
    const need = this.count + this.used.length;
    this.postTerm = grown(this.postTerm, need, (k) => new Int32Array(k));
    this.postDoc = grown(this.postDoc, need, (k) => new Int32Array(k));
    this.postTf = grown(this.postTf, need, (k) => new Float32Array(k));
    for (const id of this.used) {
      this.postTerm[this.count] = id;
      this.postDoc[this.count] = doc;
      this.postTf[this.count++] = this.acc[id]!;
      this.acc[id] = 0;
    }
    this.used.length = 0;
  }

  /**
   * Postings by term, documents ascending: one counting sort into two shared arrays. With
   * `order` (new document → the document as flushed), documents are numbered in that order.
   */
  postings(order?: Int32Array): Map<string, { docs: Int32Array; tf: Float32Array }> {
    return drain(this.postingSteps(order));
  }

  /** `postings` in steps: it pauses (yields) every few thousand items, for `drainInSlices`. */
  *postingSteps(order?: Int32Array): Steps<Map<string, { docs: Int32Array; tf: Float32Array }>> {
    const start = new Int32Array(this.terms.length + 1);
    for (let i = 0; i < this.count; i++) start[this.postTerm[i]! + 1]!++;
    for (let t = 0; t < this.terms.length; t++) start[t + 1]! += start[t]!;
    const fill = start.slice(0, this.terms.length);
    const docs = new Int32Array(this.count);
    const tf = new Float32Array(this.count);
    if (order) {
      // Each document's entries are contiguous (one flush each): visit them in the new order.
      for (let doc = 0; doc < order.length; doc++) {
        const old = order[doc]!;
        for (let i = this.docStart[old]!, end = this.docStart[old + 1]!; i < end; i++) {
          const at = fill[this.postTerm[i]!]!++;
          docs[at] = doc;
          tf[at] = this.postTf[i]!;
        }
        if ((doc & STEP_ITEMS) === STEP_ITEMS) yield;
      }
    } else {
      for (let i = 0; i < this.count; i++) {
        const at = fill[this.postTerm[i]!]!++;
        docs[at] = this.postDoc[i]!;
        tf[at] = this.postTf[i]!;
        if ((i & STEP_POSTINGS) === STEP_POSTINGS) yield;
      }
    }
    const out = new Map<string, { docs: Int32Array; tf: Float32Array }>();
    const put = (t: number) => {
      if (start[t + 1]! > start[t]!) out.set(this.terms[t]!, { docs: docs.subarray(start[t]!, start[t + 1]!), tf: tf.subarray(start[t]!, start[t + 1]!) });
    };
    if (order) {
      // Terms in the order they first appear in the new order, as if flushed in it.
      const emitted = new Uint8Array(this.terms.length);
      for (const old of order) {
        for (let i = this.docStart[old]!, end = this.docStart[old + 1]!; i < end; i++) {
          const t = this.postTerm[i]!;
          if (emitted[t]) continue;
          emitted[t] = 1;
          put(t);
        }
      }
    } else for (let t = 0; t < this.terms.length; t++) put(t);
    return out;
  }
}

/** Whether `text[start, end)`, lower-cased (ASCII), is `token`. */
function sameLowered(token: string, text: string, start: number, end: number): boolean {
  if (token.length !== end - start) return false;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== token.charCodeAt(i - start)) return false;
  }
  return true;
}

/** Phrase matchers and tag resolution for a vocabulary: small, rebuilt wherever an index is loaded. */
export function vocabularyIndex(vocabulary: Vocabulary): Pick<PreparedCatalog, 'matchers' | 'resolve'> {
  const matchers: PreparedCatalog['matchers'] = {};
  const resolve: PreparedCatalog['resolve'] = {};
  for (const list of vocabularyLists) {
    const concepts = vocabulary[list] ?? [];
    if (concepts.length === 0) continue;
    matchers[list] = new PhraseMatcher(concepts);
    const map = new Map<string, Concept>();
    // Aliases first, so that an id or label wins over another concept's alias.
    for (const concept of concepts) for (const alias of concept.aliases) if (!map.has(normalize(alias))) map.set(normalize(alias), concept);
    for (const concept of concepts) map.set(normalize(concept.label), concept);
    for (const concept of concepts) map.set(normalize(concept.id), concept);
    resolve[list] = map;
  }
  return { matchers, resolve };
}

export function prepareCatalog(items: readonly StoredItem[], vocabulary: Vocabulary): PreparedCatalog {
  const builder = new CatalogBuilder(vocabulary, items.length);
  for (const item of items) builder.add(item);
  return builder.finish();
}

/**
 * `prepareCatalog` in slices of about `sliceMs`, awaiting `yieldEvery` between them: the same
 * index, with the thread free between slices (a service worker answers its messages): adding
 * the items (at 100,000 items about 1.5 s in Node) and finishing (0.3–0.7 s) alike.
 */
export function prepareInSlices(items: readonly StoredItem[], vocabulary: Vocabulary, yieldEvery: () => Promise<void>, sliceMs = 25): Promise<PreparedCatalog> {
  const builder = new CatalogBuilder(vocabulary, items.length);
  function* steps(): Steps<PreparedCatalog> {
    for (let i = 0; i < items.length; i++) {
      builder.add(items[i]!);
      if ((i & 63) === 63) yield;
    }
    return yield* builder.finishSteps({});
  }
  return drainInSlices(steps(), yieldEvery, sliceMs);
}

/** Work that pauses (yields nothing) where it may be interrupted, and returns its result. */
type Steps<T> = Generator<void, T, void>;
/** Pauses of `postingSteps`: every 4,096 items, or every 65,536 postings. */
const STEP_ITEMS = 4095;
const STEP_POSTINGS = 65535;

/** Runs steps to their end at once. */
function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs steps in slices of about `sliceMs`, awaiting `yieldEvery` between slices. */
async function drainInSlices<T>(steps: Steps<T>, yieldEvery: () => Promise<void>, sliceMs: number): Promise<T> {
  let sliceStart = Date.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (Date.now() - sliceStart >= sliceMs) {
      await yieldEvery();
      sliceStart = Date.now();
    }
  }
}

/** A growable typed array: doubled when full, cut to its length at the end. */
function grown<T extends Uint8Array | Int32Array | Float32Array | Float64Array>(array: T, need: number, make: (n: number) => T): T {
  if (need <= array.length) return array;
  const next = make(Math.max(need, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Prepares a catalog item by item: `prepareCatalog` feeds it a whole catalog, and a sync feeds
 * it each item as the download brings it (lib/catalog/sync.ts), so that the index of a first
 * sync is ready as soon as its items are stored. Items are indexed in the order given: the
 * order of `readItems` for the same catalog, so both give the same index.
 */
export class CatalogBuilder {
  private readonly items: StoredItem[] = [];
  private readonly matchers: PreparedCatalog['matchers'];
  private readonly resolve: PreparedCatalog['resolve'];
  private readonly indexer = new TermIndexer();
  private readonly postingLists = new Map<Concept, number[]>();
  private readonly listOf = new Map<Concept, VocabularyList>();
  private tagCount: Record<VocabularyList, Uint8Array>;
  private docLength: Float32Array;
  private updatedDay: Float64Array;
  private expiresDay: Float64Array;
  private group: Int32Array;
  private readonly languages: string[][] = [];
  /** The language an untagged item's title and description are written in, when they tell. */
  private readonly written: Array<string | undefined> = [];
  private internal: Uint8Array;
  private ownProduct: Uint8Array;
  /** Each product's names, normalised, with a space either side: matched as whole words. */
  private readonly productNames = new Map<Concept, { names: string[]; words: string[] }>();
  /** Per source: an asset's base id → its group (only sources with language versions). */
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly sizes: number[] = [];
  private total = 0;
  private readonly days = new Map<string, number>();
  private readonly languageSets = new Map<string, string[]>();
  /** Normalised tag → concept, per list: tags repeat endlessly. */
  private readonly tagConcepts: Partial<Record<VocabularyList, Map<string, Concept | null>>> = {};

  constructor(
    readonly vocabulary: Vocabulary,
    expected = 1024,
  ) {
    ({ matchers: this.matchers, resolve: this.resolve } = vocabularyIndex(vocabulary));
    const n = Math.max(16, expected);
    this.tagCount = Object.fromEntries(vocabularyLists.map((list) => [list, new Uint8Array(n)])) as Record<VocabularyList, Uint8Array>;
    this.docLength = new Float32Array(n);
    this.updatedDay = new Float64Array(n);
    this.expiresDay = new Float64Array(n);
    this.group = new Int32Array(n);
    this.internal = new Uint8Array(n);
    this.ownProduct = new Uint8Array(n);
  }

  get count(): number {
    return this.items.length;
  }

  private reserve(need: number): void {
    if (need <= this.docLength.length) return;
    const u8 = (k: number) => new Uint8Array(k);
    for (const list of vocabularyLists) this.tagCount[list] = grown(this.tagCount[list], need, u8);
    this.docLength = grown(this.docLength, need, (k) => new Float32Array(k));
    this.updatedDay = grown(this.updatedDay, need, (k) => new Float64Array(k));
    this.expiresDay = grown(this.expiresDay, need, (k) => new Float64Array(k));
    this.group = grown(this.group, need, (k) => new Int32Array(k));
    this.internal = grown(this.internal, need, u8);
    this.ownProduct = grown(this.ownProduct, need, u8);
  }

  private day(iso: string | null | undefined): number {
    if (!iso) return Number.NaN;
    let value = this.days.get(iso);
    if (value === undefined) {
      value = dayNumber(iso);
      this.days.set(iso, value);
    }
    return value;
  }

  private languagesOf(tags: readonly string[]): string[] {
    if (tags.length === 0) return NO_LANGUAGES;
    const key = tags.length === 1 ? tags[0]! : tags.join('\u0001');
    let value = this.languageSets.get(key);
    if (!value) {
      value = tags.map((l) => primaryLanguage(l)).filter((l): l is string => Boolean(l));
      this.languageSets.set(key, value);
    }
    return value;
  }

  private conceptOf(list: VocabularyList, tag: string): Concept | undefined {
    const map = this.resolve[list];
    if (!map) return undefined;
    let cache = this.tagConcepts[list];
    if (!cache) {
      cache = new Map();
      this.tagConcepts[list] = cache;
    }
    let concept = cache.get(tag);
    if (concept === undefined) {
      concept = map.get(normalize(tag)) ?? null;
      cache.set(tag, concept);
    }
    return concept ?? undefined;
  }

  private namesOf(concept: Concept): { names: string[]; words: string[] } {
    let names = this.productNames.get(concept);
    if (!names) {
      const normal = [concept.label, ...concept.aliases].map((name) => normalize(name)).filter((name) => name.length > 2);
      names = { names: normal.map((name) => ` ${name} `), words: normal.map((name) => name.split(' ')[0]!) };
      this.productNames.set(concept, names);
    }
    return names;
  }

  add(item: StoredItem): void {
    const doc = this.items.length;
    this.items.push(item);
    this.reserve(doc + 1);
    const indexer = this.indexer;
    let length = indexer.add(item.title, FIELD_WEIGHTS.title);
    for (const keyword of item.keywords) {
      length += indexer.add(keyword, FIELD_WEIGHTS.keywords);
      indexer.addPhrase(keyword, FIELD_WEIGHTS.keywords);
    }
    length += indexer.add(item.description, FIELD_WEIGHTS.description);

    for (const list of vocabularyLists) {
      const tags = listField[list](item);
      this.tagCount[list][doc] = Math.min(255, tags.length);
      for (const tag of tags) {
        const concept = this.conceptOf(list, tag);
        if (concept) {
          const docs = this.postingLists.get(concept);
          if (!docs) {
            this.postingLists.set(concept, [doc]);
            this.listOf.set(concept, list);
          } else if (docs[docs.length - 1] !== doc) docs.push(doc);
        } else if (list !== 'types') {
          // A tag that names no concept stands for itself as plain text.
          length += indexer.add(tag, FIELD_WEIGHTS.keywords);
        }
      }
    }

    if (item.products.length === 1) {
      const product = this.conceptOf('products', item.products[0]!);
      if (product) {
        const { names, words } = this.namesOf(product);
        // Most titles name no product: a cheap look for a name's first word before normalising.
        const lower = item.title.toLowerCase();
        if (words.some((word) => lower.includes(word))) {
          const title = ` ${normalize(item.title)} `;
          if (names.some((name) => title.includes(name))) this.ownProduct[doc] = 1;
        }
      }
    }

    indexer.flush(doc);
    this.docLength[doc] = length;
    this.total += length;
    this.updatedDay[doc] = this.day(item.updatedAt);
    const expires = item.expiresAt ? this.day(item.expiresAt) : Number.POSITIVE_INFINITY;
    this.expiresDay[doc] = Number.isNaN(expires) ? Number.POSITIVE_INFINITY : expires;
    this.languages.push(this.languagesOf(item.languages));
    this.written.push(item.languages.length === 0 ? detectLanguage(`${item.title}\n${item.description}`) : undefined);
    this.internal[doc] = item.internalOnly ? 1 : 0;
    this.group[doc] = this.groupOf(item);
  }

  /**
   * "guide-de" joins "guide-en" and a plain "guide": one group per base id and source. Only ids
   * that look like language versions (`mayHaveLanguage`) need the lookup; every other id is its
   * own asset unless a language version of it comes along, which finds it by its id.
   */
  private groupOf(item: StoredItem): number {
    const base = mayHaveLanguage(item.id) ? baseId(item) : item.id;
    let groups = this.groups.get(item.sourceId);
    if (!groups) {
      groups = new Map();
      this.groups.set(item.sourceId, groups);
    }
    let id = groups.get(base);
    if (id === undefined) {
      id = this.sizes.length;
      groups.set(base, id);
      this.sizes.push(0);
    }
    this.sizes[id]!++;
    return id;
  }

  /**
   * The prepared catalog. `inKeyOrder`: its items sorted by key, as `readItems` gives them (a
   * sync adds them in the catalog's order), so that ties in a ranking fall as they would on
   * the same catalog read back.
   */
  finish(options: { inKeyOrder?: boolean } = {}): PreparedCatalog {
    return drain(this.finishSteps(options));
  }

  /**
   * `finish` in slices of about `sliceMs`, awaiting `yieldEvery` between them: the same index.
   * The key sort (for `inKeyOrder`), the concepts' postings and the last step (languages and
   * groups) stay one piece each (the service worker's longest task in a 100,000-item first sync: 160 ms).
   */
  finishInSlices(options: { inKeyOrder?: boolean }, yieldEvery: () => Promise<void>, sliceMs = 25): Promise<PreparedCatalog> {
    return drainInSlices(this.finishSteps(options), yieldEvery, sliceMs);
  }

  /** `finish` as steps, for `finishInSlices` and `prepareInSlices`. */
  *finishSteps(options: { inKeyOrder?: boolean }): Steps<PreparedCatalog> {
    const n = this.items.length;
    let order: Int32Array | undefined;
    if (options.inKeyOrder && !this.items.every((item, i) => i === 0 || this.items[i - 1]!.key < item.key)) {
      // The engine's own string sort, without a comparator, is several times faster; keys are unique.
      const at = new Map<string, number>();
      const keys = this.items.map((item, i) => {
        at.set(item.key, i);
        return item.key;
      });
      order = Int32Array.from(keys.sort(), (key) => at.get(key)!);
    }
    const rank = new Int32Array(order ? n : 0);
    if (order) order.forEach((old, doc) => (rank[old] = doc));
    const permuted = <T extends Uint8Array | Int32Array | Float32Array | Float64Array>(array: T): T => {
      const out = array.slice(0, n) as T;
      if (order) for (let doc = 0; doc < n; doc++) out[doc] = array[order[doc]!]!;
      return out;
    };
    let concepts = [...this.postingLists].map(([concept, docs]) => {
      const numbers = Int32Array.from(docs);
      if (order) {
        for (let i = 0; i < numbers.length; i++) numbers[i] = rank[numbers[i]!]!;
        numbers.sort();
      }
      return { concept, numbers };
    });
    if (order) concepts = this.inFirstUse(concepts, order);
    const postings = new Map<string, Int32Array>();
    for (const { concept, numbers } of concepts) postings.set(conceptKey(this.listOf.get(concept)!, concept.id), numbers);
    yield;
    const terms = yield* this.indexer.postingSteps(order);
    const tagCount = Object.fromEntries(vocabularyLists.map((list) => [list, permuted(this.tagCount[list])])) as Record<VocabularyList, Uint8Array>;
    const associations = yield* associationSteps(n, postings, terms, tagCount);
    yield;
    const reorder = <T>(list: T[]): T[] => (order ? Array.from(order, (old) => list[old]!) : list);
    const languages = reorder(this.languages);
    const written = reorder(this.written);
    // Bits in the order the languages first appear, in the final order of the items; an untagged
    // item has the bit of the language its text is written in.
    const languageCodes: string[] = [];
    const languageBits = new Int32Array(n);
    languages.forEach((codes, doc) => {
      for (const language of codes.length === 0 && written[doc] ? [written[doc]] : codes) {
        let bit = languageCodes.indexOf(language);
        if (bit === -1 && languageCodes.length < 31) bit = languageCodes.push(language) - 1;
        if (bit !== -1) languageBits[doc]! |= 1 << bit;
      }
    });
    const items = reorder(this.items);
    yield;
    return {
      items,
      freeTwin: freeTwins(items),
      vocabulary: this.vocabulary,
      matchers: this.matchers,
      resolve: this.resolve,
      postings,
      tagCount,
      terms,
      docLength: permuted(this.docLength),
      avgLength: n > 0 ? this.total / n : 1,
      updatedDay: permuted(this.updatedDay),
      expiresDay: permuted(this.expiresDay),
      ...this.groupsIn(order),
      languages,
      languageBits,
      languageCodes,
      internal: permuted(this.internal),
      ownProduct: permuted(this.ownProduct),
      associations,
      scratch: { scores: new Float64Array(n), masks: new Uint8Array(n), queryHit: new Uint8Array(n), seen: new Uint8Array(n) },
    };
  }

  /**
   * Concepts in the order a pass over the items in `order` would first use them: by their first
   * item, then as that item names them (list by list, tag by tag).
   */
  private inFirstUse<T extends { concept: Concept; numbers: Int32Array }>(concepts: T[], order: Int32Array): T[] {
    const first = new Map(concepts.map(({ concept, numbers }) => [concept, numbers[0]!]));
    const position = new Map<Concept, number>();
    for (const doc of new Set(first.values())) {
      let k = 0;
      const item = this.items[order[doc]!]!;
      for (const list of vocabularyLists)
        for (const tag of listField[list](item)) {
          const concept = this.conceptOf(list, tag);
          if (concept && first.get(concept) === doc && !position.has(concept)) position.set(concept, k++);
        }
    }
    return concepts.sort((a, b) => a.numbers[0]! - b.numbers[0]! || position.get(a.concept)! - position.get(b.concept)!);
  }

  /** Groups numbered as a pass over the items in `order` would number them. */
  private groupsIn(order: Int32Array | undefined): Pick<PreparedCatalog, 'group' | 'groupSize'> {
    const n = this.items.length;
    if (!order) return { group: this.group.slice(0, n), groupSize: Uint16Array.from(this.sizes, (s) => Math.min(s, 65535)) };
    const renumbered = new Int32Array(this.sizes.length).fill(-1);
    const group = new Int32Array(n);
    const groupSize = new Uint16Array(this.sizes.length);
    let next = 0;
    for (let doc = 0; doc < n; doc++) {
      const old = this.group[order[doc]!]!;
      if (renumbered[old] === -1) {
        renumbered[old] = next;
        groupSize[next++] = Math.min(this.sizes[old]!, 65535);
      }
      group[doc] = renumbered[old]!;
    }
    return { group, groupSize };
  }
}

const NO_LANGUAGES: string[] = [];

/** Whether an id ends as a language version may (`LANGUAGE_SUFFIX`): a separator 3 or 6 from the end. */
function mayHaveLanguage(id: string): boolean {
  const n = id.length;
  const separator = (code: number) => code === 45 || code === 95 || code === 46;
  return (
    (n > 3 && separator(id.charCodeAt(n - 3))) ||
    (n > 5 && separator(id.charCodeAt(n - 5)) && JOINED_SUFFIX.test(id)) ||
    (n > 6 && separator(id.charCodeAt(n - 6)) && LANGUAGE_SUFFIX.test(id))
  );
}

/** Lists whose concepts a catalog's words can signal: who it is for, which industry, which product. */
const LEARNED_LISTS: readonly VocabularyList[] = ['industries', 'personas', 'products'];
/** A word must occur in this many items of a concept to say anything about it. */
const MIN_SUPPORT = 2;
/** P(concept | word) at least this, and this many times the concept's share of the catalog. */
const MIN_PRECISION = 0.5;
const MIN_LIFT = 2;

/**
 * Word → concept associations from the catalog itself: for each word held by a few items (not
 * by most), the share of those items tagged with each concept, smoothed (`count / (df + 1)`),
 * kept when it is both high and well above the concept's share of the catalog. The healthcare
 * items speak of patients and EHRs; the finance items of close and audit. Linear in the
 * postings: each item's few concepts are counted once per word it holds.
 */
export function learnAssociations(
  n: number,
  postings: ReadonlyMap<string, Int32Array>,
  terms: ReadonlyMap<string, { docs: Int32Array }>,
  tagCount?: Readonly<Record<VocabularyList, Uint8Array>>,
): Map<string, Array<[string, number]>> {
  return drain(associationSteps(n, postings, terms, tagCount));
}

/** `learnAssociations` in steps: it pauses (yields) after each term, for `drainInSlices`. */
function* associationSteps(
  n: number,
  postings: ReadonlyMap<string, Int32Array>,
  terms: ReadonlyMap<string, { docs: Int32Array }>,
  tagCount?: Readonly<Record<VocabularyList, Uint8Array>>,
): Steps<Map<string, Array<[string, number]>>> {
  const out = new Map<string, Array<[string, number]>>();
  if (n < 20) return out;
  const keys: string[] = [];
  const prior: number[] = [];
  const lists: Array<[VocabularyList, Int32Array]> = [];
  for (const [key, docs] of postings) {
    const list = key.slice(0, key.indexOf('\u0001')) as VocabularyList;
    if (!LEARNED_LISTS.includes(list) || docs.length < MIN_SUPPORT) continue;
    // A concept most of the catalog is about tells nothing: counted by the items' shares, as an
    // item ticked with every industry is a fifth of each of five (the deck), not one of each.
    let mass = 0;
    for (const doc of docs) mass += 1 / Math.max(1, tagCount?.[list][doc] ?? 1);
    if (mass > n / 2) continue;
    keys.push(key);
    lists.push([list, docs]);
    prior.push(mass / n);
  }
  if (keys.length === 0) return out;
  // Each item's concepts in flat arrays (item → [start, end) of concept ids and shares).
  const start = new Int32Array(n + 1);
  for (const [, docs] of lists) for (const doc of docs) start[doc + 1]!++;
  for (let doc = 0; doc < n; doc++) start[doc + 1]! += start[doc]!;
  const fill = start.slice(0, n);
  const tagId = new Int32Array(start[n]!);
  const tagShare = new Float32Array(start[n]!);
  lists.forEach(([list, docs], id) => {
    for (const doc of docs) {
      // An item tagged with every product says little about any one of them.
      const at = fill[doc]!++;
      tagId[at] = id;
      tagShare[at] = 1 / Math.max(1, tagCount?.[list][doc] ?? 1);
    }
  });
  const counts = new Float64Array(keys.length);
  const support = new Int32Array(keys.length);
  const used: number[] = [];
  const maxDf = Math.max(MIN_SUPPORT * 4, n / 5);
  for (const [term, { docs }] of terms) {
    if (docs.length < MIN_SUPPORT || docs.length > maxDf || /^\d+$/.test(term) || isPhrase(term)) continue;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      for (let k = start[doc]!, end = start[doc + 1]!; k < end; k++) {
        const id = tagId[k]!;
        if (support[id] === 0) used.push(id);
        support[id]!++;
        counts[id]! += tagShare[k]!;
      }
    }
    let kept: Array<[string, number]> | undefined;
    for (const id of used) {
      const count = counts[id]!;
      const items = support[id]!;
      counts[id] = 0;
      support[id] = 0;
      if (items < MIN_SUPPORT) continue;
      const precision = count / (docs.length + 1);
      if (precision < MIN_PRECISION || precision < MIN_LIFT * prior[id]!) continue;
      kept ??= [];
      kept.push([keys[id]!, Math.round(precision * 1000) / 1000]);
    }
    used.length = 0;
    if (kept) out.set(term, kept);
    yield;
  }
  return out;
}

/** Indexed terms starting with `prefix`, most frequent first (for the word being typed). */
export function termsWithPrefix(prepared: PreparedCatalog, prefix: string, max = 20): string[] {
  prepared.sortedTerms ??= [...prepared.terms.keys()].sort();
  const sorted = prepared.sortedTerms;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) if (!isPhrase(sorted[i]!)) out.push(sorted[i]!);
  return out.sort((a, b) => prepared.terms.get(b)!.docs.length - prepared.terms.get(a)!.docs.length).slice(0, max);
}
