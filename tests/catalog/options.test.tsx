// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SettingsForm } from '@/components/options/settings-form';
import { SourceList } from '@/components/options/source-list';
import { readLocal, defaultSettings } from '@/lib/settings';
import type { CatalogSource } from '@/lib/db/database';
import { english, msg } from '@/lib/catalog/messages';
import { useLocale } from '../setup/i18n';

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const source = (patch: Partial<CatalogSource>): CatalogSource => ({
  id: 'url:https://a.example/c.json',
  kind: 'url',
  name: 'https://a.example/c.json',
  url: 'https://a.example/c.json',
  vocabulary: {},
  itemCount: 12,
  ...patch,
});

describe('sources on the options page', () => {
  it('shows count, publisher, error and skipped items as text, and removes with one click', () => {
    const onRemove = vi.fn();
    render(
      <SourceList
        sources={[
          source({
            publisher: '<b>Acme</b>',
            lastGoodSyncAt: Date.UTC(2026, 10, 20),
            lastError: 'The server answered HTTP 500.',
            lastAttemptAt: Date.UTC(2026, 10, 21),
            failures: 2,
            problems: [
              { where: 'row 5', reason: 'url must be https' },
              { where: 'row 7', reason: 'updatedAt ignored', warning: true },
            ],
            problemCount: 2,
            totalInCatalog: 13,
          }),
        ]}
        granted={new Set()}
        busy={false}
        onRemove={onRemove}
        onAllow={vi.fn()}
      />,
      root,
    );
    const text = root.textContent!;
    expect(text).toContain('12 items');
    expect(text).toContain('<b>Acme</b>');
    expect(root.querySelector('b')).toBeNull();
    expect(text).toMatch(/Last sync failed .*The server answered HTTP 500\. \(2 times in a row\)/);
    expect(root.querySelector('summary')!.textContent).toBe('1 item skipped, 1 warning (of 13 items in the catalog)');
    expect(text).toContain('row 5: url must be https (skipped)');
    const remove = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Remove')!;
    remove.click();
    expect(onRemove).toHaveBeenCalledTimes(1);
  });

  it("offers to allow access after a network error on a host not granted, and no Remove for IT's catalogs", () => {
    const onAllow = vi.fn();
    render(
      <SourceList
        sources={[source({ lastError: 'Could not reach a.example', lastErrorKind: 'network', managed: true })]}
        granted={new Set()}
        busy={false}
        onRemove={vi.fn()}
        onAllow={onAllow}
      />,
      root,
    );
    const buttons = [...root.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Allow access to a.example']);
    expect(root.textContent).toContain('Your IT department manages this catalog.');
    render(
      <SourceList
        sources={[source({ lastError: 'x', lastErrorKind: 'network' })]}
        granted={new Set(['https://a.example/*'])}
        busy={false}
        onRemove={vi.fn()}
        onAllow={onAllow}
      />,
      root,
    );
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Remove']);
  });

  it("shows a failed sync's reason in the rep's language, and a record stored with English text only as it was", async () => {
    const restore = await useLocale('de');
    try {
      const reason = msg('catalog.timeout', { host: 'a.example', seconds: 30 });
      render(
        <SourceList
          sources={[
            source({ id: 'new', name: 'new', lastError: english(reason), lastErrorI18n: reason, lastAttemptAt: Date.UTC(2026, 10, 21) }),
            source({ id: 'old', name: 'old', lastError: 'a.example did not answer within 30 seconds.', lastAttemptAt: Date.UTC(2026, 10, 21) }),
          ]}
          granted={new Set()}
          busy={false}
          onRemove={vi.fn()}
          onAllow={vi.fn()}
        />,
        root,
      );
      const [fresh, old] = [...root.querySelectorAll('.source__error')].map((p) => p.textContent);
      expect(fresh).toMatch(/^Letzte Synchronisierung fehlgeschlagen .*: a\.example hat nicht innerhalb von 30 Sekunden geantwortet\.$/);
      expect(old).toMatch(/^Letzte Synchronisierung fehlgeschlagen .*: a\.example did not answer within 30 seconds\.$/);
    } finally {
      restore();
    }
  });
});

describe('sync and sharing settings', () => {
  it("lists an item's problem in the rep's language, and a problem stored with English text only as it was", async () => {
    const restore = await useLocale('de');
    try {
      const reason = msg('catalog.fieldMustBe', { field: 'url', expected: msg('catalog.expectHttpsUrl') });
      const ignored = msg('catalog.problemIgnored', {
        reason: msg('catalog.fieldMustBe', { field: 'keywords', expected: msg('catalog.expectList') }),
        value: '"a"',
      });
      render(
        <SourceList
          sources={[
            source({
              problems: [
                { where: 'row 5', whereI18n: msg('catalog.whereRow', { row: 5 }), reason: english(reason), reasonI18n: reason },
                { where: 'items[6] (id "y")', reason: english(ignored), reasonI18n: ignored, warning: true },
                // A record from before the descriptors, and one this version cannot read: their English.
                { where: 'items[7]', reason: 'title is missing' },
                { where: 'items[8]', reason: 'id is empty', reasonI18n: { key: 'catalog.noSuchKeyAnyMore' } as never },
              ],
              problemCount: 4,
            }),
          ]}
          granted={new Set()}
          busy={false}
          onRemove={vi.fn()}
          onAllow={vi.fn()}
        />,
        root,
      );
      expect([...root.querySelectorAll('.source__problems li')].map((li) => li.textContent)).toEqual([
        'Zeile 5: url muss eine absolute https:-URL (http: nur für localhost) sein (übersprungen)',
        'items[6] (id "y"): keywords muss eine Liste sein: ignoriert ("a")',
        'items[7]: title is missing (übersprungen)',
        'items[8]: id is empty (übersprungen)',
      ]);
    } finally {
      restore();
    }
  });

  it('are read-only with a note when IT locked them', () => {
    render(<SettingsForm settings={{ ...defaultSettings, syncIntervalHours: 12, locked: true, managed: { locked: true } }} onSaved={vi.fn()} />, root);
    const inputs = [...root.querySelectorAll('input')];
    expect(inputs.map((i) => i.readOnly)).toEqual([true, true]);
    expect(inputs[0]!.value).toBe('12');
    expect(root.textContent).toContain('set by your IT department');
    expect(root.querySelector('button')).toBeNull();
  });

  it("saves the rep's interval and template, and refuses an interval out of range", async () => {
    const onSaved = vi.fn();
    await act(() => render(<SettingsForm settings={{ ...defaultSettings, managed: {} }} onSaved={onSaved} />, root));
    const [hours, template] = [...root.querySelectorAll('input')] as [HTMLInputElement, HTMLInputElement];
    const type = async (input: HTMLInputElement, value: string) =>
      act(() => {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    const submit = () =>
      act(async () => {
        root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
        await new Promise((r) => setTimeout(r, 20));
      });
    await type(hours, '200');
    await submit();
    expect(root.textContent).toContain('between 0.25 and 168 hours');
    expect(onSaved).not.toHaveBeenCalled();
    await type(hours, '3');
    await type(template, ' utm_source=pitchside ');
    await submit();
    expect(onSaved).toHaveBeenCalledWith('Settings saved.');
    expect(await readLocal()).toMatchObject({ syncIntervalHours: 3, trackingTemplate: 'utm_source=pitchside' });
  });
});
