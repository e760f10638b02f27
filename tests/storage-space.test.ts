import { describe, expect, it } from 'vitest';
import { LOW_SPACE_BYTES, lowStorageSpace } from '@/lib/storage-space';

const storage = (estimate: () => Promise<StorageEstimate>) => ({ estimate });

describe('lowStorageSpace', () => {
  it('reports the free bytes when the disk is nearly full (Chromium: quota = usage)', async () => {
    expect(await lowStorageSpace(storage(async () => ({ quota: 2_751_449, usage: 2_751_449 })))).toBe(0);
    expect(await lowStorageSpace(storage(async () => ({ quota: 10_000_000, usage: 9_000_000 })))).toBe(1_000_000);
  });

  it('says nothing when there is room, or when the browser cannot tell', async () => {
    expect(await lowStorageSpace(storage(async () => ({ quota: LOW_SPACE_BYTES * 10, usage: 1 })))).toBeNull();
    expect(await lowStorageSpace(storage(async () => ({})))).toBeNull();
    expect(await lowStorageSpace(storage(() => Promise.reject(new Error('no'))))).toBeNull();
    expect(await lowStorageSpace(undefined)).toBeNull();
  });
});
