import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, prospectFields, root, shownSuggestions, waitFor, type Harness } from './harness';

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const WALL = 'https://www.linkedin.com/in/someone-behind-the-wall/';

describe('side panel on a LinkedIn profile, end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    h.routes.set(WALL, html(fixture('tests/fixtures/pages/linkedin-authwall.html')));
  });
  afterAll(() => h?.close());

  it('shows the prospect, suggestions with reasons, copies links and follows in-app navigation', async () => {
    const page = await h.openPage(MARIA);
    const pageErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    const tabId = await h.tabIdOf(MARIA);
    const panel = await h.openPanel(tabId);

    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'Maria in the Prospect region');
    const fields = await prospectFields(panel);
    expect(fields.Company).toBe('Northwind Health');
    expect(fields.Title).toMatch(/^Chief Financial Officer at Northwind Health/);
    expect(fields.Location).toBe('Austin, Texas, United States');
    const region = await panel.$eval('::-p-aria([name="Prospect"][role="region"])', (el) => (el as HTMLElement).innerText);
    expect(region).toContain('LinkedIn profile');
    // Nothing of the signed-in rep, the rail or the messaging overlay leaks in.
    expect(region).not.toMatch(/Alex Rivera|Jonas Weber|Tom Becker/);

    const suggestions = await waitFor(async () => {
      const shown = await shownSuggestions(panel);
      return shown.length > 0 ? shown : null;
    }, 'suggestions');
    expect(suggestions.length).toBeLessThanOrEqual(10);
    const healthcare = suggestions.find((s) => /health/i.test(s.text));
    expect(healthcare, 'a healthcare suggestion for a hospital CFO').toBeDefined();
    expect(healthcare!.text).toMatch(/Healthcare/);
    for (const suggestion of suggestions) {
      const restricted = /\bGated\b|Internal only/.test(suggestion.text);
      expect(suggestion.buttons.includes('Copy link')).toBe(!restricted);
    }

    // Copy link puts the item's URL on the clipboard and says so.
    const first = suggestions.find((s) => s.buttons.includes('Copy link'))!;
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
    const button = await panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(first.title)}]]//button[normalize-space()="Copy link"]`);
    await button!.click();
    await waitFor(async () => (await panel.$eval('[role="status"]', (el) => el.textContent)) === 'Link copied', 'the announcement');
    // By default the link carries the tracking template (lib/settings.ts DEFAULT_TRACKING_TEMPLATE).
    const copied = new URL(await panel.evaluate(() => navigator.clipboard.readText()));
    const published = new URL(first.href);
    expect(copied.origin + copied.pathname).toBe(published.origin + published.pathname);
    expect([copied.searchParams.get('utm_source'), copied.searchParams.get('utm_medium')]).toEqual(['pitchside', 'sales']);
    expect(copied.searchParams.get('utm_content')).toBeTruthy();
    await waitFor(async () => (await shownSuggestions(panel)).find((s) => s.title === first.title)?.text.includes('Shared'), '"Shared" on the copied item');

    // Insert puts the link into the message box open in the page, and nothing else changes there.
    const insert = await panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(first.title)}]]//button[normalize-space()="Insert"]`);
    await insert!.click();
    await waitFor(() => page.$eval('.msg-form__contenteditable', (el) => el.textContent ?? ''), 'the link in the LinkedIn message box');
    expect(await page.$eval('.msg-form__contenteditable', (el) => el.textContent)).toBe(copied.href);

    mkdirSync(join(root, 'artifacts'), { recursive: true });
    await panel.screenshot({ path: join(root, 'artifacts/panel-linkedin-profile.png'), fullPage: true });

    // In-app navigation to another profile: the URL changes first, the DOM a moment later.
    await page.bringToFront();
    await page.click('a[data-spa="jonas-weber-91c"]');
    const seen = new Set<string>();
    await waitFor(
      async () => {
        const name = (await prospectFields(panel).catch(() => ({}) as Record<string, string>)).Name ?? '';
        seen.add(name);
        return name === 'Jonas Weber';
      },
      'Jonas in the Prospect region',
      5000,
    );
    const after = await prospectFields(panel);
    expect(after.Company).toBe('Hanseatic Bank');
    expect(after.Location).toBe('Hamburg, Germany');
    const fresh = await panel.$eval('::-p-aria([name="Prospect"][role="region"])', (el) => (el as HTMLElement).innerText);
    expect(fresh).not.toContain('Maria');
    expect(pageErrors).toEqual([]);
  });

  it('says when it cannot read a profile and offers to enter one by hand', async () => {
    const page = await h.openPage(WALL);
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    const tabId = await h.tabIdOf(WALL);
    const panel = await h.openPanel(tabId);
    await panel.waitForFunction(() => document.body.innerText.includes('Could not read a prospect from this page'));
    const edit = await panel.waitForSelector('::-p-aria([name="Edit prospect"][role="button"])');
    await edit!.click();
    await panel.type('input[name="name"]', 'Dana Kim');
    await panel.type('input[name="title"]', 'VP Finance');
    await panel.type('input[name="industry"]', 'Hospital & Health Care');
    await panel.click('button[type="submit"]');
    await waitFor(async () => (await prospectFields(panel)).Name === 'Dana Kim', 'the hand-entered prospect');
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions for the hand-entered prospect');
    expect(errors).toEqual([]);
  });
});
