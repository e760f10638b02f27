import { describe, expect, it } from 'vitest';
import type { Concept } from '../../lib/catalog/types';
import { parseSize, sizeBand } from '../../lib/match/concepts';
import { findConcepts } from '../../lib/match/suggest';

const c = (id: string, label: string, aliases: string[] = []): Concept => ({ id, label, aliases });
const ids = (found: Concept[]) => found.map((x) => x.id);

describe('findConcepts', () => {
  const products = [c('insight', 'Acme Insight', ['AI Suite', 'AI', 'AIS'])];
  const industries = [
    c('healthcare', 'Healthcare', ['Hospital & Health Care', 'hospital']),
    c('retail', 'Retail', ['Retailer']),
    c('banking', 'Banking', ['Bank']),
    c('cafe', 'Café'),
  ];

  it('matches whole words only: "AI" is not in "email"', () => {
    expect(ids(findConcepts('Runs email campaigns and maintains the mailing list', products))).toEqual([]);
    expect(ids(findConcepts('Evaluating AI forecasting', products))).toEqual(['insight']);
  });

  it('needs a short all-capital alias in capitals ("ai" is French for "have")', () => {
    expect(ids(findConcepts("j'ai un projet", products))).toEqual([]);
  });

  it('ignores case, punctuation and accents, and matches phrases', () => {
    expect(ids(findConcepts('HOSPITAL  &  HEALTH-CARE', industries))).toEqual(['healthcare']);
    expect(ids(findConcepts('cafe owner', industries))).toEqual(['cafe']);
    expect(ids(findConcepts('Café', [c('cafe2', 'Cafe')]))).toEqual(['cafe2']);
  });

  it('merges plurals', () => {
    expect(ids(findConcepts('Hospitals and clinics', industries))).toEqual(['healthcare']);
    expect(ids(findConcepts('Retailers', industries))).toEqual(['retail']);
  });

  it('matches labels, aliases and ids', () => {
    expect(ids(findConcepts('an AIS customer', products))).toEqual(['insight']);
    expect(ids(findConcepts('banking', industries))).toEqual(['banking']);
  });
});

describe('company size', () => {
  const bands = [
    c('smb', 'Small business', ['1-200 employees', 'SMB']),
    c('mid', 'Mid-market', ['201-1,000 employees']),
    c('ent', 'Enterprise', ['1,001+ employees', 'Fortune 500']),
  ];

  it('parses LinkedIn ranges, plain numbers and abbreviations', () => {
    expect(parseSize('1,001-5,000 employees')).toEqual({ min: 1001, max: 5000 });
    expect(parseSize('2500')).toEqual({ min: 2500, max: 2500 });
    expect(parseSize('5K+')).toEqual({ min: 5000, max: Number.POSITIVE_INFINITY });
    expect(parseSize('10,001+ employees')).toEqual({ min: 10001, max: Number.POSITIVE_INFINITY });
    expect(parseSize('201-500 Mitarbeiter')).toEqual({ min: 201, max: 500 });
    expect(parseSize('no idea')).toBeUndefined();
  });

  it('puts a size in the band whose numeric aliases hold it', () => {
    expect(sizeBand('1,001-5,000 employees', bands)?.id).toBe('ent');
    expect(sizeBand('2500', bands)?.id).toBe('ent');
    expect(sizeBand('5K+', bands)?.id).toBe('ent');
    expect(sizeBand('11-50 employees', bands)?.id).toBe('smb');
    expect(sizeBand('350', bands)?.id).toBe('mid');
    // "Fortune 500" is a name, not a range: 500 employees is mid-market.
    expect(sizeBand('500', bands)?.id).toBe('mid');
  });
});
