import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

/**
 * WXT's fakeBrowser throws from `i18n.getMessage` ("not implemented"). Unit and component
 * tests read the English interface instead: the messages of locales/en.yml, substituted the
 * way Chrome does ($1…$9, named placeholders, `$$` for a dollar sign). A test that needs
 * another language switches with useLocale('de').
 */
async function messagesOf(locale: string) {
  return generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, `../../locales/${locale}.yml`)));
}

function chromeGetMessage(messages: Awaited<ReturnType<typeof messagesOf>>) {
  return (name: string, substitutions?: string | string[]): string => {
    const entry = messages[name];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    let text = entry.message;
    for (const [placeholder, { content }] of Object.entries(entry.placeholders ?? {})) {
      text = text.replace(new RegExp(`\\$${placeholder}\\$`, 'gi'), content);
    }
    return text.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (subs[Number(what) - 1] ?? '')));
  };
}

export const getMessage = chromeGetMessage(await messagesOf('en'));

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en-US';

/** The browser in another language until the returned function puts English back. */
export async function useLocale(locale: 'de' | 'fr' | 'es' | 'en'): Promise<() => void> {
  fakeBrowser.i18n.getMessage = chromeGetMessage(await messagesOf(locale)) as typeof fakeBrowser.i18n.getMessage;
  return () => {
    fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
  };
}
