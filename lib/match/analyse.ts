import { vocabularyLists, type Concept, type VocabularyList } from '../catalog/types';
import type { ProspectContext } from '../context/schema';
import { sizeBand, type PhraseHit } from './concepts';
import { conceptKey, FIELD_WEIGHTS, termsWithPrefix, type PreparedCatalog } from './prepare';
import { detectLanguage, isPhrase, isStopword, phraseKey, primaryLanguage, rawTokens, stem, type Token } from './text';
import {
  COMPANY_EVIDENCE,
  ALIAS_WORD_EVIDENCE,
  THIN_TERMS,
  RUNS_PRODUCT,
  LEARNED_MIN_EVIDENCE,
  LEARNED_WEIGHT,
  MAX_TERMS,
  QUERY_TERM_WEIGHT,
  UPGRADE_TERM_WEIGHT,
  WEAK_INDUSTRY,
  PROSE_WORD,
  TERMS_REF,
} from './weights';

/**
 * Step one of three (analyse → score → explain): what the context says. Concepts with where
 * they were found and how sure, the remaining words, the language, and what kind of evidence
 * names the industry.
 */

export type Via = 'field' | 'text' | 'query' | 'learned';

export interface FoundConcept {
  list: VocabularyList;
  concept: Concept;
  /** 1 when read from the field that holds it (industry from `industry`), less from free text. */
  weight: number;
  via: Via;
  /** For a learned concept: the context's words that signal it ("clinical", "EHR"). */
  from?: string[];
}

export interface ContextTerm {
  term: string;
  /** As the context wrote it, for the reason "mentions …". */
  surface: string;
  weight: number;
  query: boolean;
  /** Where it first occurs in the context, to quote adjacent words as a phrase ("month end"). */
  position: number;
  /** Not written in the context but implied by it (an upgrade, a switch): scored, never quoted. */
  implied?: boolean;
}

export interface Analysis {
  concepts: FoundConcept[];
  terms: ContextTerm[];
  language?: string;
  /** True when the language was given, requested, implied by the country or detected, not assumed. */
  languageKnown: boolean;
  hasQuery: boolean;
  /**
   * How the industry is known: stated in the industry field, stated but not one the catalog
   * covers, inferred (company name, free text, learned words), or not at all.
   */
  industry: 'stated' | 'uncovered' | 'inferred' | 'none';
  /** Items about the prospect's own organisation (their case study). */
  ownAccount: ReadonlySet<number>;
  /** The prospect runs one of the products (named with a version): a customer already. */
  customer: boolean;
  /** Little to go on: no concept from a field (nor typed, nor a product the prospect runs)… */
  thin: boolean;
  /** …and hardly a word the catalog holds. */
  fewWords: boolean;
}

/** Which lists each context field may name, and how much to trust it. */
const FIELD_LISTS: Record<string, Array<[VocabularyList, number, Via]>> = {
  title: [
    ['personas', 1, 'field'],
    ['products', 0.7, 'text'],
    ['competitors', 0.7, 'text'],
  ],
  industry: [['industries', 1, 'field']],
  stage: [['stages', 1, 'field']],
  products: [['products', 1, 'field']],
  competitors: [
    ['competitors', 1, 'field'],
    ['products', 0.5, 'text'],
  ],
  text: [
    ['products', 0.7, 'text'],
    ['competitors', 0.8, 'text'],
    ['personas', 0.3, 'text'],
    ['types', 0.6, 'text'],
  ],
  name: [
    ['products', 0.7, 'text'],
    ['competitors', 0.7, 'text'],
  ],
  location: [['regions', 0.6, 'field']],
  companySize: [['companySizes', 1, 'field']],
};

/** Weight of a field's leftover words (those no concept took) in the text relevance. */
/** Words a phrase term may span, function words included ("protection of endpoints"). */
const PHRASE_WINDOW = 4;

const TERM_WEIGHTS: Record<string, number> = { title: 0.6, industry: 0.3, products: 1, competitors: 0.5, text: 1, name: 0.5 };

/**
 * Words of rank, not of subject: a job title's "Manager" or "Head of" says nothing about what
 * to send (the persona, found from the whole title, says it). Left out of a title's words.
 */
export const ROLE_WORDS = new Set(
  'manager managers director directors head senior sr junior jr chief officer vice president vp svp evp executive associate assistant specialist lead principal global regional'.split(
    ' ',
  ),
);

