/**
 * The catalog's shapes as the rest of Pitchside sees them once validated
 * (../shared/spec/catalog-format.md, version 1). The zod schema that checks input against the
 * spec lives in ./schema.ts; these are the normalised results.
 */

export const vocabularyLists = ['products', 'industries', 'personas', 'stages', 'types', 'regions', 'competitors', 'companySizes'] as const;

export type VocabularyList = (typeof vocabularyLists)[number];

export interface Concept {
  id: string;
  label: string;
  aliases: string[];
}

export type Vocabulary = Partial<Record<VocabularyList, Concept[]>>;

/** Item fields that hold lists of vocabulary ids (or free text). */
export const itemTagFields = ['industries', 'personas', 'products', 'stages', 'regions', 'languages', 'competitors', 'companySizes'] as const;

export type ItemTagField = (typeof itemTagFields)[number];

export interface CatalogItem {
  id: string;
  title: string;
  url: string;
  type?: string;
  gated: boolean;
  internalOnly: boolean;
  description?: string;
  keywords: string[];
  industries: string[];
  personas: string[];
  products: string[];
  stages: string[];
  regions: string[];
  languages: string[];
  competitors: string[];
  companySizes: string[];
  /** ISO date (YYYY-MM-DD) */
  updatedAt?: string;
  /** ISO date (YYYY-MM-DD); after it the item is never suggested. */
  expiresAt?: string | null;
}

export interface Catalog {
  version: 1;
  publisher?: string;
  generatedAt?: string;
  vocabulary: Vocabulary;
  items: CatalogItem[];
}

/** True when a rep may send the item to a prospect in one click. */
export function isShareable(item: Pick<CatalogItem, 'gated' | 'internalOnly'>): boolean {
  return !item.gated && !item.internalOnly;
}

/** Hosts where http: is allowed (this machine). Here, not in ./schema.ts, so pages that need only this do not load zod. */
export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
