import { describe, expect, it } from 'vitest';
import { summarize } from '@/lib/insights';
import type { StoredItem } from '@/lib/db/database';

const item = (key: string, title: string) => [key, { key, title, url: `https://x.example/${key}` } as StoredItem] as const;

describe('insights', () => {
  it('counts recent shares per item and prospect, and feedback, most shared first', () => {
    const now = 100 * 86_400_000;
    const since = now - 30 * 86_400_000;
    const shares = [
      { recordKey: 'a', itemKey: 'i1', url: '', at: now - 1000, how: 'copy' as const },
      { recordKey: 'b', itemKey: 'i1', url: '', at: now - 2000, how: 'insert' as const },
      { recordKey: 'b', itemKey: 'i1', url: '', at: now - 3000, how: 'copy' as const },
      { recordKey: 'a', itemKey: 'i2', url: '', at: now - 40 * 86_400_000, how: 'copy' as const },
    ];
    const feedback = [{ key: 'a|i2', recordKey: 'a', itemKey: 'i2', useful: false, at: now }];
    const result = summarize(shares, feedback, new Map([item('i1', 'One'), item('i2', 'Two')]), since);
    expect(result.shares).toBe(3);
    expect(result.prospects).toBe(2);
    expect(result.items.map((i) => [i.title, i.shares, i.prospects, i.notUseful])).toEqual([
      ['One', 3, 2, 0],
      ['Two', 0, 0, 1],
    ]);
  });
});