/** Words of a company's legal form: "Hartwell Orchard Foods Inc." is named by "Hartwell Orchard". */
const LEGAL_FORMS = new Set(
  'inc incorporated llc ltd limited plc corp corporation co company gmbh ag kg se sa sas sarl srl spa bv nv ab oy group holding holdings the'.split(' '),
);

/** Countries (English and own names) → the language a document for them is expected in. */
const COUNTRY_LANGUAGE: Array<[RegExp, string]> = [
  [/\b(germany|deutschland|austria|osterreich)\b/, 'de'],
  [/\b(france)\b/, 'fr'],
  [/\b(spain|espana|mexico|argentina|colombia|chile|peru)\b/, 'es'],
  [/\b(italy|italia)\b/, 'it'],
  [/\b(netherlands|nederland)\b/, 'nl'],
  [/\b(portugal|brazil|brasil)\b/, 'pt'],
  [/\b(poland|polska)\b/, 'pl'],
  [/\b(sweden|sverige)\b/, 'sv'],
  [/\b(denmark|danmark)\b/, 'da'],
  [/\b(finland|suomi)\b/, 'fi'],
  [/\b(czech republic|czechia|cesko)\b/, 'cs'],
  [/\b(greece)\b/, 'el'],
  [/\b(turkey|turkiye)\b/, 'tr'],
  [/\bjapan\b|日本/, 'ja'],
  [/\b(south korea|korea)\b|한국/, 'ko'],
  [/\b(united states|usa|united kingdom|uk|england|ireland|australia|new zealand)\b/, 'en'],
];

/** "wants every document in German", "auf Deutsch", "en español": a stated language wins. */
const LANGUAGE_NAMES: Array<[RegExp, string]> = [
  [/\b(in|auf) (german|deutsch)\b/, 'de'],
  [/\b(in|en) (french|francais)\b/, 'fr'],
  [/\b(in|en) (spanish|espanol|castellano)\b/, 'es'],
  [/\b(in|en) (italian|italiano)\b/, 'it'],
  [/\b(in) (english)\b/, 'en'],
];

/** "Since" in the languages the stopwords know, before a year: how long a product has been run. */
const SINCE_WORDS = new Set(['since', 'seit', 'depuis', 'desde', 'sinds', 'dal', 'dai', 'dalla']);

/** Before a content type, in the languages the stopwords know: one the prospect has already seen. */
const ENGAGED_WORDS = new Set([
  ...['after', 'from', 'downloaded', 'attended', 'watched', 'registered', 'joined', 'came'],
  ...['nach', 'besucht', 'heruntergeladen', 'apres', 'depuis', 'telecharge', 'tras', 'despues', 'descargo', 'descargado'],
]);

/** "X since 2021", "X on-prem since 2019": within three words after a name, since and a year. */
function runSince(words: readonly Token[], end: number): boolean {
  for (let i = end; i < Math.min(words.length - 1, end + 3); i++) if (SINCE_WORDS.has(words[i]!.norm) && /^(19|20)\d\d$/.test(words[i + 1]!.norm)) return true;
  return false;
}

/** Said of an existing customer: the upgrade path, not the first pitch. */
const UPGRADE_WORDS = ['upgrade', 'migration', 'renamed'];
/** Said of a competitor's customer: moving over to the vendor. */
const SWITCH_WORDS = ['switch', 'migration'];

function folded(value: string | null | undefined): string {
  return rawTokens(value ?? '')
    .map((t) => t.norm)
    .join(' ');
}

export function contextLanguage(context: ProspectContext): { language?: string; known: boolean } {
  const given = primaryLanguage(context.language);
  if (given) return { language: given, known: true };
  const text = folded([context.text, context.title].filter(Boolean).join(' \n '));
  for (const [pattern, language] of LANGUAGE_NAMES) if (pattern.test(text)) return { language, known: true };
  const location = folded(context.location);
  for (const [pattern, language] of COUNTRY_LANGUAGE) if (pattern.test(location)) return { language, known: true };
  const detected = detectLanguage([context.title, context.text, context.industry, context.stage].filter(Boolean).join(' \n '));
  return { language: detected, known: Boolean(detected) };
}

