/**
 * Everything of the panel that reads or writes IndexedDB or ranks: Dexie, the matcher's entry,
 * the rep's records and events, the settings. Loaded once, right after the first paint
 * (`panelData` in ./lazy.ts), so the panel's first script holds only the frame, the prospect and
 * the words: Dexie alone is about half of what the panel loads.
 */
export { liveQuery } from 'dexie';
export { db } from '@/lib/db/database';
export { itemsByKey } from '@/lib/db/items';
export { loadCatalog, newestItems, onCatalogReplaced, suggest } from '@/lib/match';
export { adjustmentsFor, allVotes, loadHistory, mostShared, recordImpressions, recordShare, saveEdit, undoVote, vote } from '@/lib/records';
export { getSettings } from '@/lib/settings';
