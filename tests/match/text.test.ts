import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, normalize, primaryLanguage, stem, tokens } from '../../lib/match/text';

describe('normalize', () => {
  it('folds case, accents, punctuation and ampersands', () => {
    expect(normalize('Hospital & Health Care')).toBe('hospital and health care');
    expect(normalize('Ärzte-Kammer')).toBe('arzte kammer');
    expect(normalize('Großhandel')).toBe('grosshandel');
    expect(normalize('  Proposal/Price Quote ')).toBe('proposal price quote');
  });

  it('keeps a letter-hyphen-number code as one word ("W-9"), and other hyphens as separators', () => {
    expect(tokens('a W-9 and a K-12 district')).toEqual(['a', 'w9', 'and', 'a', 'k12', 'district']);
    expect(tokens('tier-1 x-ray COVID-19')).toEqual(['tier', '1', 'x', 'ray', 'covid', '19']);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalize(normalize(s)) === normalize(s)));
  });

  it('gives tokens without spaces or empties', () => {
    fc.assert(fc.property(fc.string(), (s) => tokens(s).every((t) => t.length > 0 && !/\s/.test(t))));
  });
});

describe('stem', () => {
  it('merges plurals and German feminine titles, conservatively', () => {
    expect(stem('claims')).toBe('claim');
    expect(stem('stories')).toBe('story');
    expect(stem('lagerleiterin')).toBe('lagerleiter');
    expect(stem('process')).toBe('process');
    expect(stem('bus')).toBe('bus');
    expect(stem('3pls')).toBe('3pls');
  });

  it('is idempotent on common words', () => {
    for (const word of ['claims', 'stories', 'hospitals', 'analytics', 'logistics', 'series']) expect(stem(stem(word))).toBe(stem(word));
  });
});

describe('detectLanguage', () => {
  it('tells common languages apart by their function words', () => {
    expect(detectLanguage('We are looking for a partner for the delivery of our goods')).toBe('en');
    expect(detectLanguage('Wir suchen einen Partner für die Auslieferung und das Lager')).toBe('de');
    expect(detectLanguage('Nous cherchons une solution pour les tournées de livraison')).toBe('fr');
    expect(detectLanguage('Buscamos una solución para las rutas de reparto de la empresa')).toBe('es');
  });

  it('says nothing about a text too short to tell', () => {
    expect(detectLanguage('CFO')).toBeUndefined();
    expect(detectLanguage('')).toBeUndefined();
  });

  it('reads primary subtags', () => {
    expect(primaryLanguage('de-AT')).toBe('de');
    expect(primaryLanguage('EN')).toBe('en');
    expect(primaryLanguage(null)).toBeUndefined();
  });
});