export function analyzeContext(context: ProspectContext, index: PreparedCatalog, query?: string): Analysis {
  const found = new Map<string, FoundConcept>();
  const add = (list: VocabularyList, concept: Concept, weight: number, via: Via) => {
    const key = conceptKey(list, concept.id);
    const seen = found.get(key);
    if (!seen) return void found.set(key, { list, concept, weight, via });
    seen.weight = Math.max(seen.weight, weight);
    // The strongest evidence names it: typed by the rep, then read from its own field.
    for (const kind of ['query', 'field'] as const) {
      if (seen.via === kind || via === kind) {
        seen.via = kind;
        return;
      }
    }
  };
  const terms = new Map<string, ContextTerm>();
  let offset = 0;
  const addTerm = (token: Token, term: string, weight: number, isQuery: boolean, position: number) => {
    if (token.norm.length < 2 || isStopword(token.norm) || /^\d+$/.test(token.norm)) return;
    const seen = terms.get(term);
    if (seen) {
      seen.weight = Math.min(isQuery ? QUERY_TERM_WEIGHT * 2 : 1.5, seen.weight + weight);
      seen.query ||= isQuery;
    } else {
      // Acronyms keep their capitals in reasons: "mentions FPA", not "mentions fpa".
      const surface = /^[A-Z][A-Z0-9]+$/.test(token.raw) ? token.raw : token.norm;
      terms.set(term, { term, surface, weight, query: isQuery, position });
    }
  };

  const company = context.company ?? (context.recordType && /^(account|company)$/i.test(context.recordType) ? context.name : undefined);
  const companyTokens = rawTokens(company ?? '');
  const companyStems = new Set(companyTokens.map((t) => stem(t.norm)));
  const weakIndustries: Array<{ field: string; hits: PhraseHit[] }> = [];
  /** Words free to signal a concept learned from the catalog (not taken by a concept, not the company). */
  const learnable: Array<{ term: string; surface: string; weight: number; field: string }> = [];
  let existingCustomer = false;
  let runsCompetitor = false;
  // A prospect writing in a language the catalog has nothing in: its words meet the catalog's
  // only where they are the same word, inflected ("supermarketów"). The language of the words
  // themselves first: a Dutch address on English notes is English.
  const languageOfContext = contextLanguage(context);
  const own = detectLanguage([context.title, context.text].filter(Boolean).join('\n'));
  const written = own ? { language: own, known: true } : languageOfContext;
  const foreign = written.known && written.language !== undefined && !index.languageCodes.includes(written.language);

  const read = (field: string, value: string | null | undefined, isQuery = false) => {
    if (!value) return;
    const words = rawTokens(value);
    const stems = words.map((w) => (foreign ? knownStem(index, w.norm) : stem(w.norm)));
    const used = new Uint8Array(words.length);
    const base = offset;
    offset += words.length + 1;
    const lists: Array<[VocabularyList, number, Via]> = isQuery ? vocabularyLists.map((list) => [list, 1, 'query']) : (FIELD_LISTS[field] ?? []);
    /** Words of an old product name stay words too: the rename FAQ and the old datasheet use them. */
    const keep = new Uint8Array(words.length);
    for (const [list, weight, via] of lists) {
      const matcher = index.matchers[list];
      if (!matcher) continue;
      for (const hit of matcher.match(words, stems)) {
        let w = weight;
        if (list === 'products' && via === 'text') {
          // "SafeVault 6.2", "on v3 of X": a version says the prospect runs it.
          const next = words[hit.end]?.norm ?? '';
          const before = words[hit.start - 1]?.norm ?? '';
          // A one-word name that is also a common word ("relay", "anchor") only counts capitalised.
          const oneWord = hit.end - hit.start === 1;
          const written = words[hit.start]!.raw;
          if (oneWord && written === written.toLowerCase()) continue;
          const label = rawTokens(hit.concept.label)
            .map((t) => stem(t.norm))
            .join(' ');
          const oldName = !stems.slice(hit.start, hit.end).every((s) => label.split(' ').includes(s));
          // An old name may hold its version itself (the alias "SensorLink 2", "SL3"); a number
          // in the product's own name ("Acme 365") is no version.
          const versioned =
            /^v?\d+(\.\d+)*$/.test(next) ||
            /^v\d+$/.test(before) ||
            before === 'version' ||
            (oldName && /^(v?\d+(\.\d+)*|[a-z]{1,4}\d{1,3})$/.test(words[hit.end - 1]!.norm));
          // "On Stampwise since 2021": a product the prospect has had for a while is one they run
          // (a sister company that uses it does not make them a customer).
          const since = runSince(words, hit.end);
          if (versioned || since || oldName) {
            w = versioned || since ? RUNS_PRODUCT : 1;
            if (versioned || since) existingCustomer = true;
          }
          if (oldName) keep.fill(1, hit.start, hit.end);
        }
        // "On Segmetrix since 2022", "Segmetrix 5": the prospect runs a competitor's product, and
        // would switch from it.
        if (list === 'competitors' && field === 'text') {
          const next = words[hit.end]?.norm ?? '';
          if (/^v?\d+(\.\d+)*$/.test(next) || runSince(words, hit.end)) runsCompetitor = true;
        }
        if (list === 'products' && via === 'field') {
          const label = rawTokens(hit.concept.label)
            .map((t) => stem(t.norm))
            .join(' ');
          if (!stems.slice(hit.start, hit.end).every((s) => label.split(' ').includes(s))) keep.fill(1, hit.start, hit.end);
        }
        if (list === 'types' && via === 'text') {
          // "Inbound after a webinar", "Downloaded the consent whitepaper": what brought the lead
          // in, which they have seen, not what they ask for.
          const before = words.slice(Math.max(0, hit.start - 4), hit.start).map((t) => t.norm);
          if (before.some((word) => ENGAGED_WORDS.has(word))) {
            used.fill(1, hit.start, hit.end);
            continue;
          }
          // A type named in free text ("a DPA") is also its topic: items about it use the word.
          keep.fill(1, hit.start, hit.end);
        }
        add(list, hit.concept, w, via);
        used.fill(1, hit.start, hit.end);
      }
    }
    if (!isQuery && (field === 'title' || field === 'text' || field === 'company')) {
      // Words a persona took are a role, not an industry: "Finance leader", "Chief Financial Officer".
      const hits = (index.matchers.industries?.match(words, stems) ?? []).filter((hit) => !used.subarray(hit.start, hit.end).some(Boolean));
      if (hits.length > 0) weakIndustries.push({ field, hits });
    }
    const termWeight = isQuery ? QUERY_TERM_WEIGHT : (TERM_WEIGHTS[field] ?? 0);
    words.forEach((token, i) => {
      if (used[i] && !keep[i]) return;
      // The company's name may hint at its industry ("Lakeshore Health Partners"), as weak evidence.
      if (field === 'company' && !isStopword(token.norm) && token.norm.length > 2)
        learnable.push({ term: stems[i]!, surface: token.norm, weight: COMPANY_EVIDENCE, field });
      // The prospect's own name says nothing about what to send them.
      if (!isQuery && companyStems.has(stems[i]!)) return;
      if (field === 'title' && ROLE_WORDS.has(token.norm)) return;
      if (!isQuery && (field === 'title' || field === 'text') && !isStopword(token.norm) && token.norm.length > 2) {
        learnable.push({ term: stems[i]!, surface: /^[A-Z][A-Z0-9]+$/.test(token.raw) ? token.raw : token.norm, weight: 1, field });
      }
      if (termWeight > 0) addTerm(token, stems[i]!, termWeight, isQuery, base + i);
      // "M365", "O365", "D365": the initials of a catalog phrase and its number ("Microsoft 365").
      if (termWeight > 0 && !index.terms.has(stems[i]!))
        for (const phrase of abbreviated(index, token.norm)) addTerm({ raw: token.raw, norm: phrase }, phrase, termWeight, isQuery, base + i);
    });
    // An item's keyword of several words, said whole ("protect their Office 365 tenant"):
    // one more term, as rare as the phrase is (prepare.ts indexes keywords as phrases too).
    if (termWeight > 0 && field !== 'industry') {
      for (let i = 0; i + 1 < words.length; i++) {
        if (isStopword(words[i]!.norm)) continue;
        for (let end = i + 2; end <= Math.min(words.length, i + PHRASE_WINDOW); end++) {
          // A concept's alias already said it ("Anchor Backup"): not twice.
          if (used.subarray(i, end).every((u, k) => u && !keep[i + k])) continue;
          const key = phraseKey(words.slice(i, end).map((w) => w.norm));
          if (!key || !index.terms.has(key) || isStopword(words[end - 1]!.norm)) continue;
          // As the page wrote it: "Office 365".
          const surface = words
            .slice(i, end)
            .map((w) => w.raw)
            .join(' ');
          addTerm({ raw: surface, norm: surface }, key, termWeight, isQuery, base + i);
        }
      }
    }
  };

  read('title', context.title);
  read('company', company);
  read('industry', context.industry);
  read('stage', context.stage);
  for (const product of context.products ?? []) read('products', product);
  for (const competitor of context.competitors ?? []) read('competitors', competitor);
  read('text', context.text);
  if (context.recordType && /^(opportunity|deal)$/i.test(context.recordType)) read('name', context.name);
  read('location', context.location);
  if (context.companySize) {
    const before = found.size;
    read('companySize', context.companySize);
    if (found.size === before && index.vocabulary.companySizes) {
      const band = sizeBand(context.companySize, index.vocabulary.companySizes);
      if (band) add('companySizes', band, 1, 'field');
    }
  }
  const hasQuery = Boolean(query?.trim());
  if (hasQuery) read('query', query, true);

  const has = (list: VocabularyList, test: (f: FoundConcept) => boolean = () => true) => [...found.values()].some((f) => f.list === list && test(f));
  const stated = has('industries', (f) => f.via === 'field');
  const uncovered = !stated && Boolean(context.industry?.trim()) && (index.vocabulary.industries?.length ?? 0) > 0;

  // Industries from a name or a headline only when the industry field named none; and of
  // "Retail Bank of X" keep the head noun: a retail bank is a bank.
  // The company's own name is the better hint: when it names an industry, the headline and
  // free text (where a job function such as "Finance" reads like an industry) add none.
  // An industry the page states that the catalog does not cover is not replaced by a guess.
  if (!stated && !uncovered && !has('industries', (f) => f.via === 'query')) {
    const fromCompany = weakIndustries.filter((w) => w.field === 'company');
    const named = new Map<string, { concept: Concept; fields: Set<string> }>();
    for (const { field, hits } of weakIndustries) {
      hits.forEach((hit, i) => {
        const next = hits[i + 1];
        if (next && next.start === hit.end) return;
        const seen = named.get(hit.concept.id) ?? { concept: hit.concept, fields: new Set<string>() };
        seen.fields.add(field);
        named.set(hit.concept.id, seen);
      });
    }
    // Each field that names the industry is one more witness ("Orvalis Télécom", "years in
    // telecoms"); when the company's name names one, the others only confirm it.
    for (const { concept, fields } of named.values()) {
      if (fromCompany.length > 0 && !fields.has('company')) continue;
      add('industries', concept, WEAK_INDUSTRY * fields.size, 'text');
    }
  }

  // Concepts learned from the catalog: the words of the context that its items tagged with a
  // concept use (prepare.ts). Only for lists the context names nothing in by other means.
  const learnedLists: VocabularyList[] = [];
  // An industry only hinted at (a word of the notes, the company's name) may be confirmed by them.
  const hinted = has('industries') && !has('industries', (f) => f.via !== 'text');
  if (!stated && !uncovered && (!has('industries') || hinted)) learnedLists.push('industries');
  if (!has('personas', (f) => f.via !== 'text')) learnedLists.push('personas');
  if (learnedLists.length > 0 && index.associations.size > 0) {
    const evidence = new Map<string, { sum: number; from: string[]; company: boolean }>();
    const seenTerm = new Set<string>();
    const aliasWords = aliasWordsOf(index);
    for (const word of learnable) {
      if (seenTerm.has(word.term)) continue;
      seenTerm.add(word.term);
      const learned = index.associations.get(word.term) ?? [];
      // One word of a multi-word alias ("medical" of "Medical Practices") is weak evidence.
      const fromAlias = (aliasWords.get(word.term) ?? [])
        .filter((key) => !learned.some(([k]) => k === key))
        .map((key): [string, number] => [key, ALIAS_WORD_EVIDENCE]);
      for (const [key, strength] of [...learned, ...fromAlias]) {
        const e = evidence.get(key) ?? { sum: 0, from: [], company: false };
        e.sum += strength * word.weight;
        e.company ||= word.field === 'company';
        e.from.push(word.surface);
        evidence.set(key, e);
      }
    }
    const byKey = new Map<string, { list: VocabularyList; concept: Concept }>();
    for (const list of learnedLists) for (const concept of index.vocabulary[list] ?? []) byKey.set(conceptKey(list, concept.id), { list, concept });
    for (const [key, e] of evidence) {
      const target = byKey.get(key);
      // Two words at least, unless the company's own name says it ("Lakeshore Health Partners").
      if (!target || (e.from.length < 2 && !e.company) || e.sum < LEARNED_MIN_EVIDENCE) continue;
      const seen = found.get(key);
      if (seen) {
        if (seen.list === 'industries' && hinted) seen.weight += LEARNED_WEIGHT * Math.min(1.5, e.sum / LEARNED_MIN_EVIDENCE);
        continue;
      }
      if (target.list === 'industries' && hinted) continue;
      found.set(key, {
        list: target.list,
        concept: target.concept,
        weight: LEARNED_WEIGHT * Math.min(1.5, e.sum / LEARNED_MIN_EVIDENCE),
        via: 'learned',
        from: e.from.slice(0, 2),
      });
    }
  }

  // The word being typed: "clai" already finds "claims".
  if (hasQuery && !/\s$/.test(query!)) {
    const words = rawTokens(query!);
    const last = words[words.length - 1];
    if (last && last.norm.length >= 3 && !index.terms.has(stem(last.norm))) {
      for (const term of termsWithPrefix(index, last.norm, 12)) addTerm({ raw: term, norm: last.norm }, term, QUERY_TERM_WEIGHT * 0.8, true, offset);
    }
  }
  const implied = (word: string) => {
    addTerm({ raw: word, norm: word }, stem(word), UPGRADE_TERM_WEIGHT, false, offset++);
    terms.get(stem(word))!.implied = true;
  };
  if (existingCustomer) {
    for (const word of UPGRADE_WORDS) if (!terms.has(stem(word))) implied(word);
  }
  // A competitor's customer: the switching path, as a customer's is the upgrade path.
  if (runsCompetitor && !existingCustomer) {
    for (const word of SWITCH_WORDS) if (!terms.has(stem(word))) implied(word);
  }

  let { language, known } = languageOfContext;
  if (!known) ({ language, known } = languageFromCatalog(index, [...terms.values()], language));
  // Words most of a large catalog holds say little and cost a pass over most of it: a context
  // word in more than a tenth of the items (and more than 50) is left out; a typed one never is.
  const n = index.items.length;
  const common = Math.max(50, n / 10);
  // A word no item holds in its title or keywords is prose ("asked", "call", "four"), not a topic
  // of the catalog: it says less about what to send than a word some item is about.
  for (const t of terms.values()) if (!t.query && index.terms.has(t.term) && !topical(index, t.term)) t.weight *= PROSE_WORD;
  const informative = (t: ContextTerm) => t.weight * bm25Idf(index.terms.get(t.term)!.docs.length, n);
  const ranked = [...terms.values()]
    .filter((t) => index.terms.has(t.term) && (t.query || index.terms.get(t.term)!.docs.length <= common))
    .sort((a, b) => Number(b.query) - Number(a.query) || informative(b) - informative(a))
    .slice(0, MAX_TERMS);
  // A long page's words each say less: the text's total weight grows as the root of its length.
  const said = ranked.filter((t) => !t.query).length;
  if (said > TERMS_REF) for (const t of ranked) if (!t.query) t.weight *= Math.sqrt(TERMS_REF / said);

  const concepts = [...found.values()];
  const industry = stated ? 'stated' : uncovered ? 'uncovered' : concepts.some((f) => f.list === 'industries') ? 'inferred' : 'none';
  return {
    concepts,
    terms: ranked,
    language: language ?? mainLanguage(index),
    languageKnown: known,
    hasQuery,
    industry,
    ownAccount: ownAccountDocs(index, companyTokens),
    customer: existingCustomer,
    thin: !concepts.some((f) => (f.via === 'field' || f.via === 'query' || f.weight >= 1) && f.list !== 'regions' && f.list !== 'companySizes'),
    fewWords: ranked.length < THIN_TERMS,
  };
}

