import type { Vocabulary } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { vocabularyIndex, type PreparedCatalog } from './prepare';

/**
 * The prepared catalog as one IndexedDB record, so a panel opens without reading every item
 * row and tokenising it again. It is a cache: derived from the items, stamped with the sources
 * it was made from, rebuilt whenever the stamp does not match.
 *
 * Generic: every field of PreparedCatalog is written by its shape, not by its name, so a field
 * the matcher adds later (plain data, typed arrays, maps of them) is kept without a change here.
 * - typed arrays as they are (IndexedDB clones them as bytes);
 * - a Map of typed arrays (or of records of typed arrays) as its keys, offsets and one flat
 *   array per field: millions of numbers in a few buffers instead of thousands of objects;
 * - `scratch` (buffers every query reuses, cleared after it) as the shape only;
 * - what the vocabulary gives (vocabularyIndex) and `items` not at all: the former is rebuilt
 *   from the sources, the latter kept as each item's JSON, a few thousand items a string.
 * - anything else as JSON.
 *
 * Items are parsed when first read, one by one (`lazyItems`): the ranker reads the few
 * hundred items its index points at, so the first suggestions do not wait for 100,000 items
 * to be parsed. The rest are parsed in idle moments afterwards (`warmItems`).
 */
/**
 * 4: keywords of several words are indexed as phrase terms too (a format-3 snapshot lacks them, so it is rebuilt).
 * 6: language versions whose id joins the region on ("-ptbr") are one asset's (their groups differ in a format-5 one).
 * 7: Chinese, Japanese and Korean text indexed as pairs of characters, voiced kana kept whole (text.ts).
 * 8: gated items' free twins found at prepare time, an untagged item's language read from its text.
 * 9: German plurals in -ern and -ungen stemmed, more function words left out of the index (text.ts).
 * 10: associations learned for a concept most items carry broadly (a deck ticked with every industry).
 * 11: the German articles "einen" and "einem" left out of the index.
 */
export const SNAPSHOT_FORMAT = 11;

type Typed = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
const typedKinds = { Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type TypedKind = keyof typeof typedKinds;

type Encoded =
  | { $: 'typed-map'; keys: string[]; start: Int32Array; flat: Typed }
  | { $: 'record-map'; keys: string[]; fields: Record<string, { start: Int32Array; flat: Typed }> }
  | { $: 'object'; fields: Record<string, unknown> }
  | { $: 'scratch'; shapes: Array<[string, TypedKind, number]> }
  | { $: 'json'; json: string };

export interface CatalogSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  count: number;
  /** Items' JSON, concatenated, CHUNK items a string; `itemStart` holds each item's offset in its string. */
  itemChunks: string[];
  itemStart: Int32Array;
  fields: Record<string, unknown>;
  /** Fields that held one entry an item when written: checked again when read. */
  perItem: string[];
}

/** Items a JSON string holds. */
const CHUNK = 2000;

const isTyped = (value: unknown): value is Typed => ArrayBuffer.isView(value) && !(value instanceof DataView);
const isPlain = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
const isPrimitive = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

function kindOf(value: Typed): TypedKind {
  return value.constructor.name as TypedKind;
}

function concat(kind: TypedKind, parts: Typed[]): { start: Int32Array; flat: Typed } {
  const start = new Int32Array(parts.length + 1);
  parts.forEach((part, i) => (start[i + 1] = start[i]! + part.length));
  const flat = new typedKinds[kind](start[parts.length]!);
  parts.forEach((part, i) => flat.set(part as never, start[i]!));
  return { start, flat };
}

function encode(key: string, value: unknown): unknown {
  if (isTyped(value) || isPrimitive(value) || value === undefined) return value;
  if (key === 'scratch' && isPlain(value) && Object.values(value).every(isTyped)) {
    return { $: 'scratch', shapes: Object.entries(value).map(([name, array]) => [name, kindOf(array as Typed), (array as Typed).length]) } satisfies Encoded;
  }
  if (value instanceof Map) {
    const keys = [...value.keys()].map(String);
    const values = [...value.values()];
    if (values.length && values.every(isTyped) && new Set(values.map((v) => kindOf(v as Typed))).size === 1) {
      const { start, flat } = concat(kindOf(values[0] as Typed), values as Typed[]);
      return { $: 'typed-map', keys, start, flat } satisfies Encoded;
    }
    if (values.length && values.every((v) => isPlain(v) && Object.values(v).every(isTyped))) {
      const names = Object.keys(values[0] as object);
      const sameShape = values.every((v) => Object.keys(v as object).join() === names.join());
      if (sameShape) {
        const fields = Object.fromEntries(
          names.map((name) => {
            const column = values.map((v) => (v as Record<string, Typed>)[name]!);
            return [name, concat(kindOf(column[0]!), column)];
          }),
        );
        return { $: 'record-map', keys, fields } satisfies Encoded;
      }
    }
    if (keys.length === 0 && value.size === 0) return { $: 'typed-map', keys, start: new Int32Array(1), flat: new Int32Array(0) } satisfies Encoded;
  }
  if (Array.isArray(value) && value.every(isPrimitive)) return value;
  if (isPlain(value) && Object.values(value).every((v) => isTyped(v) || isPrimitive(v))) {
    return { $: 'object', fields: { ...value } } satisfies Encoded;
  }
  return { $: 'json', json: JSON.stringify(value instanceof Map ? { $map: [...value] } : value) } satisfies Encoded;
}

