/**
 * Pages without a reader of their own: read on a toolbar click (the background injects the
 * content script under activeTab) and, on a site granted from the options page, automatically.
 *
 * Chromium cannot click its own toolbar or accept a permission prompt under automation, so this
 * file runs a copy of the built extension whose manifest already holds the test hosts (as an
 * accepted prompt would): `permissions.request` then resolves without a prompt, and the script
 * injection the toolbar click does (`scripting.executeScript` with the content script file) is
 * called from the service worker.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness';

declare const chrome: any;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const built = process.env.PITCHSIDE_OUT_DIR ?? '.output';
const granted = `${built}-granted`;
const SUGAR = 'https://crm.lakeside-partners.example/';
const SUGAR_ORIGIN = 'https://crm.lakeside-partners.example/*';
const HARBOR = 'https://harbor-outfitters.example/';
const ZOHO = 'https://crm.zoho.eu/crm/org20071234/tab/Potentials/512300000004567012';
const TEST_HOSTS = [SUGAR_ORIGIN, 'https://harbor-outfitters.example/*', 'https://crm.zoho.eu/*'];

let harness: typeof import('./harness');

describe('reading pages without a site reader', () => {
  let h: Harness;

  beforeAll(async () => {
    rmSync(join(root, granted), { recursive: true, force: true });
    cpSync(join(root, built, 'chrome-mv3'), join(root, granted, 'chrome-mv3'), { recursive: true });
    const manifestPath = join(root, granted, 'chrome-mv3', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.host_permissions = TEST_HOSTS;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    process.env.PITCHSIDE_OUT_DIR = granted;
    harness = await import('./harness');
    h = await harness.launch();
    const sugar = harness.fixture('tests/fixtures/pages/generic/sugarcrm-account.html');
    // SugarCRM routes by hash: a click on another account changes the hash, the record a moment later.
    const spa = `<a id="spa-link" href="#Accounts/0e1f2a3b-4c5d-11ef-8a9b-02a3c4d5e6f7">Brightline</a><script>
      window.addEventListener('hashchange', () => setTimeout(() => {
        document.querySelector('.headerpane h1 .detail').textContent = 'Brightline Manufacturing';
        document.querySelector('[data-name="industry"] .ellipsis_inline').textContent = 'Industrial Machinery';
        document.querySelector('[data-name="employees"] .ellipsis_inline').textContent = '2400';
        document.querySelector('[data-name="billing_address"] .address').textContent = 'Milwaukee, WI, USA';
        document.querySelector('[data-name="description"] .textarea').textContent = 'Three plants.';
      }, 300));</script>`;
    h.routes.set(SUGAR, harness.html(sugar.replace('</body>', `${spa}</body>`)));
    h.routes.set(HARBOR, harness.html(harness.fixture('tests/fixtures/pages/structured-data/company-website-graph.html')));
    h.routes.set(ZOHO, harness.html(harness.fixture('tests/fixtures/pages/saas-crms/zoho-deal-de.html')));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(join(root, granted), { recursive: true, force: true });
  });

  async function stateOf(tabId: number): Promise<string | null> {
    return h.worker.evaluate(
      async (id: number) => ((await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { status?: string } | undefined)?.status ?? null,
      tabId,
    );
  }

  async function tabOf(url: string): Promise<number> {
    return harness.waitFor(
      () => h.worker.evaluate(async (u: string) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url?.startsWith(u))?.id ?? null, url),
      `the tab of ${url}`,
    );
  }

  it('a toolbar click reads a page with structured data only, and a CRM page in German by its labels', async () => {
    for (const [url, expected, source] of [
      [HARBOR, { Name: 'Harbor Outfitters Ltd', Location: 'Bristol, England, GB', 'Company size': '1000-5000 employees' }, 'structured data'],
      [
        ZOHO,
        {
          Name: 'Elbe Logistik – Flottentelematik',
          Company: 'Elbe Logistik GmbH',
          Stage: 'Verhandlung/Prüfung',
          Amount: '€ 95.000,00',
          Competitors: 'Webfleet, Samsara',
        },
        'Zoho CRM',
      ],
    ] as const) {
      const page = await h.openPage(url);
      const tabId = await tabOf(url);
      // Not read before the click: no content script runs on these hosts by default.
      await new Promise((r) => setTimeout(r, 500));
      expect(await stateOf(tabId)).not.toBe('read');
      await h.worker.evaluate(
        (id: number) => chrome.scripting.executeScript({ target: { tabId: id }, files: ['/content-scripts/content.js'] }).then(() => undefined),
        tabId,
      );
      const panel = await h.openPanel(tabId);
      await harness.waitFor(async () => (await harness.prospectFields(panel)).Name === expected.Name, `${expected.Name} in the panel`);
      expect(await harness.prospectFields(panel)).toMatchObject(expected);
      expect(await panel.$eval('::-p-aria([name="Prospect"][role="region"])', (el) => (el as HTMLElement).innerText)).toContain(source);
      await panel.close();
      await page.close();
    }
  });

  it('a site granted on the options page is read automatically, follows hash navigation, and stops on removal', async () => {
    const options = await h.openExtensionPage('options.html');
    const input = await options.waitForSelector('::-p-aria([name="Site to read"][role="textbox"])');
    await input!.type('crm.lakeside-partners.example');
    await (await options.waitForSelector('::-p-aria([name="Grant access"][role="button"])'))!.click();
    await options.waitForFunction((origin: string) => document.body.innerText.includes(origin), {}, SUGAR_ORIGIN);
    await harness.waitFor(
      () => h.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s: { matches: string[] }) => s.matches[0]).join(' ')),
      'the content script registered for the granted site',
    );
    expect(
      await h.worker.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).map((s: { matches: string[]; persistAcrossSessions: boolean }) => [
          s.matches,
          s.persistAcrossSessions,
        ]),
      ),
    ).toEqual([[[SUGAR_ORIGIN], true]]);

    const url = `${SUGAR}#Accounts/7b2c3d4e-5f60-11ef-9a1b-02a3c4d5e6f7`;
    const page = await h.openPage(url);
    const tabId = await h.tabIdOf(SUGAR);
    const panel = await h.openPanel(tabId);
    await harness.waitFor(async () => (await harness.prospectFields(panel)).Name === 'Lakeside Hospital Group', 'the SugarCRM account, read without a click');
    expect(await harness.prospectFields(panel)).toMatchObject({
      Company: 'Lakeside Hospital Group',
      Industry: 'Healthcare',
      'Company size': '3500',
      Record: 'Account',
    });

    await page.bringToFront();
    await page.click('#spa-link');
    await harness.waitFor(
      async () => (await harness.prospectFields(panel)).Name === 'Brightline Manufacturing',
      'the next account after hash navigation',
      5000,
    );
    expect(await harness.prospectFields(panel)).toMatchObject({ Industry: 'Industrial Machinery', 'Company size': '2400' });

    await options.bringToFront();
    await options.reload();
    const remove = await options.waitForSelector('xpath///li[contains(., "crm.lakeside-partners.example")]//button[normalize-space()="Remove"]');
    await remove!.click();
    await harness.waitFor(
      async () => (await h.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)) === 0,
      'the content script unregistered',
    );
    const again = await h.openPage(`${SUGAR}#Accounts/7b2c3d4e-5f60-11ef-9a1b-02a3c4d5e6f7`);
    await new Promise((r) => setTimeout(r, 800));
    const againId = await harness.waitFor(
      () =>
        h.worker.evaluate(
          async (args: [string, number]) =>
            (await chrome.tabs.query({})).find((t: { url?: string; id: number }) => t.url?.startsWith(args[0]) && t.id !== args[1])?.id ?? null,
          [SUGAR, tabId] as [string, number],
        ),
      'the second tab',
    );
    expect(await stateOf(againId)).not.toBe('read');
    await again.close();
    await panel.close();
    await page.close();
    await options.close();
  });
});