/**
 * The language of a short text from the catalog itself: a word that the catalog uses almost
 * only in its German items ("Nachweise") is German. Used when nothing else tells.
 */
function languageFromCatalog(index: PreparedCatalog, terms: readonly ContextTerm[], fallback: string | undefined): { language?: string; known: boolean } {
  const votes = new Map<number, number>();
  const n = index.items.length;
  let looked = 0;
  for (const t of terms) {
    const docs = index.terms.get(t.term)?.docs;
    if (!docs || docs.length < 2 || docs.length > Math.max(50, n / 10)) continue;
    // A sample of the items holding the word is enough to tell its language (and keeps it cheap).
    const sample = Math.min(docs.length, LANGUAGE_SAMPLE);
    const counts = new Map<number, number>();
    for (let i = 0; i < sample; i++) {
      const bits = index.languageBits[docs[i]!]!;
      for (let rest = bits; rest !== 0; rest &= rest - 1) {
        const bit = rest & -rest;
        counts.set(bit, (counts.get(bit) ?? 0) + 1);
      }
    }
    for (const [bit, c] of counts) if (c >= 0.8 * sample) votes.set(bit, (votes.get(bit) ?? 0) + 1);
    if (++looked >= LANGUAGE_TERMS) break;
  }
  const [best, second] = [...votes].sort((a, b) => b[1] - a[1]);
  if (!best || (second && best[1] < 2 * second[1])) return { language: fallback, known: false };
  return { language: index.languageCodes[31 - Math.clz32(best[0])], known: true };
}

