import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { fixture, html, launch, prospectFields, root, shownSuggestions, waitFor, type Harness } from './harness';

/** The README's screenshots (section "What a rep gets"), made from the demo pages by this suite. */
const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const OPPORTUNITY = 'https://corvana-demo.lightning.force.com/lightning/r/Opportunity/006Dn00000KeYsTIAV/view';
const dir = join(root, 'docs/screenshots');

async function shoot(page: Page, name: string) {
  mkdirSync(dir, { recursive: true });
  // Settled fonts and no caret blinking in the picture.
  await page.evaluate(() => document.fonts.ready.then(() => (document.activeElement as HTMLElement | null)?.blur()));
  await page.screenshot({ path: join(dir, name), fullPage: true });
}

describe('screenshots, English', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    h.routes.set(OPPORTUNITY, html(fixture('lib/demo/pages/salesforce-opportunity.html')));
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
  });
  afterAll(() => h?.close());

  it('the panel on a LinkedIn profile', async () => {
    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'Maria');
    const first = await waitFor(async () => (await shownSuggestions(panel)).find((s) => s.buttons.includes('Copy link')), 'suggestions');
    // One share, so the picture shows "Shared just now" and the Insights page has something to say.
    await (await panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(first.title)}]]//button[normalize-space()="Copy link"]`))!.click();
    await waitFor(async () => (await shownSuggestions(panel)).find((s) => s.title === first.title)?.text.includes('Shared'), 'shared');
    await shoot(panel, 'panel-linkedin.png');
  });

  it('the panel on a Salesforce opportunity', async () => {
    await h.openPage(OPPORTUNITY);
    const panel = await h.openPanel(await h.tabIdOf(OPPORTUNITY));
    await waitFor(async () => (await prospectFields(panel)).Stage, 'the opportunity stage');
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
    await shoot(panel, 'panel-salesforce.png');
  });

  it('the Insights page', async () => {
    const page = await h.openExtensionPage('insights.html');
    await page.setViewport({ width: 1100, height: 900 });
    await waitFor(() => page.$eval('main', (el) => (el.textContent ?? '').length > 40), 'the insights page');
    await new Promise((r) => setTimeout(r, 500)); // its charts render after the data loads
    await shoot(page, 'insights.png');
  });
});

describe('screenshots, German interface', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch({ lang: 'de' });
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
  });
  afterAll(() => h?.close());

  it('speaks German when the browser does', async () => {
    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    const region = await panel.waitForSelector('::-p-aria([name="Interessent"][role="region"])');
    await waitFor(() => region!.evaluate((el) => el.querySelector('dt')?.textContent === 'Name'), 'the prospect');
    const suggestions = await waitFor(async () => {
      const found = await panel.$$eval('[aria-label^="Vorschläge"] > li', (lis) =>
        lis.map((li) => Array.from(li.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? b.textContent!.trim())),
      );
      return found.length ? found : null;
    }, 'German suggestions');
    expect(suggestions.some((buttons) => buttons.includes('Link kopieren'))).toBe(true);
    expect(suggestions.every((buttons) => buttons.includes('Nützlich') && buttons.includes('Nicht nützlich'))).toBe(true);
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('de');
    // The reasons' own words are German too; the catalog's labels stay as marketing wrote them.
    const reasons = await panel.$$eval('.suggestion__reasons', (ps) => ps.map((p) => p.textContent ?? ''));
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join(' · ')).not.toMatch(/\bmentions\b|, from: |Introduction for any prospect|Recent in the catalog|About this account/);
    expect(await panel.$eval('input[type="search"]', (el) => el.getAttribute('aria-label'))).toBe('Material suchen');
    await shoot(panel, 'panel-german.png');
  });
});
