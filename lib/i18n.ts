import { i18n, type GeneratedI18nStructure } from '#i18n';
import type { ReasonPhrases } from './match/explain';
import { isCatalogMessage, renderMessage } from './catalog/message';

/**
 * The interface's words, through the extension's i18n messages (locales/*.yml, built into
 * `_locales/<lang>/messages.json` by @wxt-dev/i18n). The browser picks the language; English
 * (`default_locale`) fills in. Keys are typed from locales/en.yml: a missing key fails `tsc`.
 */
export const t = i18n.t;

/**
 * The language of the messages in use ("de"), for dates and numbers beside the words. Not
 * `i18n.getUILanguage()`: headless Chromium started with `--lang=de` picks German messages but
 * still reports "en-US" there, and a browser in a language Pitchside lacks gets English words,
 * which should come with English dates.
 */
export function uiLocale(): string {
  return t('meta.locale') || 'en';
}

/** The page's `lang` follows the interface language, so screen readers pronounce it right. */
export function applyDocumentLanguage(doc: Document = document): void {
  doc.documentElement.lang = uiLocale();
}

/**
 * The matcher's reason templates in the interface's language ("erwähnt {words}"): the matcher
 * fills them (lib/match/explain.ts; each placeholder is handed back as itself), so the words a concept or a context brings stay as written.
 */
let phrases: ReasonPhrases | undefined;
export function reasonPhrases(): ReasonPhrases {
  // The interface's language does not change while a page lives: read the messages once.
  phrases ??= {
    learned: t('reasons.learned', { label: '{label}', words: '{words}' }),
    stage: t('reasons.stage', { label: '{label}' }),
    versus: t('reasons.versus', { label: '{label}' }),
    mentions: t('reasons.mentions', { words: '{words}' }),
    ownAccount: t('reasons.ownAccount'),
    evergreen: t('reasons.evergreen'),
    recent: t('reasons.recent'),
  };
  return phrases;
}

/**
 * A catalog message (lib/catalog/messages.ts: a sync's outcome, why it failed) in the
 * interface's language. `fallback` is the English text stored or sent beside it: shown when
 * there is no descriptor (a record from before they were kept) or one this version cannot read.
 */
export function catalogText(message: unknown, fallback: string): string {
  if (!isCatalogMessage(message)) return fallback;
  const locale = uiLocale();
  let missing = false;
  const text = renderMessage(
    message,
    (key, params, count) => {
      // Typed against locales/en.yml: a catalog key the locale files lack fails `tsc` here.
      const known: keyof GeneratedI18nStructure = key;
      const found = (t as unknown as (key: string, ...args: unknown[]) => string)(known, ...(count === undefined ? [] : [count]), params);
      if (!found) missing = true;
      return found;
    },
    { formatNumber: (n) => n.toLocaleString(locale) },
  );
  return missing ? fallback : text;
}