const abbreviations = new WeakMap<PreparedCatalog, Map<string, string[]>>();
const ABBREVIATION = /^([a-z]{1,4})(\d{1,4})$/;

/**
 * The catalog's phrases that a short code of initials and a number stands for: "m365" →
 * "microsoft 365", "o365" → "office 365". Built once per catalog, on the first such code.
 */
function abbreviated(index: PreparedCatalog, norm: string): readonly string[] {
  if (!ABBREVIATION.test(norm)) return [];
  let map = abbreviations.get(index);
  if (!map) {
    map = new Map();
    for (const term of index.terms.keys()) {
      if (!isPhrase(term)) continue;
      const words = term.split(' ');
      const number = words[words.length - 1]!;
      if (!/^\d{1,4}$/.test(number)) continue;
      const code =
        words
          .slice(0, -1)
          .map((w) => w[0])
          .join('') + number;
      const list = map.get(code);
      if (list) list.push(term);
      else map.set(code, [term]);
    }
    abbreviations.set(index, map);
  }
  return map.get(norm) ?? [];
}

const topicalCache = new WeakMap<PreparedCatalog, Map<string, boolean>>();

/** Whether some item holds the word in its title or keywords (a field-weighted frequency of 2 or more)… */
function topical(index: PreparedCatalog, term: string): boolean {
  let cache = topicalCache.get(index);
  if (!cache) {
    cache = new Map();
    topicalCache.set(index, cache);
  }
  let out = cache.get(term);
  if (out === undefined) {
    // …or one the catalog's tags tie to a concept (learned at prepare time): "patient", "EHR".
    out = index.associations.has(term) || index.terms.get(term)!.tf.some((f) => f >= FIELD_WEIGHTS.keywords);
    cache.set(term, out);
  }
  return out;
}

