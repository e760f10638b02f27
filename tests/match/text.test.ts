import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage, isStopword, normalize, primaryLanguage, stem, tokens } from '../../lib/match/text';

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

  it('splits Chinese, Japanese and Korean runs into overlapping pairs, and leaves other text alone', () => {
    expect(tokens('無線センサー Sense')).toEqual(['無線', '線セ', 'セン', 'ンサ', 'サー', 'sense']);
    expect(tokens('予知保全、導入')).toEqual(['予知', '知保', '保全', '導入']);
    expect(tokens('中 ab')).toEqual(['中', 'ab']);
    expect(tokens('Überblick')).toEqual(['uberblick']);
    // Voiced kana and Hangul syllables stay whole letters (they decompose on the way to folding accents).
    expect(tokens('バックアップ')).toEqual(['バッ', 'ック', 'クア', 'アッ', 'ップ']);
    expect(tokens('보안')).toEqual(['보안']);
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

  it('merges the German plurals of -er and -ung nouns with their singular', () => {
    // "mit Newslettern", "den Händlern": the dative plural; "Lösungen": the plural of an -ung noun.
    expect(stem('newslettern')).toBe(stem('newsletter'));
    expect(stem('newslettern')).toBe(stem('newsletters'));
    expect(stem('händlern')).toBe(stem('händler'));
    expect(stem('lösungen')).toBe(stem('lösung'));
    // English words in -ern keep their own stem, and one of seven letters is left alone.
    expect(stem('pattern')).toBe('pattern');
    expect(stem('patterns')).toBe(stem('pattern'));
  });

  it('is idempotent on common words', () => {
    for (const word of ['claims', 'stories', 'hospitals', 'analytics', 'logistics', 'series']) expect(stem(stem(word))).toBe(stem(word));
  });
});

describe('isStopword', () => {
  it('knows the common function words of the languages it tells apart', () => {
    for (const word of ['jedes', 'einen', 'werden', 'dass', 'toutes', 'sans', 'todos', 'tambien']) expect(isStopword(word)).toBe(true);
    for (const word of ['newsletter', 'zeitung', 'churn']) expect(isStopword(word)).toBe(false);
  });
});

describe('detectLanguage', () => {
  it('tells common languages apart by their function words', () => {
    expect(detectLanguage('We are looking for a partner for the delivery of our goods')).toBe('en');
    expect(detectLanguage('Wir suchen einen Partner für die Auslieferung und das Lager')).toBe('de');
    expect(detectLanguage('Nous cherchons une solution pour les tournées de livraison')).toBe('fr');
    expect(detectLanguage('Buscamos una solución para las rutas de reparto de la empresa')).toBe('es');
  });

  it('tells languages by a script only one writes, and not by Han alone', () => {
    expect(detectLanguage('メモ: 名古屋の展示会で名刺交換。')).toBe('ja');
    expect(detectLanguage('보안 솔루션 도입 검토 중')).toBe('ko');
    expect(detectLanguage('Η πλατφόρμα μας για νοσοκομεία')).toBe('el');
    expect(detectLanguage('東海精密工業株式会社')).toBeUndefined();
    expect(detectLanguage('We are the CFO of the Nagoya works (ラ)')).toBe('en');
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
