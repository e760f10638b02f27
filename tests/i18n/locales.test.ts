import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessagesFile, type ParsedMessage } from '@wxt-dev/i18n/build';
import { i18n } from '#i18n';
import { getMessage } from '../setup/i18n';

const dir = resolve(import.meta.dirname, '../../locales');
const files = readdirSync(dir).filter((file) => file.endsWith('.yml'));
// Chrome's predefined messages (@@ui_locale…) come with every file: only ours are compared.
const load = async (file: string) =>
  new Map((await parseMessagesFile(resolve(dir, file))).filter((m) => !m.key[0]!.startsWith('@@')).map((m) => [m.key.join('.'), m]));

/** What a translation must keep: positional and named placeholders, and whether it is a plural. */
function shape(message: ParsedMessage) {
  return {
    substitutions: message.substitutions,
    named: [...message.namedSubstitutions].sort(),
    plural: message.type === 'plural' ? Object.keys(message.plurals).sort() : null,
  };
}

describe('locales', () => {
  it('include English, German, French and Spanish', () => {
    expect(files.sort()).toEqual(['de.yml', 'en.yml', 'es.yml', 'fr.yml']);
  });

  for (const file of files.filter((f) => f !== 'en.yml')) {
    it(`${file} has every message of en.yml, no other, with the same placeholders`, async () => {
      const [en, other] = await Promise.all([load('en.yml'), load(file)]);
      const missing = [...en.keys()].filter((key) => !other.has(key));
      const extra = [...other.keys()].filter((key) => !en.has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      const mismatched = [...en].filter(([key, message]) => JSON.stringify(shape(message)) !== JSON.stringify(shape(other.get(key)!)));
      expect(mismatched.map(([key]) => key)).toEqual([]);
      const empty = [...other].filter(([, m]) => m.type === 'simple' && !m.message.trim()).map(([key]) => key);
      expect(empty).toEqual([]);
    });
  }

  it('use only names Chrome accepts in messages.json', async () => {
    for (const file of files) {
      for (const key of (await load(file)).keys()) expect(key.replaceAll('.', '_')).toMatch(/^[A-Za-z0-9_]+$/);
    }
  });

  it('reach unit tests in English', () => {
    expect(i18n.t('item.copyLink')).toBe('Copy link');
    expect(i18n.t('prospect.readFrom', { source: 'Salesforce' })).toBe('Read from Salesforce');
    expect(getMessage('missing_key')).toBe('');
  });
});