/** Items sampled per word, and words looked at, to tell a short text's language from the catalog. */
const LANGUAGE_SAMPLE = 64;
const LANGUAGE_TERMS = 12;

export function bm25Idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Items about the prospect's organisation: those holding every distinctive word of its name
 * (legal forms and words common in the catalog left out). "Stonebury Health" finds the
 * Stonebury case study, not every item that says "health".
 */
function ownAccountDocs(index: PreparedCatalog, company: Token[]): Set<number> {
  const n = index.items.length;
  // Words that name an industry ("Keystone Mutual Insurance", "Lakeshore Health") say what the
  // company does, not who it is: its stories are titled "Keystone Mutual …".
  const industryWord = new Uint8Array(company.length);
  for (const hit of index.matchers.industries?.match(
    company,
    company.map((t) => stem(t.norm)),
  ) ?? [])
    industryWord.fill(1, hit.start, hit.end);
  const distinctive = [
    ...new Set(
      company
        .filter((_, i) => !industryWord[i])
        .map((t) => t.norm)
        .filter((w) => w.length > 2 && !LEGAL_FORMS.has(w) && !isStopword(w))
        .map(stem),
    ),
  ];
  if (distinctive.length === 0) return new Set();
  // A word the catalog does not hold, or holds widely, is not the name of one of its stories.
  // A word of the name the catalog never uses: no story is about them ("Cedar Rill" is not "Cedar Ridge").
  if (distinctive.some((term) => !index.terms.has(term))) return new Set();
  // Words the catalog uses widely ("clinic", "health") do not name one customer.
  const rare = distinctive.filter((term) => index.terms.get(term)!.docs.length <= Math.min(OWN_NAME_MAX_ITEMS, Math.max(4, n * 0.01)));
  if (rare.length === 0) return new Set();
  const out = new Set<number>();
  for (const doc of index.terms.get(rare[0]!)!.docs) {
    // The name must stand in the title: a story about them, not a mention.
    const title = new Set(rawTokens(index.items[doc]!.title).map((t) => stem(t.norm)));
    if (rare.every((term) => title.has(term))) out.add(doc);
  }
  return out;
}

