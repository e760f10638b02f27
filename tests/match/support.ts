import type { CatalogItem } from '../../lib/catalog/types';
import type { StoredItem } from '../../lib/db/database';

/** A stored item of source `s` with every list empty: tests give only the fields they mean. */
export function storedItem(id: string, fields: Partial<CatalogItem> = {}): StoredItem {
  return {
    id,
    title: id,
    url: `https://vendor.example/${id}`,
    gated: false,
    internalOnly: false,
    keywords: [],
    industries: [],
    personas: [],
    products: [],
    stages: [],
    regions: [],
    languages: [],
    competitors: [],
    companySizes: [],
    ...fields,
    key: `s\u001f${id}`,
    sourceId: 's',
  };
}
