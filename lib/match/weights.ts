import type { VocabularyList } from '../catalog/types';

/**
 * Every weight of the matcher in one place, each with what it is for. tests/eval/README.md
 * says which of them were added or changed, and what each did on both judged sets.
 */

/** How much a match in each list says about fit. */
export const LIST_WEIGHTS: Record<VocabularyList, number> = {
  industries: 1.3,
  personas: 1,
  products: 1.1,
  competitors: 1.5,
  stages: 0.7,
  types: 1,
  regions: 0.3,
  companySizes: 0.5,
};
export const QUERY_CONCEPT_BOOST = 2.5;
/** Text relevance next to concept fit. */
export const TEXT_WEIGHT = 0.45;
export const K1 = 1.2;
export const B = 0.75;
export const FRESHNESS = 0.15;
export const FRESH_DAYS = 365;
/** Suggestions far below the best are noise: the rep sees fewer, better ones. */
export const RELATIVE_CUTOFF = 0.12;

/** A company name or a headline may hint at an industry, never as surely as the industry field. */
export const WEAK_INDUSTRY = 0.3;
/** A concept learned from the catalog's own co-occurrence of words and tags (prepare.ts). */
export const LEARNED_WEIGHT = 0.45;
/** A learned concept needs this much evidence (summed P(concept | word)) from two words or more. */
export const LEARNED_MIN_EVIDENCE = 1.2;
/** One word of a multi-word alias, as evidence towards its concept (never alone: two words are needed). */
export const ALIAS_WORD_EVIDENCE = 0.5;
/** A word of the company's name, as evidence of its industry: the name is the page's best hint. */
export const COMPANY_EVIDENCE = 1.5;
export const QUERY_TERM_WEIGHT = 3;
export const MAX_TERMS = 24;

/**
 * Item made for another industry than the one the context states (× this), than one it
 * infers (company name, free text, learned words), or when the stated industry is one the
 * catalog does not cover (cross-industry content then wins).
 */
export const OTHER_INDUSTRY_STATED = 0.15;
export const OTHER_INDUSTRY_INFERRED = 0.45;
/**
 * Inferred evidence this strong holds other industries back × OTHER_INDUSTRY_INFERRED; weaker, less;
 * stronger, more, up to a statement's hold at a weight of 1 (three witnesses agree: score.ts otherIndustryHold).
 */
export const SURE_INFERENCE = 0.5;
export const UNCOVERED_INDUSTRY = 0.3;
/**
 * Nothing tells the industry (a name, a title): an item made for one industry is a guess. With
 * this or UNCOVERED_INDUSTRY, an item made for a share of the industries above it is held only
 * to that share (one ticked with all of them is for any).
 */
export const UNKNOWN_INDUSTRY = 0.5;
export const OTHER_PRODUCT = 0.7;
/** Item made for other roles than the one the job title names. */
export const OTHER_PERSONA = 0.8;
/** Item made against another competitor than the one named, or against one when none is (the battlecard, the switch offer). */
export const OTHER_COMPETITOR = 0.3;
/** Item made for another stage than the one named; with no stage named (and not a customer), an item made only for the last one (score.ts). */
export const OTHER_STAGE = 0.6;
export const OTHER_SIZE = 0.85;
/** Item made only for other regions than the one the location names. */
export const OTHER_REGION = 0.4;

/** Language fit: the prospect's language 1; untagged; the catalog's main language when the
 * asset has no version in theirs; any other language (never what to send). */
export const LANGUAGE_UNTAGGED = 0.9;
export const LANGUAGE_MAIN_FALLBACK = 0.5;
export const LANGUAGE_OTHER = 0.1;
/** Language not known: items not in the assumed (main) language. */
export const LANGUAGE_UNKNOWN_OTHER = 0.6;

/**
 * Evergreen introductions (no industry, competitor or size restriction, made for most of the
 * products): a small prior, so that with little context they lead and with much they do not.
 * The introduction for the prospect's own industry or stage gets it too (score.ts).
 */
export const EVERGREEN_PRIOR = 0.4;
/** With no concept from any field, the introductions count this much more (half as much when the context has words). */
export const THIN_BOOST = 5;
/** …and fewer words than this that the catalog holds (a typed search of three words is not thin). */
export const THIN_TERMS = 2;
/**
 * A known product's own items (tagged with it alone, named after it in the title: its datasheet,
 * its demo) get this share of the product's weight once more: the canonical piece to send on a
 * deal for that product leads the product's other items, never the prospect's industry.
 */
export const PRODUCT_OWN_ITEM = 0.25;
/** A product the prospect runs (named with a version, "SafeVault 6.2"): stronger than a stated one. */
export const RUNS_PRODUCT = 1.5;
/** A case study about the prospect's own organisation: not proof to send them. */
export const OWN_ACCOUNT = 0.25;
/** An existing customer (a product named with a version, or by an old name): upgrade words. */
export const UPGRADE_TERM_WEIGHT = 0.8;
/** A context word that no item holds in its title or keywords: prose, not a topic (× this). */
export const PROSE_WORD = 0.2;
/** A context with more words than this (CRM notes, an about page): each counts √(TERMS_REF / words), so the text's total grows as the root of its length. */
export const TERMS_REF = 8;