const aliasWordCache = new WeakMap<PreparedCatalog, Map<string, string[]>>();

/** The single words of the vocabulary's names (the index holds the items' words). */
const nameWordCache = new WeakMap<PreparedCatalog, Set<string>>();
function nameWords(index: PreparedCatalog): Set<string> {
  let words = nameWordCache.get(index);
  if (!words) {
    words = new Set();
    for (const list of Object.values(index.vocabulary))
      for (const concept of list ?? []) for (const name of [concept.label, ...concept.aliases]) for (const t of rawTokens(name)) words.add(stem(t.norm));
    nameWordCache.set(index, words);
  }
  return words;
}

/**
 * A word's stem, or, for a long word the catalog does not know, the known word it is with an
 * inflection of one or two letters more: the Polish "supermarketów" is "supermarket" (a lookup
 * stemmer: the catalog's words are the dictionary, so a word it knows is never cut, and seven
 * letters at least stay).
 */
function knownStem(index: PreparedCatalog, norm: string): string {
  const own = stem(norm);
  if (norm.length < 9 || /\d/.test(norm)) return own;
  const names = nameWords(index);
  const known = { has: (word: string) => index.terms.has(word) || names.has(word) };
  if (known.has(own)) return own;
  for (let cut = 1; cut <= 2; cut++) {
    const shorter = norm.slice(0, -cut);
    if (known.has(shorter)) return shorter;
    if (known.has(stem(shorter))) return stem(shorter);
  }
  return own;
}

