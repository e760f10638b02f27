/**
 * Free room for this extension's storage, as the browser reports it. With unlimitedStorage
 * there is no quota to meet, but the disk can still fill: Chromium then reports a quota equal
 * to the usage (navigator.storage.estimate(), https://developer.mozilla.org/docs/Web/API/StorageManager/estimate),
 * and a service worker writing a catalog is stopped mid-write.
 */

/** Below this much free room, a failed or interrupted write is put down to a full disk. */
export const LOW_SPACE_BYTES = 64 * 1024 * 1024;

/** The bytes still free when that is below LOW_SPACE_BYTES; null when there is room or the browser cannot tell. */
export async function lowStorageSpace(storage: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage): Promise<number | null> {
  try {
    const estimate = await storage?.estimate();
    if (!estimate || typeof estimate.quota !== 'number' || typeof estimate.usage !== 'number') return null;
    const free = Math.max(0, estimate.quota - estimate.usage);
    return free < LOW_SPACE_BYTES ? free : null;
  } catch {
    return null;
  }
}
