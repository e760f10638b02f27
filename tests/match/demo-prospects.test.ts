import { describe, expect, it } from 'vitest';
import demo from '../../lib/demo/catalog.json';
import { parseCatalogJson } from '../../lib/catalog/schema';
import type { ProspectContext } from '../../lib/context/schema';
import { rank, type CatalogView } from '../../lib/match/suggest';

/** The three prospects of issue 8, against the bundled demo catalog. */
const NOW = new Date('2026-11-23T12:00:00Z');

function demoView(): CatalogView {
  const parsed = parseCatalogJson(JSON.stringify(demo));
  if (!parsed.ok) throw new Error(parsed.error);
  return { items: parsed.catalog.items.map((item) => ({ ...item, key: `demo\u001f${item.id}`, sourceId: 'demo' })), vocabulary: parsed.catalog.vocabulary };
}

const view = demoView();
const healthcare = new Set(view.items.filter((item) => item.industries.includes('healthcare')).map((item) => item.id));
const ctx = (fields: Partial<ProspectContext>): ProspectContext => ({ source: 'linkedin-profile', url: 'https://www.linkedin.com/in/x/', ...fields });

describe('demo prospects (issue 8)', () => {
  it('a revenue-cycle VP at an academic medical center gets healthcare items, not an insurer, a city budget or a CMO blog', () => {
    const suggestions = rank(
      ctx({
        name: 'Jordan Hale',
        title: 'VP Revenue Cycle | Patient access, coding, denials',
        company: 'Riverbend Medical Center',
        text: 'Riverbend Medical Center is a 600-bed academic medical center moving to a new EHR.',
      }),
      view,
      { now: NOW },
    );
    const top = suggestions.slice(0, 5).map((s) => s.item.id);
    expect(top.filter((id) => healthcare.has(id)).length).toBeGreaterThanOrEqual(4);
    expect(top.slice(0, 3).every((id) => healthcare.has(id))).toBe(true);
    for (const wrong of ['cs-keystone-mutual', 'cs-city-of-westhaven', 'bl-marketing-roi-for-cfo'])
      expect(suggestions.slice(0, 10).map((s) => s.item.id)).not.toContain(wrong);
    // The reason says where the industry came from: the page names none.
    expect(suggestions[0]!.reasons[0]).toMatch(/^Healthcare, from: /);
  });

  it('a nursing informatics director at a health system gets suggestions, healthcare among them', () => {
    const suggestions = rank(ctx({ name: 'Sam Ortiz', title: 'Director of Nursing Informatics', company: 'Lakeshore Health Partners' }), view, { now: NOW });
    expect(suggestions.length).toBeGreaterThanOrEqual(3);
    expect(suggestions.slice(0, 5).filter((s) => healthcare.has(s.item.id)).length).toBeGreaterThanOrEqual(2);
    expect(suggestions.every((s) => s.reasons.length > 0)).toBe(true);
    // No other industry's items: the company's name says healthcare.
    expect(suggestions.slice(0, 5).every((s) => s.item.industries.length === 0 || s.item.industries.includes('healthcare'))).toBe(true);
  });

  it('a profile with only a name gets the evergreen introductions', () => {
    const suggestions = rank(ctx({ name: 'Alex Kim' }), view, { now: NOW });
    expect(
      suggestions
        .slice(0, 2)
        .map((s) => s.item.id)
        .sort(),
    ).toEqual(['ov-corvana-at-a-glance', 'vd-corvana-platform-tour']);
    expect(suggestions[0]!.reasons).toEqual(['Introduction for any prospect']);
    expect(suggestions.every((s) => s.item.industries.length === 0)).toBe(true);
  });
});
