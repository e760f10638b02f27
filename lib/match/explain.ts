import { vocabularyLists } from '../catalog/types';
import type { Analysis, ContextTerm, FoundConcept } from './analyse';
import { conceptKey, FIELD_WEIGHTS, listField, resolveTag, type PreparedCatalog } from './prepare';
import { conceptWeight, evergreen, termWeight } from './score';
import { isPhrase, normalize, phraseKey, rawTokens, stem } from './text';

/**
 * Step three of three (analyse → score → explain): the concepts and words that ranked an item,
 * strongest first, weighed by the scoring's own functions (score.ts), in the vocabulary's labels.
 */

/**
 * The words around a reason, as templates with {label} and {words}: English here, the
 * interface's language when the panel passes its own (SuggestOptions.reasonPhrases). Plain
 * strings, so they cross to the matcher's worker.
 */
export interface ReasonPhrases {
  /** A concept learned from the context's words: "Healthcare, from: patient, EHR". */
  learned: string;
  /** A stage whose label does not already say so: "Proposal stage". */
  stage: string;
  /** A competitor on the record: "vs Norvane". */
  versus: string;
  /** Words of the context (or a competitor named in its text) the item holds: "mentions claims". */
  mentions: string;
  ownAccount: string;
  evergreen: string;
  recent: string;
}

export const ENGLISH_REASONS: ReasonPhrases = {
  learned: '{label}, from: {words}',
  stage: '{label} stage',
  versus: 'vs {label}',
  mentions: 'mentions {words}',
  ownAccount: 'About this account',
  evergreen: 'Introduction for any prospect',
  recent: 'Recent in the catalog',
};

const fill = (template: string, values: { label?: string; words?: string }) =>
  template.replace(/\{(label|words)\}/g, (_, key: 'label' | 'words') => values[key] ?? '');

function conceptLabel(found: FoundConcept, phrases: ReasonPhrases): string {
  const label = found.concept.label;
  if (found.via === 'learned' && found.from?.length) return fill(phrases.learned, { label, words: found.from.join(', ') });
  if (found.list === 'stages') return /stage$/i.test(label) ? label : fill(phrases.stage, { label });
  if (found.list === 'competitors') return found.via === 'field' ? fill(phrases.versus, { label }) : fill(phrases.mentions, { words: label });
  return label;
}

export const MAX_REASONS = 4;

/**
 * Words that may rank an item but say nothing to a rep as a reason ("mentions time, value").
 * Only reasons are spared them; what the rep typed is always quoted.
 */
