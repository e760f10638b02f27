import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import demo from '../../lib/demo/catalog.json';
import { parseCatalogJson } from '../../lib/catalog/schema';
import type { ProspectContext } from '../../lib/context/schema';
import { ENGLISH_REASONS, rank, type CatalogView, type ReasonPhrases } from '../../lib/match/suggest';

/** Reasons in the interface's language: the panel hands the matcher its templates (lib/i18n.ts). */
const NOW = new Date('2026-11-23T12:00:00Z');
const parsed = parseCatalogJson(JSON.stringify(demo));
if (!parsed.ok) throw new Error(parsed.error);
const view: CatalogView = {
  items: parsed.catalog.items.map((item) => ({ ...item, key: `demo\u001f${item.id}`, sourceId: 'demo' })),
  vocabulary: parsed.catalog.vocabulary,
};
/** A locale's reason templates, as the extension's messages hold them. */
async function phrasesOf(language: string): Promise<ReasonPhrases> {
  const messages = await parseMessagesFile(resolve(import.meta.dirname, `../../locales/${language}.yml`));
  const out: Record<string, string> = {};
  for (const m of messages) if (m.key[0] === 'reasons' && m.type !== 'plural') out[m.key[1]!] = m.message;
  return out as unknown as ReasonPhrases;
}
const riverbend: ProspectContext = {
  source: 'linkedin-profile',
  url: 'https://www.linkedin.com/in/x/',
  title: 'VP Revenue Cycle | Patient access, coding, denials',
  company: 'Riverbend Medical Center',
  text: 'Riverbend Medical Center is a 600-bed academic medical center moving to a new EHR.',
};

describe('reason phrases', () => {
  it('are English by default, and each locale has every template with its placeholders', async () => {
    expect(rank(riverbend, view, { now: NOW })[0]!.reasons[0]).toMatch(/^Healthcare, from: /);
    expect(await phrasesOf('en')).toEqual(ENGLISH_REASONS);
    for (const language of ['en', 'de', 'fr', 'es']) {
      const phrases = await phrasesOf(language);
      expect(Object.keys(phrases).sort()).toEqual(Object.keys(ENGLISH_REASONS).sort());
      expect(phrases.learned).toMatch(/\{label\}.*\{words\}|\{words\}.*\{label\}/);
      expect(phrases.mentions).toContain('{words}');
      expect(phrases.stage).toContain('{label}');
      expect(phrases.versus).toContain('{label}');
    }
  });

  it('come in the language given, with the words of the page and the catalog kept as written', async () => {
    const german = await phrasesOf('de');
    const english = rank(riverbend, view, { now: NOW });
    const translated = rank(riverbend, view, { now: NOW, reasonPhrases: german });
    // The same ranking: only the words around the reasons change.
    expect(translated.map((s) => s.item.id)).toEqual(english.map((s) => s.item.id));
    expect(translated[0]!.reasons[0]).toMatch(/^Healthcare, aus: /);
    const all = translated.flatMap((s) => s.reasons);
    expect(all.some((r) => r.startsWith('erwähnt '))).toBe(true);
    expect(all.join(' · ')).not.toMatch(/\bmentions\b|, from: /);
    // Placeholders never show.
    expect(all.join(' ')).not.toMatch(/\{(label|words)\}/);
  });
});