function decode(value: unknown): unknown {
  if (!isPlain(value) || typeof value.$ !== 'string') return value;
  const encoded = value as Encoded;
  switch (encoded.$) {
    case 'typed-map': {
      const map = new Map<string, Typed>();
      encoded.keys.forEach((key, i) => map.set(key, encoded.flat.subarray(encoded.start[i]!, encoded.start[i + 1]!)));
      return map;
    }
    case 'record-map': {
      const map = new Map<string, Record<string, Typed>>();
      const names = Object.keys(encoded.fields);
      encoded.keys.forEach((key, i) => {
        const record: Record<string, Typed> = {};
        for (const name of names) {
          const { start, flat } = encoded.fields[name]!;
          record[name] = flat.subarray(start[i]!, start[i + 1]!);
        }
        map.set(key, record);
      });
      return map;
    }
    case 'object':
      return { ...encoded.fields };
    case 'scratch':
      return Object.fromEntries(encoded.shapes.map(([name, kind, length]) => [name, new typedKinds[kind](length)]));
    case 'json': {
      const parsed = JSON.parse(encoded.json) as unknown;
      return isPlain(parsed) && Array.isArray(parsed.$map) ? new Map(parsed.$map as Array<[unknown, unknown]>) : parsed;
    }
  }
}

/** Fields not written: the items (kept as JSON) and what vocabularyIndex rebuilds from the vocabulary. */
const derived = new Set(['items', 'vocabulary', ...Object.keys(vocabularyIndex({}))]);

export function toSnapshot(index: PreparedCatalog): CatalogSnapshot {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(index)) {
    if (derived.has(key) || value === undefined || typeof value === 'function') continue;
    fields[key] = encode(key, value);
  }
  const n = index.items.length;
  const itemStart = new Int32Array(n + 1);
  const itemChunks: string[] = [];
  for (let from = 0; from < n; from += CHUNK) {
    let text = '';
    for (let i = from; i < Math.min(n, from + CHUNK); i++) {
      itemStart[i] = text.length;
      text += JSON.stringify(index.items[i]);
    }
    itemStart[Math.min(n, from + CHUNK)] = text.length;
    itemChunks.push(text);
  }
  const perItem = Object.keys(fields).filter((key) => isTyped(fields[key]) && (fields[key] as Typed).length === n);
  return { format: SNAPSHOT_FORMAT, count: n, itemChunks, itemStart, fields, perItem };
}

/**
 * An array of the snapshot's items that parses each one when first read. A Proxy over a holey
 * array: indexes, length, iteration and the array methods all work, and `in` says true for every
 * index (forEach and map skip holes otherwise).
 */
export function lazyItems(snapshot: Pick<CatalogSnapshot, 'count' | 'itemChunks' | 'itemStart'>): StoredItem[] {
  const n = snapshot.count;
  const cache = new Array<StoredItem | undefined>(n);
  const parse = (i: number): StoredItem => {
    const chunk = snapshot.itemChunks[Math.floor(i / CHUNK)]!;
    const end = (i + 1) % CHUNK === 0 || i + 1 === n ? chunk.length : snapshot.itemStart[i + 1]!;
    return JSON.parse(chunk.slice(snapshot.itemStart[i]!, end)) as StoredItem;
  };
  const indexOf = (prop: string | symbol): number => {
    if (typeof prop !== 'string') return -1;
    const c = prop.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(prop);
    return Number.isInteger(i) && i < n ? i : -1;
  };
  return new Proxy(cache, {
    get(target, prop, receiver) {
      const i = indexOf(prop);
      if (i >= 0) {
        target[i] ??= parse(i);
        return target[i];
      }
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      return indexOf(prop) >= 0 || Reflect.has(target, prop);
    },
  }) as StoredItem[];
}

/** Parses every item of a lazy array in slices of `budgetMs`, between other work. */
export async function warmItems(items: readonly StoredItem[], pause: () => Promise<void>, budgetMs = 8): Promise<void> {
  let since = performance.now();
  for (let i = 0; i < items.length; i++) {
    void items[i];
    if ((i & 127) === 0 && performance.now() - since > budgetMs) {
      await pause();
      since = performance.now();
    }
  }
}

/** The prepared catalog back from a snapshot; rejects one that is not of this format or does not fit. */
export async function fromSnapshot(
  snapshot: CatalogSnapshot,
  vocabulary: Vocabulary,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<PreparedCatalog> {
  if (snapshot?.format !== SNAPSHOT_FORMAT) throw new Error(`not a catalog snapshot of format ${SNAPSHOT_FORMAT}`);
  const n = snapshot.count;
  if (snapshot.itemStart.length !== n + 1 || snapshot.itemChunks.length !== Math.ceil(n / CHUNK)) throw new Error('catalog snapshot does not match its items');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshot.fields)) fields[key] = decode(value);
  // Per-item arrays must still have one entry an item: a snapshot cut short is rejected, not trusted.
  if ((snapshot.perItem ?? []).some((key) => (snapshot.fields[key] as Typed | undefined)?.length !== n))
    throw new Error('catalog snapshot does not match its items');
  await pause();
  return { ...fields, vocabulary, ...vocabularyIndex(vocabulary), items: lazyItems(snapshot) } as unknown as PreparedCatalog;
}
