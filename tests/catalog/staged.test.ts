import { describe, expect, it } from 'vitest';
import { cacheStaging, MAX_STAGED_BYTES, STAGED_CACHE } from '@/lib/catalog/staged';
import { fakeCaches } from '../setup/fake-caches';

const file = (name: string, text: string, type = 'application/json') => new File([text], name, { type });

describe('staged copies of imported files', () => {
  it('keeps a file under its source id and gives it back whole, with its name and type, until removed', async () => {
    const staging = cacheStaging(fakeCaches(), () => 42);
    expect(await staging.put('file:Katalog Größe.csv', file('Katalog Größe.csv', 'id,title,url\n1,Eins,https://a.example/1\n', 'text/csv'))).toBe(true);
    const back = await staging.get('file:Katalog Größe.csv');
    expect(back?.name).toBe('Katalog Größe.csv');
    expect(back?.type).toBe('text/csv');
    expect(await back?.text()).toBe('id,title,url\n1,Eins,https://a.example/1\n');
    expect(await staging.list()).toEqual([{ sourceId: 'file:Katalog Größe.csv', stagedAt: 42 }]);
    await staging.remove('file:Katalog Größe.csv');
    expect(await staging.get('file:Katalog Größe.csv')).toBeUndefined();
    expect(await staging.list()).toEqual([]);
  });

  it('holds one copy per source: the same name staged again replaces it', async () => {
    const caches = fakeCaches();
    const staging = cacheStaging(caches);
    await staging.put('file:c.json', file('c.json', 'first'));
    await staging.put('file:c.json', file('c.json', 'second, longer'));
    expect(caches.buckets.get(STAGED_CACHE)?.size).toBe(1);
    expect(await (await staging.get('file:c.json'))?.text()).toBe('second, longer');
  });

  it('does not stage a file above the bound, nor one the quota refuses, and leaves nothing behind', async () => {
    const caches = fakeCaches(10);
    const staging = cacheStaging(caches);
    // A File reporting more bytes than the bound (a real one would take 256 MB of test memory).
    const huge = Object.defineProperty(file('huge.json', 'x'), 'size', { value: MAX_STAGED_BYTES + 1 });
    expect(await staging.put('file:huge.json', huge)).toBe(false);
    expect(await staging.put('file:c.json', file('c.json', 'more than ten bytes'))).toBe(false);
    expect(await staging.list()).toEqual([]);
    expect(await cacheStaging(undefined).put('file:c.json', file('c.json', 'x'))).toBe(false);
  });

  it('takes a copy whose body lost bytes for no copy', async () => {
    const caches = fakeCaches();
    const staging = cacheStaging(caches);
    await staging.put('file:c.json', file('c.json', 'whole text'));
    const entry = caches.buckets.get(STAGED_CACHE)!.values().next().value!;
    entry.body = new Blob(['whole']);
    expect(await staging.get('file:c.json')).toBeUndefined();
  });
});