/**
 * Words of the vocabulary's multi-word aliases → their concept, for the lists a context's
 * words may signal; a word in the aliases of several concepts ("services") says nothing.
 */
function aliasWordsOf(index: PreparedCatalog): Map<string, string[]> {
  let out = aliasWordCache.get(index);
  if (out) return out;
  out = new Map();
  const owners = new Map<string, Set<string>>();
  for (const list of ['industries', 'personas'] as const) {
    for (const concept of index.vocabulary[list] ?? []) {
      const whole = new Set(
        [concept.label, ...concept.aliases].map((name) =>
          rawTokens(name)
            .map((t) => stem(t.norm))
            .join(' '),
        ),
      );
      for (const name of [concept.label, ...concept.aliases]) {
        const words = rawTokens(name).map((t) => t.norm);
        if (words.length < 2) continue;
        for (const word of words) {
          if (word.length < 4 || isStopword(word) || ROLE_WORDS.has(word) || whole.has(stem(word))) continue;
          const set = owners.get(stem(word)) ?? new Set<string>();
          set.add(conceptKey(list, concept.id));
          owners.set(stem(word), set);
        }
      }
    }
  }
  for (const [word, keys] of owners) if (keys.size === 1) out.set(word, [...keys]);
  aliasWordCache.set(index, out);
  return out;
}

/** A name held by more items than this is not the name of one customer's story. */
const OWN_NAME_MAX_ITEMS = 20;

const mainLanguages = new WeakMap<PreparedCatalog, string>();

/** The language most of the catalog is in: the fallback when the prospect's has nothing. */
export function mainLanguage(index: PreparedCatalog): string {
  let main = mainLanguages.get(index);
  if (main === undefined) {
    const counts = new Map<string, number>();
    for (const languages of index.languages) for (const l of languages) counts.set(l, (counts.get(l) ?? 0) + 1);
    main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
    mainLanguages.set(index, main);
  }
  return main;
}