const VAGUE_WORDS = new Set(
  (
    'time times value values system systems group groups based base management platform platforms business businesses ' +
    'solution solutions company companies team teams year years work working new help helps leader leaders leading ' +
    'service services people way ways world global day days today back part lead large small best better good great ' +
    'make makes made use used using need needs focus focused across over more most'
  ).split(' '),
);

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export function explain(index: PreparedCatalog, analysis: Analysis, doc: number, phrases: ReasonPhrases = ENGLISH_REASONS): string[] {
  const item = index.items[doc]!;
  const n = index.items.length;
  const reasons: Array<{ label: string; weight: number }> = [];
  /** Said only when nothing more telling is: every suggestion says why. */
  const commonReasons: Array<{ label: string; weight: number }> = [];
  for (const found of analysis.concepts) {
    const tags = listField[found.list](item);
    if (!tags.some((tag) => resolveTag(index, found.list, tag)?.id === found.concept.id)) continue;
    const df = index.postings.get(conceptKey(found.list, found.concept.id))?.length ?? 1;
    const weight = conceptWeight(found, df, n);
    // A region or size band most of the catalog carries explains nothing ("North America" on
    // everything); it still counts in the score.
    const common = (found.list === 'regions' || found.list === 'companySizes') && found.via !== 'query' && df > n / 2;
    (common ? commonReasons : reasons).push({ label: conceptLabel(found, phrases), weight });
  }
  const words = new Map<string, number>();
  const add = (text: string | undefined, fieldWeight: number) => {
    for (const token of rawTokens(text ?? '')) {
      const term = stem(token.norm);
      words.set(term, Math.max(words.get(term) ?? 0, fieldWeight));
    }
  };
  add(item.title, FIELD_WEIGHTS.title);
  add(item.keywords.join(' \n '), FIELD_WEIGHTS.keywords);
  // A keyword said whole is one reason ("mentions Office 365"), its words not again (prepare.ts).
  for (const keyword of item.keywords) {
    const key = phraseKey(normalize(keyword).split(' '));
    if (key) words.set(key, FIELD_WEIGHTS.keywords);
  }
  add(item.description, FIELD_WEIGHTS.description);
  // A tag that names no concept stands for itself as text (as in the index, prepare.ts).
  for (const list of vocabularyLists) {
    if (list === 'types') continue;
    for (const tag of listField[list](item)) if (!resolveTag(index, list, tag)) add(tag, FIELD_WEIGHTS.keywords);
  }
  const mentioned = analysis.terms
    .filter((t) => words.has(t.term) && !t.implied && (t.query || !VAGUE_WORDS.has(t.surface.toLowerCase())))
    .map((t) => ({ t, weight: termWeight(t, index.terms.get(t.term)!.docs.length, n) * words.get(t.term)! }))
    .sort((a, b) => b.weight - a.weight)
    .filter((m, _, all) => isPhrase(m.t.term) || !all.some((p) => isPhrase(p.t.term) && p.t.term.split(' ').includes(m.t.term)));
  reasons.sort((a, b) => b.weight - a.weight);
  const out = unique(reasons.map((r) => r.label)).slice(0, mentioned.length > 0 ? MAX_REASONS - 1 : MAX_REASONS);
  const itemText = () => ` ${normalize([item.title, ...item.keywords, item.description ?? ''].join(' \n '))} `;
  if (mentioned.length > 0) {
    const text = fill(phrases.mentions, {
      words: quote(
        mentioned.map((m) => m.t),
        itemText(),
      ),
    });
    // What the rep typed explains the result first; the context's words after its concepts.
    if (mentioned[0]!.t.query) out.unshift(text);
    else out.push(text);
  }
  if (out.length === 0 && evergreen(index).includes(doc)) out.push(phrases.evergreen);
  // Every suggestion says why, if only with what is common to most of the catalog.
  if (out.length === 0) out.push(...unique(commonReasons.sort((a, b) => b.weight - a.weight).map((r) => r.label)).slice(0, 2));
  if (out.length === 0) {
    const any = analysis.terms.filter((t) => words.has(t.term) && !t.implied);
    if (any.length > 0) out.push(fill(phrases.mentions, { words: quote(any, itemText()) }));
  }
  if (out.length === 0) out.push(phrases.recent);
  if (analysis.ownAccount.has(doc)) out.unshift(phrases.ownAccount);
  return out;
}

/**
 * The two strongest words, in the context's order, as one phrase when they stand together in
 * both the context and the item ("last mile", not "mile, last"). Words of three letters or fewer only when nothing longer matched.
 */
function quote(matched: ContextTerm[], itemText: string): string {
  const terms = spellPairs(matched);
  const long = terms.filter((t) => t.surface.length > 3 || (t.surface.length > 1 && CJK_CHAR.test(t.surface)));
  const chosen = (long.length > 0 ? long : terms).slice(0, 2).sort((a, b) => a.position - b.position);
  if (chosen.length === 2 && chosen[1]!.position - chosen[0]!.position === 1) {
    const phrase = `${chosen[0]!.surface} ${chosen[1]!.surface}`;
    if (itemText.includes(` ${phrase.toLowerCase()} `)) return phrase;
  }
  return unique(chosen.map((t) => t.surface)).join(', ');
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Chinese, Japanese and Korean text is indexed as overlapping pairs of characters (./text.ts):
 * pairs next to each other in the context are put back together as the word they spell
 * ("バッ", "ック", … → "バックアップ"), which is what a rep reads. Other words as they are.
 */
function spellPairs(terms: ContextTerm[]): ContextTerm[] {
  const isPair = (t: ContextTerm) => Array.from(t.surface).length === 2 && CJK_CHAR.test(t.surface);
  if (!terms.some(isPair)) return terms;
  const runOf = new Map<ContextTerm, ContextTerm>();
  let run: ContextTerm | undefined;
  let last: ContextTerm | undefined;
  for (const pair of terms.filter(isPair).sort((a, b) => a.position - b.position)) {
    const [first, second] = Array.from(pair.surface) as [string, string];
    if (run && last && pair.position === last.position + 1 && Array.from(last.surface)[1] === first) run.surface += second;
    else run = { ...pair };
    runOf.set(pair, run);
    last = pair;
  }
  const out: ContextTerm[] = [];
  for (const term of terms) {
    const spelled = runOf.get(term) ?? term;
    if (!out.includes(spelled)) out.push(spelled);
  }
  return out;
}
