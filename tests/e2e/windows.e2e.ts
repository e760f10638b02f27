import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, prospectFields, waitFor, type Harness } from './harness';

/**
 * Two windows with two record tabs each: every panel shows its own tab's prospect, and a rep
 * switching tabs in one window changes nothing in the other's panels. Panels are pinned to
 * their tab (sidepanel.html?tab=…), the form a popped-out panel takes: Chrome's real side panel
 * opens only from a user gesture (chrome.sidePanel.open, https://developer.chrome.com/docs/extensions/reference/api/sidePanel#method-open),
 * which a test cannot give.
 */

declare const chrome: any;

const pages = ['linkedin-profile/classic-no-about', 'linkedin-profile/sdui-hashed', 'linkedin-profile/sdui-name-paragraph', 'hubspot/contact-record'].map(
  (name) => {
    const expected = JSON.parse(fixture(`tests/fixtures/pages/${name}.expected.json`)) as { url: string; expected: { name: string } };
    return { name, url: expected.url, person: expected.expected.name, body: fixture(`tests/fixtures/pages/${name}.html`) };
  },
);

describe('two windows, several tabs each', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    for (const page of pages) h.routes.set(page.url, html(page.body));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every panel shows its own tab’s prospect', async () => {
    const tabs: number[] = [];
    for (const page of pages) {
      await h.openPage(page.url);
      tabs.push(await h.tabIdOf(page.url.split('?')[0]!));
    }
    // The last two tabs move to a second window.
    const second: number = await h.worker.evaluate(async (ids: number[]) => {
      const win = await chrome.windows.create({ tabId: ids[0] });
      await chrome.tabs.move(ids[1], { windowId: win.id, index: -1 });
      return win.id;
    }, tabs.slice(2));
    const windows: number[] = await h.worker.evaluate(async (ids: number[]) => Promise.all(ids.map(async (id) => (await chrome.tabs.get(id)).windowId)), tabs);
    expect(new Set(windows).size).toBe(2);
    expect(windows.slice(2)).toEqual([second, second]);

    const panels = [];
    for (const [index, tab] of tabs.entries()) {
      const panel = await h.openPanel(tab);
      await waitFor(async () => (await prospectFields(panel)).Name === pages[index]!.person, `${pages[index]!.person} in the panel of tab ${tab}`);
      panels.push(panel);
    }
    // The rep switches tabs in the first window: every panel keeps its own prospect.
    await h.worker.evaluate((id: number) => chrome.tabs.update(id, { active: true }).then(() => undefined), tabs[0]!);
    for (const [index, panel] of panels.entries()) expect((await prospectFields(panel)).Name).toBe(pages[index]!.person);
  });
});
