import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';

/**
 * WXT's fakeBrowser throws from `i18n.getMessage` ("not implemented"). Unit and component
 * tests read the English interface instead: the messages of locales/en.yml, substituted the
 * way Chrome does ($1…$9, named placeholders, `$$` for a dollar sign).
 */
const messages = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

export function getMessage(name: string, substitutions?: string | string[]): string {
  const entry = messages[name];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  let text = entry.message;
  for (const [placeholder, { content }] of Object.entries(entry.placeholders ?? {})) {
    text = text.replace(new RegExp(`\\$${placeholder}\\$`, 'gi'), content);
  }
  return text.replace(/\$(\$|[1-9])/g, (_, what: string) => (what === '$' ? '$' : (subs[Number(what) - 1] ?? '')));
}

fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
fakeBrowser.i18n.getUILanguage = () => 'en-US';
