import { describe, expect, it } from 'vitest';
import type { Vocabulary } from '../../lib/catalog/types';
import type { ProspectContext } from '../../lib/context/schema';
import { rank } from '../../lib/match/suggest';

import { storedItem } from './support';

const NOW = new Date('2026-11-23T12:00:00Z');

const item = storedItem;

const vocabulary: Vocabulary = { industries: [{ id: 'healthcare', label: 'Healthcare', aliases: ['hospital'] }] };
const view = {
  vocabulary,
  items: [
    item('strong', { industries: ['healthcare'], title: 'Hospital case study' }),
    item('weak', { industries: ['healthcare'], title: 'Healthcare brief' }),
    item('other', { industries: ['healthcare'], title: 'Healthcare webinar' }),
  ],
};
const context: ProspectContext = { source: 'manual', url: '', industry: 'Hospital', title: 'CFO', text: 'wants a case study' };

describe('adjustments (the rep\u2019s feedback, computed by the panel)', () => {
  it('multiplies the score inside the scoring and adds the reason', () => {
    const plain = rank(context, view, { now: NOW });
    expect(plain[0]!.item.id).toBe('strong');
    const weakScore = plain.find((s) => s.item.id === 'weak')!.score;
    const adjusted = rank(context, view, { now: NOW, adjustments: new Map([['s\u001fweak', { factor: 5, reason: 'You marked this useful for Healthcare' }]]) });
    expect(adjusted[0]!.item.id).toBe('weak');
    expect(adjusted[0]!.score).toBeCloseTo(weakScore * 5, 2);
    expect(adjusted[0]!.reasons[0]).toBe('You marked this useful for Healthcare');
    expect(adjusted.find((s) => s.item.id === 'strong')!.reasons).not.toContain('You marked this useful for Healthcare');
  });

  it('removes an item with factor 0, and lowers one with a factor below 1', () => {
    const removed = rank(context, view, { now: NOW, adjustments: new Map([['s\u001fstrong', { factor: 0 }]]) });
    expect(removed.map((s) => s.item.id)).not.toContain('strong');
    const lowered = rank(context, view, { now: NOW, adjustments: new Map([['s\u001fstrong', { factor: 0.01, reason: 'You marked this not useful' }]]) });
    expect(lowered[0]!.item.id).not.toBe('strong');
  });

  it('keys by the stored key, not the item id', () => {
    const byId = rank(context, view, { now: NOW, adjustments: new Map([['strong', { factor: 0 }]]) });
    expect(byId.map((s) => s.item.id)).toContain('strong');
  });
});
