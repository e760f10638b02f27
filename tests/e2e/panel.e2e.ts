import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, prospectFields, shownSuggestions, waitFor, type Harness } from './harness';

declare const chrome: any;

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const JONAS = 'https://www.linkedin.com/in/jonas-weber-91c/';

/** A second profile for a second tab: the demo page with another person in it. */
function jonasPage(): string {
  return fixture('lib/demo/pages/maria-gonzalez.html')
    .replaceAll('Maria Gonzalez', 'Jonas Weber')
    .replace(/Chief Financial Officer at Northwind Health[^<]*/, 'VP IT Infrastructure at Hanseatic Bank')
    .replace('Austin, Texas, United States', 'Hamburg, Germany');
}

describe('the real side panel follows the active tab', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    h.routes.set(JONAS, html(jonasPage()));
  });
  afterAll(() => h?.close());

  it('opens beside the page and switches prospect when the rep switches tabs', async () => {
    const maria = await h.openPage(MARIA);
    const mariaTab = await h.tabIdOf(MARIA);
    const jonas = await h.openPage(JONAS);
    await h.tabIdOf(JONAS);
    await maria.bringToFront();

    // chrome.sidePanel.open needs a user gesture: an extension page driven by Puppeteer has one.
    const opener = await h.openExtensionPage('options.html');
    const windowId = await h.worker.evaluate((id: number) => chrome.tabs.get(id).then((t: { windowId: number }) => t.windowId), mariaTab);
    const panelTarget = h.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html'));
    await opener.evaluate((id: number) => chrome.sidePanel.open({ windowId: id }), windowId);
    await opener.close();
    await maria.bringToFront();
    const panel = (await (await panelTarget).asPage())!;

    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'Maria in the real side panel');
    // The panel must not take focus from the page the rep is working in.
    expect(await maria.evaluate(() => document.hasFocus())).toBe(true);

    await jonas.bringToFront();
    await waitFor(async () => (await prospectFields(panel)).Name === 'Jonas Weber', 'Jonas after switching tabs');
    expect((await prospectFields(panel)).Company).toBe('Hanseatic Bank');

    await maria.bringToFront();
    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'Maria again');
  });

  it('remembers a correction for the record and shows it, marked edited, on the next visit', async () => {
    const page = await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'Maria');
    await (await panel.waitForSelector('::-p-aria([name="Edit prospect"][role="button"])'))!.click();
    const industry = await panel.waitForSelector('input[name="industry"]');
    await industry!.type('Hospital & Health Care');
    await panel.click('button[type="submit"]');
    await waitFor(async () => (await prospectFields(panel)).Industry === 'Hospital & Health Care', 'the corrected industry');

    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitFor(async () => (await prospectFields(panel)).Industry === 'Hospital & Health Care', 'the correction after a reload');
    const marked = await panel.$$eval('dd.is-edited', (dds) => dds.map((dd) => dd.previousElementSibling?.textContent));
    expect(marked).toEqual(['Industry']);
    expect((await prospectFields(panel)).Name).toBe('Maria Gonzalez');
  });

  it('offers Insert only while the page has a message box open', async () => {
    const url = 'https://www.linkedin.com/in/maria-no-messaging/';
    h.routes.set(url, html(fixture('lib/demo/pages/maria-gonzalez.html').replace(/<aside id="msg-overlay"[\s\S]*?<\/aside>/, '')));
    const page = await h.openPage(url);
    const panel = await h.openPanel(await h.tabIdOf(url));
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
    const shareable = (await shownSuggestions(panel)).filter((s) => s.buttons.includes('Copy link'));
    expect(shareable.length).toBeGreaterThan(0);
    expect(shareable.some((s) => s.buttons.includes('Insert'))).toBe(false);

    // The rep opens a message: the panel offers Insert.
    await page.evaluate(() => {
      const box = document.createElement('div');
      box.setAttribute('contenteditable', 'true');
      box.setAttribute('role', 'textbox');
      box.style.cssText = 'position:fixed;bottom:0;right:0;width:300px;height:60px';
      document.body.append(box);
    });
    await waitFor(async () => (await shownSuggestions(panel)).some((s) => s.buttons.includes('Insert')), 'Insert once a message box is open');
  });
});
