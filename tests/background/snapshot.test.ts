import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { db } from '@/lib/db/database';
import { replaceSourceItems } from '@/lib/catalog/store';
import { refreshSnapshotNow } from '@/lib/background/snapshot';
import { tabStateKey } from '@/lib/messages';
import { readDeal } from '../setup/tab-states';
import { readyKey, type ReadySuggestions } from '@/lib/ready';
import { storedItem } from '../match/support';

const vocabulary = { industries: [{ id: 'healthcare', label: 'Healthcare', aliases: ['Hospital & Health Care'] }] };
const reading = readDeal({ company: 'Riverbend', industry: 'Hospital & Health Care' });

describe('the background after a sync', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await db().sources.clear();
    await db().itemPages.clear();
    await db().snapshots.clear();
  });

  it('makes the tabs’ ready suggestions from the new catalog before it stores the snapshot', async () => {
    await fakeBrowser.storage.session.set({ [tabStateKey(5)]: reading });
    await replaceSourceItems(db(), { id: 'url:a', kind: 'url', name: 'A', vocabulary }, [
      storedItem('clinic', { title: 'How a clinic network cut denials', url: 'https://example.com/clinic', industries: ['healthcare'], languages: ['en'] }),
    ]);
    // What storage.session holds for tab 5 at the moment the snapshot is written.
    const atStore: Array<ReadySuggestions | undefined> = [];
    const put = db().snapshots.put.bind(db().snapshots);
    const spy = vi.spyOn(db().snapshots, 'put') as unknown as { mockImplementation(f: (record: { id: string }) => Promise<unknown>): void };
    spy.mockImplementation(async (record) => {
      if (record.id === 'catalog') atStore.push((await fakeBrowser.storage.session.get(readyKey(5)))[readyKey(5)] as ReadySuggestions | undefined);
      return put(record as never);
    });
    expect(await refreshSnapshotNow()).toBe(true);
    expect(atStore).toHaveLength(1);
    expect(atStore[0]?.suggestions.map((s) => s.item.id)).toEqual(['clinic']);
    // Not dropped and made again once the snapshot is in.
    await new Promise((r) => setTimeout(r, 50));
    expect(((await fakeBrowser.storage.session.get(readyKey(5)))[readyKey(5)] as ReadySuggestions).at).toBe(atStore[0]!.at);
  });
});
