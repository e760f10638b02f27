import { describe, expect, it } from 'vitest';
import { rank } from '../../lib/match/suggest';
import { storedItem } from './support';
/** Suggestions far below the best are dropped (RELATIVE_CUTOFF): by their fit, not their language. */
describe('the relative cut-off', () => {
  it('keeps the main-language asset the prospect has no version of when its fit clears it, below their own language', () => {
    const vocabulary = {
      products: [{ id: 'vault', label: 'Acme Vault', aliases: [] }],
      industries: [{ id: 'retail', label: 'Retail', aliases: ['Commerce de détail'] }],
    };
    const items = [
      storedItem('story-fr', {
        title: 'Magasins et caisses: sauvegarde Vault chez Lumière',
        description: 'Sauvegarde des caisses de 300 magasins, restauration en une heure.',
        languages: ['fr'],
        industries: ['retail'],
        products: ['vault'],
        keywords: ['sauvegarde', 'magasins', 'caisses'],
      }),
      storedItem('drills-en', { title: 'Restore drills for store tills', languages: ['en'], keywords: ['tills'] }),
      storedItem('other-fr', { title: 'Nos bureaux', languages: ['fr'] }),
      ...['a', 'b', 'c', 'd'].map((k) => storedItem(`en-${k}`, { title: `English note ${k}`, languages: ['en'] })),
    ];
    const list = rank(
      {
        source: 'manual',
        url: 'https://x.example/',
        industry: 'Commerce de détail',
        location: 'Lille, France',
        products: ['Acme Vault'],
        text: 'Sauvegarde des magasins et des caisses, restauration rapide, tills',
      },
      { items, vocabulary },
      { now: new Date('2026-11-23') },
    );
    expect(list.map((s) => s.item.id)).toEqual(['story-fr', 'drills-en']);
    // Halved for its language, it is under the cut-off's share of the best: only its fit keeps it.
    expect(list[1]!.score / list[0]!.score).toBeLessThan(0.12);
  });
});
