/**
 * An in-memory Cache Storage that behaves: put() reads the Response's body (and fails with a
 * QuotaExceededError past `quota` bytes, as a full origin does), match() answers a fresh
 * Response each time, delete() and keys() see what put() stored. Not a setup file: tests that
 * stage files pass it to cacheStaging().
 */
export function fakeCaches(quota = Number.POSITIVE_INFINITY) {
  const buckets = new Map<string, Map<string, { body: Blob; headers: Headers }>>();
  const urlOf = (request: RequestInfo | URL) => (typeof request === 'string' ? request : request instanceof URL ? request.href : request.url);
  const used = () => [...buckets.values()].flatMap((bucket) => [...bucket.values()]).reduce((sum, entry) => sum + entry.body.size, 0);
  return {
    buckets,
    async open(name: string) {
      const entries = buckets.get(name) ?? new Map<string, { body: Blob; headers: Headers }>();
      buckets.set(name, entries);
      return {
        async put(request: RequestInfo | URL, response: Response) {
          const url = urlOf(request);
          if (!/^https?:/.test(url)) throw new TypeError('Request scheme must be http or https');
          const body = await response.blob();
          if (used() - (entries.get(url)?.body.size ?? 0) + body.size > quota) throw new DOMException('Quota exceeded', 'QuotaExceededError');
          entries.set(url, { body, headers: new Headers(response.headers) });
        },
        async match(request: RequestInfo | URL) {
          const entry = entries.get(urlOf(request));
          return entry ? new Response(entry.body, { headers: entry.headers }) : undefined;
        },
        async delete(request: RequestInfo | URL) {
          return entries.delete(urlOf(request));
        },
        async keys() {
          return [...entries.keys()].map((url) => new Request(url));
        },
      } as unknown as Cache;
    },
  };
}
