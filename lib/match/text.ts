/** Text normalisation shared by the matcher: case-, punctuation- and accent-insensitive. */

const MARKS = /[\u0300-\u036f]/g;
const ASCII = /^[\x00-\x7f]*$/;
/** One letter, a hyphen, digits: a form or grade code. */
const CODE = /\b([A-Za-z])-(\d{1,4})\b/g;
const HAS_CODE = /\b[A-Za-z]-\d/;

/** "Hospital & Health Care" → "hospital and health care"; "Ärzte-Kammer" → "arzte kammer". */
export function normalize(value: string): string {
  return bigrams(foldCase(value).toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Han, kana and Hangul: scripts written without spaces between words (Hangul with few). */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]{2,}/gu;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A run of Chinese, Japanese or Korean characters as its overlapping pairs ("予知保全" →
 * "予知 知保 保全"), the words of a text with no spaces to split on: the way search engines
 * index these scripts without a dictionary (Lucene's CJK bigrams), so a Japanese prospect's
 * "センサー" finds the catalog's "無線センサー" and the idf weighs each pair. Other text unchanged.
 */
function bigrams(value: string): string {
  if (!HAS_CJK.test(value)) return value;
  return value.replace(CJK, (run) => {
    const chars = [...run];
    const pairs: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
    return ` ${pairs.join(' ')} `;
  });
}

/** Accents and `&` folded, case kept: the step before lower-casing. */
function foldCase(value: string): string {
  // NFKD is the slow part of indexing; plain ASCII (most catalog text) has nothing to fold.
  // NFC after: what other scripts write with a combining mark (Japanese "バ", "プ") is one letter again.
  const folded = ASCII.test(value) ? value : value.normalize('NFKD').replace(MARKS, '').replace(/ß/g, 'ss').normalize('NFC');
  // "FP&A", "P&L", "M&A", "R&D" are one word each; "Health & Care" is two words and "and".
  // "W-9", "I-9", "K-12": a letter and a number joined by a hyphen are one code ("w9"), not two stray tokens.
  return folded
    .replace(/\b([A-Za-z]{1,3})&([A-Za-z]{1,3})\b/g, '$1$2')
    .replace(/&/g, ' and ')
    .replace(CODE, '$1$2');
}

/** Whether a text holds a code such as "W-9" (prepare.ts then takes the general path). */
export function hasCode(value: string): boolean {
  return HAS_CODE.test(value);
}

export function tokens(value: string): string[] {
  const normal = normalize(value);
  return normal === '' ? [] : normal.split(' ');
}

/** A token as written (`raw`, accents folded) and normalised (`norm`, lower case). */
export interface Token {
  raw: string;
  norm: string;
}

/** Tokens that remember how they were written, for case-sensitive short aliases ("AI", "US"). */
export function rawTokens(value: string): Token[] {
  const out: Token[] = [];
  for (const raw of bigrams(foldCase(value)).split(/[^\p{L}\p{N}]+/u)) {
    if (raw !== '') out.push({ raw, norm: raw.toLowerCase() });
  }
  return out;
}

/**
 * A light, language-neutral stemmer: enough that "claims" finds "claim", "stories" finds
 * "story" and a German "Lagerleiterin" finds "Lagerleiter". Deliberately conservative: a wrong
 * merge costs more than a missed one.
 */
export function stem(token: string): string {
  const n = token.length;
  if (n <= 3 || /\d/.test(token)) return token;
  if (n > 6 && token.endsWith('erin')) return token.slice(0, -2);
  if (n > 7 && token.endsWith('ern')) return token.slice(0, -1);
  if (n > 6 && token.endsWith('ungen')) return token.slice(0, -2);
  if (n > 4 && token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (token.endsWith('s') && !/(ss|us|is|os)$/.test(token)) return token.slice(0, -1);
  return token;
}

const STOPWORDS: Record<string, string> = {
  en: 'a an and the of at in on for to with by from or is are be as our we you your i my this that it its was were will have has had not but all about into over than more most who what when which their them they he she his her us also can just so whether how after before during every each several some any up out too like looks very much many would could should may might must been being do does did there here where why while then still now only own other such same both either neither per via',
  de: 'der die das und oder mit bei für fur von zu im in am an auf ist sind ein eine einer eines einen einem dem den des nicht auch wir unser unsere sie es als nach wie aus über uber zum zur jede jeder jedes jedem jeden alle allen wird werden wurde haben kann können konnen sich noch nur durch seit unter ohne gegen ihr ihre ihren ihnen sein seine seinen dass diese dieser dieses diesen schon sehr wieder immer uns mehr',
  fr: 'le la les et ou de des du un une au aux avec pour par chez dans sur est sont nous notre nos vous leur ce cette qui que pas plus en ses son sa leurs tous tout toute toutes être etre avoir mais comme sans sous entre vers se ne il elle ils elles',
  es: 'el la los las y o de del un una con para por en es son nosotros nuestro nuestra nuestros su sus que al lo como mas más sin sobre entre todos todas todo ser este esta estos estas hay muy también tambien pero se',
  it: 'il lo gli le e di da con per tra fra un una della dello degli delle nel nella sono che non',
  nl: 'de het een en van met voor op bij is zijn wij onze niet ook dat die',
  pt: 'o os as e de do da dos das um uma com para por em no na é são nosso nossa que não',
};

const stopwordSets = Object.fromEntries(Object.entries(STOPWORDS).map(([language, words]) => [language, new Set(tokens(words))])) as Record<
  string,
  Set<string>
>;

const allStopwords = new Set(Object.values(stopwordSets).flatMap((set) => [...set]));

/**
 * A phrase of two to four words ("Office 365", "disaster recovery") as one index term: the
 * stems of its content words joined by spaces (no single token holds a space). Undefined for
 * fewer than two content words or more than four.
 */
export function phraseKey(norms: readonly string[]): string | undefined {
  const stems: string[] = [];
  for (const norm of norms) if (!isStopword(norm)) stems.push(stem(norm));
  return stems.length >= 2 && stems.length <= 4 ? stems.join(' ') : undefined;
}

/** Whether an index term is a phrase (phraseKey), not a word. */
export function isPhrase(term: string): boolean {
  return term.includes(' ');
}

/** Function words of the languages we detect; never worth matching on. */
export function isStopword(token: string): boolean {
  return allStopwords.has(token);
}

/**
 * The language of a text from its function words, or undefined when it is too short or too
 * mixed to tell. Cheap: one pass over the tokens.
 */
export function detectLanguage(text: string): string | undefined {
  const script = scriptLanguage(text);
  if (script) return script;
  const counts = new Map<string, number>();
  for (const token of tokens(text)) {
    for (const language in stopwordSets) {
      if (stopwordSets[language]!.has(token)) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2) return undefined;
  if (second && best[1] < second[1] * 1.5) return undefined;
  return best[0];
}

/**
 * Scripts that one language writes (kana: Japanese; Hangul: Korean; Greek, Thai, Hebrew), when
 * they are most of a text's letters. Han alone says nothing (Chinese, or a Japanese name), nor
 * do Cyrillic and Arabic, each written by several languages: the catalog may tell those.
 */
const SCRIPTS: Array<[RegExp, string]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Hebrew}/gu, 'he'],
];
function scriptLanguage(text: string): string | undefined {
  if (ASCII.test(text)) return undefined;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 4) return undefined;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  for (const [pattern, language] of SCRIPTS) {
    const count = text.match(pattern)?.length ?? 0;
    // Japanese is kanji and kana together: kana among them is enough.
    const own = language === 'ja' ? count + (count > 0 ? han : 0) : count;
    if (count > 0 && own >= 0.5 * letters) return language;
  }
  return undefined;
}

/** "de-AT" → "de"; "EN" → "en". */
export function primaryLanguage(tag: string | null | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary ? primary : undefined;
}
