/**
 * A copy of an imported file kept while its import runs, so that an import cut off by a closed
 * options page can be done again without the rep picking the file again. The File the page got
 * from the file picker dies with the page; this copy does not.
 *
 * Kept in the Cache Storage API rather than OPFS or IndexedDB:
 * - no database schema change, and no IndexedDB transaction beside the catalog's own;
 * - `caches` is exposed to windows and service workers alike
 *   (https://developer.mozilla.org/en-US/docs/Web/API/CacheStorage), and both share the
 *   extension's origin, so the page stores the copy and the background worker reads it back;
 *   OPFS writes from a window need `createWritable()`, which Firefox shipped only in 111 and
 *   Safari not at all (https://developer.mozilla.org/en-US/docs/Web/API/FileSystemFileHandle/createWritable);
 * - `cache.put()` takes a Response built from the Blob and streams it to disk: a large file is
 *   never held whole in memory (https://w3c.github.io/ServiceWorker/#cache-put).
 *
 * Cache keys must be http(s) URLs, so each copy sits under a synthetic https URL keyed by the
 * source id (the .invalid top-level domain never resolves: RFC 2606). The file's name, type and
 * size travel in headers; a copy whose body does not have the size it was stored with is taken
 * for lost.
 */

/** The Cache Storage bucket of staged files. */
export const STAGED_CACHE = 'pitchside-staged';

/**
 * The largest file staged. A catalog is bounded by its entries (MAX_CATALOG_ITEMS, 250,000),
 * which at a generous 1 KB each is about 256 MB; a file larger than that is not copied (its
 * import would most likely be refused), so the disk never holds a second copy of it.
 */
export const MAX_STAGED_BYTES = 256 * 1024 * 1024;

const base = 'https://staged.pitchside.invalid/';
const keyOf = (sourceId: string) => `${base}${encodeURIComponent(sourceId)}`;

/** The parts of `CacheStorage` used here (tests pass an in-memory one). */
export type CacheStorageLike = Pick<CacheStorage, 'open'>;

export interface StagedFiles {
  /** Keeps a copy of `file` for the source; answers false when it could not (too large, quota, no Cache API). */
  put(sourceId: string, file: Blob & { name: string }): Promise<boolean>;
  /** The staged copy as a File, or undefined when there is none (or it is damaged). */
  get(sourceId: string): Promise<File | undefined>;
  remove(sourceId: string): Promise<void>;
  /** Source ids with a staged copy, and when each was staged. */
  list(): Promise<Array<{ sourceId: string; stagedAt: number }>>;
}

const encodeHeader = (text: string) => encodeURIComponent(text);
const decodeHeader = (text: string | null) => {
  try {
    return text === null ? undefined : decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

export function cacheStaging(storage: CacheStorageLike | undefined = globalThis.caches, now: () => number = Date.now): StagedFiles {
  const open = () => {
    if (!storage) throw new Error('Cache Storage is not available here');
    return storage.open(STAGED_CACHE);
  };
  const remove = async (sourceId: string) => {
    if (!storage) return;
    try {
      await (await open()).delete(keyOf(sourceId));
    } catch {
      // Nothing to remove, or no Cache Storage: nothing is left either way.
    }
  };
  return {
    remove,
    async put(sourceId, file) {
      if (!storage || file.size > MAX_STAGED_BYTES) return false;
      try {
        const cache = await open();
        // One copy per source: a new import of the same name replaces the earlier copy.
        await cache.put(
          keyOf(sourceId),
          new Response(file, {
            headers: {
              'Content-Type': 'application/octet-stream',
              // Header values are bytes: a file name in any script is kept percent-encoded.
              'X-Pitchside-Name': encodeHeader(file.name),
              'X-Pitchside-Type': encodeHeader(file.type ?? ''),
              'X-Pitchside-Size': String(file.size),
              'X-Pitchside-Staged-At': String(now()),
            },
          }),
        );
        return true;
      } catch {
        // QuotaExceededError, or a context without Cache Storage: the import runs as before,
        // it just cannot be redone. A partial copy is not left behind.
        await remove(sourceId);
        return false;
      }
    },
    async get(sourceId) {
      if (!storage) return undefined;
      try {
        const response = await (await open()).match(keyOf(sourceId));
        if (!response) return undefined;
        const name = decodeHeader(response.headers.get('X-Pitchside-Name'));
        const size = Number(response.headers.get('X-Pitchside-Size'));
        const blob = await response.blob();
        if (name === undefined || blob.size !== size) return undefined;
        return new File([blob], name, { type: decodeHeader(response.headers.get('X-Pitchside-Type')) ?? '' });
      } catch {
        return undefined;
      }
    },
    async list() {
      if (!storage) return [];
      try {
        const cache = await open();
        const staged: Array<{ sourceId: string; stagedAt: number }> = [];
        for (const request of await cache.keys()) {
          if (!request.url.startsWith(base)) continue;
          const response = await cache.match(request);
          const sourceId = decodeHeader(request.url.slice(base.length));
          if (sourceId !== undefined) staged.push({ sourceId, stagedAt: Number(response?.headers.get('X-Pitchside-Staged-At')) || 0 });
        }
        return staged;
      } catch {
        return [];
      }
    },
  };
}
