import { i18n } from '#i18n';

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
