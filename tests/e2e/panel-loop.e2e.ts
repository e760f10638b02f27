import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { fixture, html, launch, prospectFields, settledSuggestions, shownSuggestions, waitFor, type Harness } from './harness';

declare const chrome: any;

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const status = (panel: Page) => panel.$eval('[role="status"]', (el) => el.textContent ?? '');
const button = (panel: Page, title: string, name: string) =>
  panel.waitForSelector(
    `xpath///li[.//a[normalize-space()=${JSON.stringify(title)}]]//button[@aria-label=${JSON.stringify(name)} or normalize-space()=${JSON.stringify(name)}]`,
  );

describe("the rep's loop in the panel", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
  });
  afterAll(() => h?.close());

  it('"Not useful" takes the item out at once, says why it went, and Undo brings it back first', async () => {
    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    const before = await settledSuggestions(panel, 2, 'suggestions for Maria');
    const first = before[0]!;
    await (await button(panel, first.title, 'Not useful'))!.click();
    await waitFor(async () => !(await shownSuggestions(panel)).some((s) => s.title === first.title), 'the item gone for this prospect');
    expect(await status(panel)).toContain(first.title);

    // A reason goes with the vote, in one click.
    await (await panel.waitForSelector('::-p-aria([name="Outdated"][role="button"])'))!.click();
    await waitFor(async () => (await status(panel)) === 'Reason saved', 'the reason saved');
    const stored = await panel.evaluate(async () => {
      const open = indexedDB.open('pitchside');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const all = await new Promise<any[]>((resolve) => {
        const request = db.transaction('feedback').objectStore('feedback').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return all.map((f) => ({ useful: f.useful, reason: f.reason }));
    });
    expect(stored).toEqual([{ useful: false, reason: 'Outdated' }]);

    // Pressing it again (the item is gone, so through Undo after a new vote) takes it back.
    const second = (await shownSuggestions(panel))[0]!;
    await (await button(panel, second.title, 'Not useful'))!.click();
    await waitFor(async () => !(await shownSuggestions(panel)).some((s) => s.title === second.title), 'the second item gone');
    await (await panel.waitForSelector('::-p-aria([name="Undo"][role="button"])'))!.click();
    await waitFor(async () => (await shownSuggestions(panel)).some((s) => s.title === second.title), 'the second item back after Undo');
    expect((await shownSuggestions(panel)).map((s) => s.title)).not.toContain(first.title);
  });

  it('"Useful" on one prospect raises the item for a similar one, with the reason', async () => {
    const alike = 'https://www.linkedin.com/in/sam-lee-alike/';
    h.routes.set(alike, html(fixture('lib/demo/pages/maria-gonzalez.html').replaceAll('Maria Gonzalez', 'Sam Lee')));
    await h.openPage(MARIA);
    const maria = await h.openPanel(await h.tabIdOf(MARIA));
    const last = (await settledSuggestions(maria, 3, 'suggestions for Maria')).filter((s) => s.buttons.includes('Useful')).at(-1)!;
    await (await button(maria, last.title, 'Useful'))!.click();
    await waitFor(async () => (await status(maria)).startsWith('Marked useful'), 'the vote');

    await h.openPage(alike);
    const sam = await h.openPanel(await h.tabIdOf(alike));
    await waitFor(async () => (await prospectFields(sam)).Name === 'Sam Lee', 'Sam');
    const shown = await waitFor(async () => (await shownSuggestions(sam)).find((s) => s.title === last.title), 'the item for Sam');
    expect(shown.text).toMatch(/You marked this useful for /);
  });

  it('copies with a message, and Insert copies instead where no message box is open', async () => {
    const url = 'https://www.linkedin.com/in/maria-insert-fallback/';
    h.routes.set(url, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    const page = await h.openPage(url);
    const panel = await h.openPanel(await h.tabIdOf(url));
    const item = await waitFor(async () => (await shownSuggestions(panel)).find((s) => s.buttons.includes('Insert')), 'Insert offered');

    await (await button(panel, item.title, 'Copy with message'))!.click();
    await waitFor(async () => (await status(panel)) === 'Message copied', 'the message copied');
    const message = (await panel.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(message[0]).toBe(item.title);
    expect(message.at(-1)).toMatch(/utm_source=pitchside&utm_medium=sales&utm_content=/);

    // The rep closes the message box; the panel has not heard yet and still offers Insert.
    await page.evaluate(() => document.getElementById('msg-overlay')!.remove());
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(async () => (await status(panel)).includes('the link was copied instead'), 'the fallback said');
    expect(await panel.evaluate(() => navigator.clipboard.readText())).toBe(message.at(-1));
  });

  it('without a prospect: the newest items, the ones shared most, search and Edit prospect', async () => {
    // A tab whose page tells nothing: the background has no context for it.
    const tabId = await h.worker.evaluate(() => chrome.tabs.create({ url: 'about:blank', active: false }).then((tab: { id: number }) => tab.id));
    const panel = await h.openPanel(tabId);
    await panel.waitForSelector('::-p-aria([name="Edit prospect"][role="button"])');
    await panel.waitForSelector('::-p-aria([name="Search collateral"])');
    const lists = await waitFor(
      () =>
        panel.$$eval('[aria-label^="Suggestions"]', (els) => {
          const named = els.filter((el) => el.children.length).map((el) => el.getAttribute('aria-label'));
          return named.length ? named : null;
        }),
      'lists without a prospect',
    );
    expect(lists).toContain('Suggestions: Newest in the catalog');
    expect(await panel.$eval('#suggestions-heading', (el) => el.textContent)).not.toMatch(/this prospect/);

    // Keyboard: arrows move between titles, C copies the one in focus.
    await panel.focus('[aria-label="Suggestions: Newest in the catalog"] .suggestion__title');
    await panel.keyboard.press('ArrowDown');
    const focused = await panel.evaluate(() => (document.activeElement as HTMLAnchorElement).textContent);
    const all = await panel.$$eval('[aria-label="Suggestions: Newest in the catalog"] .suggestion__title', (els) => els.map((el) => el.textContent));
    expect(focused).toBe(all[1]);
    await panel.keyboard.press('c');
    await waitFor(async () => (await status(panel)) === 'Link copied', 'C copies');
    // What the rep shares shows up among the ones shared most.
    // Earlier tests shared other items: wait for this share to reach the list, not for any list.
    const shared = await waitFor(
      () =>
        panel
          .$$eval('[aria-label="Suggestions: What you share most"] .suggestion__title', (els) => els.map((el) => el.textContent ?? ''))
          .then((titles) => (titles.includes(all[1] ?? '') ? titles : null)),
      'the copied item among the ones shared most',
    );
    expect(shared).toContain(all[1]);
  });
});
