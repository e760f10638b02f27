import type { Concept } from '../catalog/types';
import { rawTokens, stem, type Token } from './text';

/** A concept found in a stretch of text: tokens [start, end). */
export interface PhraseHit {
  concept: Concept;
  start: number;
  end: number;
}

interface Phrase {
  stems: string[];
  /** Short all-capital aliases ("AI", "US") must be written in capitals: "ai" in French is a verb. */
  caseSensitive?: string[];
  concept: Concept;
}

/**
 * Finds a list's concepts in text by label, alias or id: whole words only ("AI" never matches
 * inside "email"), case-, punctuation- and accent-insensitive, plural-insensitive, longest
 * phrase first ("Hospital & Health Care" is one hit, not "Hospital" and "Health Care").
 */
export class PhraseMatcher {
  private readonly byFirst = new Map<string, Phrase[]>();

  constructor(concepts: readonly Concept[]) {
    for (const concept of concepts) {
      const names = new Set([concept.label, ...concept.aliases]);
      if (concept.id.replace(/[^\p{L}\p{N}]/gu, '').length >= 3) names.add(concept.id);
      for (const name of names) {
        const words = rawTokens(name);
        if (words.length === 0) continue;
        const phrase: Phrase = { stems: words.map((w) => stem(w.norm)), concept };
        if (words.length === 1 && words[0]!.raw.length <= 2 && words[0]!.raw === words[0]!.raw.toUpperCase() && /\p{L}/u.test(words[0]!.raw)) {
          phrase.caseSensitive = [words[0]!.raw];
        }
        const list = this.byFirst.get(phrase.stems[0]!) ?? [];
        list.push(phrase);
        this.byFirst.set(phrase.stems[0]!, list);
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  /** Non-overlapping hits, left to right, the longest phrase winning at each position. */
  match(words: readonly Token[], stems: readonly string[] = words.map((w) => stem(w.norm))): PhraseHit[] {
    const hits: PhraseHit[] = [];
    let i = 0;
    while (i < stems.length) {
      const candidates = this.byFirst.get(stems[i]!);
      let found: Phrase | undefined;
      if (candidates) {
        for (const phrase of candidates) {
          if (i + phrase.stems.length > stems.length) continue;
          let ok = true;
          for (let k = 1; k < phrase.stems.length && ok; k++) ok = stems[i + k] === phrase.stems[k];
          if (ok && phrase.caseSensitive) ok = words[i]!.raw === phrase.caseSensitive[0];
          if (ok) {
            found = phrase;
            break;
          }
        }
      }
      if (found) {
        hits.push({ concept: found.concept, start: i, end: i + found.stems.length });
        i += found.stems.length;
      } else i++;
    }
    return hits;
  }
}

/** A numeric range of company size, in employees. */
export interface SizeRange {
  min: number;
  max: number;
}

const NUMBER = String.raw`(\d+(?:[.,' ]\d{3})*(?:[.,]\d+)?)\s*([km](?![a-z]))?`;
const RANGE = new RegExp(String.raw`${NUMBER}\s*(?:-|–|—|to|bis|à|a|till)\s*${NUMBER}`, 'i');
const OPEN = new RegExp(String.raw`${NUMBER}\s*\+`, 'i');
const SINGLE = new RegExp(String.raw`^\D*${NUMBER}\D*$`, 'i');

function toNumber(digits: string, suffix: string | undefined): number {
  if (suffix) {
    const value = Number.parseFloat(digits.replace(/[' ]/g, '').replace(',', '.'));
    return value * (suffix.toLowerCase() === 'k' ? 1000 : 1_000_000);
  }
  return Number.parseInt(digits.replace(/[.,' ]/g, ''), 10);
}

/** "1,001-5,000 employees" → 1001..5000; "5K+" → 5000..∞; "2500" → 2500..2500. */
export function parseSize(text: string, allowSingle = true): SizeRange | undefined {
  const range = RANGE.exec(text);
  if (range) return { min: toNumber(range[1]!, range[2]), max: toNumber(range[3]!, range[4]) };
  const open = OPEN.exec(text);
  if (open) return { min: toNumber(open[1]!, open[2]), max: Number.POSITIVE_INFINITY };
  // A band's alias must be a range ("Fortune 500" is no size); a prospect's size may be one number.
  const single = allowSingle ? SINGLE.exec(text.trim()) : null;
  if (single) {
    const value = toNumber(single[1]!, single[2]);
    return { min: value, max: value };
  }
  return undefined;
}

/** The band whose numeric aliases hold the size: by the range's middle, or its start when open. */
export function sizeBand(text: string, bands: readonly Concept[]): Concept | undefined {
  const size = parseSize(text);
  if (!size || Number.isNaN(size.min)) return undefined;
  const point = Number.isFinite(size.max) ? (size.min + size.max) / 2 : size.min;
  let best: { concept: Concept; width: number } | undefined;
  for (const concept of bands) {
    for (const name of [concept.label, ...concept.aliases]) {
      const range = parseSize(name, false);
      if (!range || point < range.min || point > range.max) continue;
      const width = range.max - range.min;
      if (!best || width < best.width) best = { concept, width };
    }
  }
  return best?.concept;
}
