import { vocabularyLists, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { StoredItem } from '../db/database';
import { vocabularyIndex, type PreparedCatalog } from './prepare';

/**
 * The prepared catalog as one IndexedDB record, so a panel opens without reading every item
 * row and tokenising it again: the items as one JSON string (one string clones and parses far
 * faster than thousands of objects) and the index as flat typed arrays (cloned as bytes).
 * The JSON comes in chunks so a large catalog is parsed in tasks short enough that the panel
 * keeps answering the rep meanwhile.
 * It is a cache: derived from the items, stamped with the sources it was made from, and
 * rebuilt from the items whenever the stamp does not match.
 */
export interface CatalogSnapshot {
  format: 2;
  /** The items as JSON, a few thousand a string: parsed one at a time, between other work. */
  itemChunks: string[];
  languagesJson: string;
  /** Word → concept associations learned at prepare time (prepare.ts), as JSON entries. */
  associationsJson: string;
  avgLength: number;
  terms: string[];
  termStart: Int32Array;
  termDocs: Int32Array;
  termTf: Float32Array;
  conceptKeys: string[];
  conceptStart: Int32Array;
  conceptDocs: Int32Array;
  tagCount: Record<VocabularyList, Uint8Array>;
  docLength: Float32Array;
  updatedDay: Float64Array;
  expiresDay: Float64Array;
  group: Int32Array;
  groupSize: Uint16Array;
  languageBits: Int32Array;
  languageCodes: string[];
  internal: Uint8Array;
}

/** Packs a map of keys to integer lists into keys, offsets and one flat array. */
function pack<T extends Int32Array | Float32Array>(lists: Array<[string, T]>, make: (n: number) => T): { keys: string[]; start: Int32Array; flat: T } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach(([, values], i) => (start[i + 1] = start[i]! + values.length));
  const flat = make(start[lists.length]!);
  lists.forEach(([, values], i) => flat.set(values, start[i]!));
  return { keys: lists.map(([key]) => key), start, flat };
}

/** Items a JSON chunk holds: about 20 ms of parsing each on a slow laptop. */
const CHUNK = 2000;

export function toSnapshot(index: PreparedCatalog): CatalogSnapshot {
  const termEntries = [...index.terms];
  const docs = pack(termEntries.map(([term, posting]) => [term, posting.docs] as [string, Int32Array]), (n) => new Int32Array(n));
  const tf = pack(termEntries.map(([term, posting]) => [term, posting.tf] as [string, Float32Array]), (n) => new Float32Array(n));
  const concepts = pack([...index.postings], (n) => new Int32Array(n));
  return {
    format: 2,
    itemChunks: Array.from({ length: Math.ceil(index.items.length / CHUNK) }, (_, i) => JSON.stringify(index.items.slice(i * CHUNK, (i + 1) * CHUNK))),
    languagesJson: JSON.stringify(index.languages),
    associationsJson: JSON.stringify([...index.associations]),
    avgLength: index.avgLength,
    terms: docs.keys,
    termStart: docs.start,
    termDocs: docs.flat,
    termTf: tf.flat,
    conceptKeys: concepts.keys,
    conceptStart: concepts.start,
    conceptDocs: concepts.flat,
    tagCount: index.tagCount,
    docLength: index.docLength,
    updatedDay: index.updatedDay,
    expiresDay: index.expiresDay,
    group: index.group,
    groupSize: index.groupSize,
    languageBits: index.languageBits,
    languageCodes: index.languageCodes,
    internal: index.internal,
  };
}

/**
 * The prepared catalog back from a snapshot; rejects one that is not of this format.
 * `pause` runs between chunks of items (the panel yields to its event loop there).
 */
export async function fromSnapshot(
  snapshot: CatalogSnapshot,
  vocabulary: Vocabulary,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<PreparedCatalog> {
  if (snapshot?.format !== 2) throw new Error('not a catalog snapshot of format 2');
  // A snapshot written before the matcher learned associations: rebuilt from the items.
  if (typeof snapshot.associationsJson !== 'string') throw new Error('catalog snapshot without learned associations');
  const items: StoredItem[] = [];
  for (const chunk of snapshot.itemChunks) {
    for (const item of JSON.parse(chunk) as StoredItem[]) items.push(item);
    if (snapshot.itemChunks.length > 1) await pause();
  }
  const n = items.length;
  const sized = [snapshot.docLength, snapshot.updatedDay, snapshot.expiresDay, snapshot.group, snapshot.languageBits, snapshot.internal];
  if (sized.some((array) => array.length !== n) || vocabularyLists.some((list) => snapshot.tagCount[list]?.length !== n)) {
    throw new Error('catalog snapshot does not match its items');
  }
  const terms = new Map<string, { docs: Int32Array; tf: Float32Array }>();
  snapshot.terms.forEach((term, i) => {
    const [from, to] = [snapshot.termStart[i]!, snapshot.termStart[i + 1]!];
    terms.set(term, { docs: snapshot.termDocs.subarray(from, to), tf: snapshot.termTf.subarray(from, to) });
  });
  const postings = new Map<string, Int32Array>();
  snapshot.conceptKeys.forEach((key, i) => postings.set(key, snapshot.conceptDocs.subarray(snapshot.conceptStart[i]!, snapshot.conceptStart[i + 1]!)));
  return {
    items,
    vocabulary,
    ...vocabularyIndex(vocabulary),
    postings,
    tagCount: snapshot.tagCount,
    terms,
    docLength: snapshot.docLength,
    avgLength: snapshot.avgLength,
    updatedDay: snapshot.updatedDay,
    expiresDay: snapshot.expiresDay,
    group: snapshot.group,
    groupSize: snapshot.groupSize,
    languages: JSON.parse(snapshot.languagesJson) as string[][],
    languageBits: snapshot.languageBits,
    languageCodes: snapshot.languageCodes,
    internal: snapshot.internal,
    associations: new Map(JSON.parse(snapshot.associationsJson) as Array<[string, Array<[string, number]>]>),
    scratch: { scores: new Float64Array(n), masks: new Uint8Array(n), queryHit: new Uint8Array(n), seen: new Uint8Array(n) },
  };
}
