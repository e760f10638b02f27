import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { fixture, html, launch, prospectFields, shownSuggestions, waitFor, type Harness } from './harness';

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const NORA = 'https://www.linkedin.com/in/nora-quinn-7c1/';
const ABOUT = /Finance leader at a 1,200-bed health system\.[^<]*this year\./g;

/** A marketing head at a charity: the demo catalog has nothing for nonprofits' marketing. */
function noraPage(): string {
  return fixture('lib/demo/pages/maria-gonzalez.html')
    .replaceAll('Maria Gonzalez', 'Nora Quinn')
    .replaceAll('Chief Financial Officer', 'Head of Marketing')
    .replaceAll('Northwind Health', 'Hope Street Charity')
    .replaceAll('Lakeside Hospital Group', 'Riverside Arts Trust')
    .replace('Revenue cycle, FP&amp;A, value-based care', 'Donor campaigns')
    .replace(ABOUT, 'Marketing lead at a charity. I care about donor campaigns and volunteer stories.');
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations of the page, described. */
async function audit(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Waits for the prospect's own suggestions (not the catalog's newest, shown before the page is read). */
async function prospectSuggestions(panel: Page, name: string) {
  await waitFor(async () => (await prospectFields(panel)).Name === name, name);
  await waitFor(() => panel.evaluate(() => document.querySelectorAll('[aria-label="Suggestions"] > li').length >= 3), `suggestions for ${name}`);
  return (await shownSuggestions(panel)).filter((s) => s.buttons.includes('Copy link'));
}

async function click(panel: Page, title: string, button: string): Promise<void> {
  const handle = await panel.waitForSelector(
    `xpath///li[.//a[normalize-space()=${JSON.stringify(title)}]]//button[@aria-label=${JSON.stringify(button)} or normalize-space()=${JSON.stringify(button)}]`,
  );
  await handle!.click();
}

/** The text of the table rows in the section headed `heading`. */
async function rows(page: Page, heading: string): Promise<string[]> {
  return page.evaluate((name: string) => {
    const h2 = Array.from(document.querySelectorAll('h2')).find((h) => h.textContent?.trim() === name);
    const section = h2?.closest('section');
    return Array.from(section?.querySelectorAll('tbody tr, li') ?? []).map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim());
  }, heading);
}

describe('the Insights page', () => {
  let h: Harness;
  let downloads: string;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
    h.routes.set(NORA, html(noraPage()));
    downloads = mkdtempSync(join(tmpdir(), 'pitchside-downloads-'));
    const session = await h.browser.target().createCDPSession();
    await session.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
  });
  afterAll(async () => {
    await h?.close();
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  it('shows what the rep shared and rated in the panel, and exports it as CSV and JSON', async () => {
    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    const [first, second] = await prospectSuggestions(panel, 'Maria Gonzalez');
    await click(panel, first!.title, 'Copy link');
    await waitFor(() => panel.evaluate(() => navigator.clipboard.readText()), 'the copied link');
    await click(panel, first!.title, 'Useful');
    await panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(first!.title)}]]//button[@aria-label="Useful" and @aria-pressed="true"]`);
    await click(panel, second!.title, 'Not useful');
    // Not useful takes the item off this prospect's list at once.
    await waitFor(async () => !(await shownSuggestions(panel)).some((s) => s.title === second!.title), 'the rejected item to leave the list');
    // The one-click reason of the bar that follows a vote.
    await (await panel.waitForSelector('::-p-aria([name="Outdated"][role="button"])'))!.click();

    // A second prospect, whom nothing in the demo catalog fits well.
    await h.openPage(NORA);
    const noraPanel = await h.openPanel(await h.tabIdOf(NORA));
    await prospectSuggestions(noraPanel, 'Nora Quinn');

    const insights = await h.openExtensionPage('insights.html');
    await waitFor(async () => (await rows(insights, 'Most shared items')).some((r) => r.startsWith(first!.title)), 'the share on the Insights page');
    const rejected = await waitFor(
      async () => (await rows(insights, 'Most often marked not useful')).find((r) => r.startsWith(second!.title)),
      'the vote against',
    );
    // One vote (the reason replaced the vote without a reason), with its reason.
    expect(rejected).toContain(`${second!.title} 1 0 “Outdated” (1)`);
    expect((await rows(insights, 'Most shared items'))[0]).toBe(`${first!.title} 1`);
    expect((await rows(insights, 'Most useful items'))[0]).toBe(`${first!.title} 1`);
    // The weekly chart is an image with a name, beside a table of the same figures.
    const chart = await insights.waitForSelector('svg[role="img"]');
    expect(await chart!.evaluate((svg) => svg.querySelector('title')?.textContent)).toBe('Shares and useful votes per week');
    const weekly = await rows(insights, 'Shared and useful, week by week');
    expect(weekly[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d 1 .*${first!.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Nora's kind of prospect is a content gap; Maria's, served well, is not.
    const gaps = await waitFor(async () => {
      const found = await rows(insights, 'Content gaps');
      return found.length ? found : null;
    }, 'a content gap');
    expect(gaps.some((r) => /^Nonprofit Marketing leader/.test(r))).toBe(true);
    expect(gaps.some((r) => /^Healthcare Finance leader/.test(r))).toBe(false);
    // With every section filled, the page passes axe-core.
    expect(await audit(insights)).toEqual([]);
    const never = await rows(insights, 'Never suggested, never shared');
    expect(never.length).toBeGreaterThan(0);
    expect(never).not.toContain(first!.title);

    await (await insights.waitForSelector('::-p-aria([name="Export CSV"][role="button"])'))!.click();
    const csvName = await waitFor(async () => readdirSync(downloads).find((f) => f.endsWith('.csv')), 'the CSV download');
    const csv = readFileSync(join(downloads, csvName), 'utf8').split('\r\n');
    expect(csv[0]).toBe('section,week,item_id,source_id,title,industry,persona,stage,reason,count,of');
    expect(csv.some((line) => line.startsWith('most_shared,,') && line.includes(first!.title.split(',')[0]!) && line.endsWith(',1,'))).toBe(true);
    expect(csv.some((line) => line.startsWith('most_not_useful,,') && line.includes(second!.title.split(',')[0]!) && line.endsWith(',1,'))).toBe(true);
    expect(csv.some((line) => line.startsWith('not_useful_reason,,') && line.endsWith(',Outdated,1,'))).toBe(true);
    expect(csv.some((line) => line.startsWith('content_gap,') && line.includes('Nonprofit,Marketing leader'))).toBe(true);

    await (await insights.waitForSelector('::-p-aria([name="Export JSON"][role="button"])'))!.click();
    const jsonName = await waitFor(async () => readdirSync(downloads).find((f) => f.endsWith('.json')), 'the JSON download');
    const json = JSON.parse(readFileSync(join(downloads, jsonName), 'utf8'));
    expect(json.totals).toMatchObject({ shares: 1, useful: 1, notUseful: 1, prospects: 2 });
    expect(json.mostShared[0]).toMatchObject({ title: first!.title, count: 1, inCatalog: true });
    expect(json.mostNotUseful[0]).toMatchObject({ title: second!.title, notUseful: 1, reasons: [{ reason: 'Outdated', count: 1 }] });
    expect(json.gaps).toContainEqual(
      expect.objectContaining({
        industry: { id: 'nonprofit', label: 'Nonprofit' },
        persona: { id: 'marketing-leader', label: 'Marketing leader' },
        unserved: 1,
      }),
    );
    // Names and profile URLs are not part of the insights.
    expect(JSON.stringify(json)).not.toMatch(/Maria|Nora|linkedin\.com\/in/);
  });

  it('Clear my data empties the Insights page and keeps the catalog', async () => {
    // An open panel would record its suggestions again at once: close them first.
    for (const page of await h.browser.pages()) if (page.url().includes('/sidepanel.html')) await page.close();
    const options = await h.openExtensionPage('options.html');
    await (await options.waitForSelector('::-p-aria([name="Clear my data"][role="button"])'))!.click();
    await waitFor(() => options.evaluate(() => document.body.innerText.includes('The catalog is kept.')), 'the status of Clear my data');
    const insights = await h.openExtensionPage('insights.html');
    await waitFor(
      async () => (await rows(insights, 'Most shared items')).length === 0 && insights.evaluate(() => document.body.innerText.includes('Nothing shared yet.')),
      'an empty Insights page',
    );
    const neverCount = await insights.evaluate(() =>
      document.body.innerText
        .match(/(\d+) of the (\d+) items in the catalog/)
        ?.slice(1)
        .map(Number),
    );
    expect(neverCount?.[0]).toBe(neverCount?.[1]);
    expect(neverCount?.[1]).toBeGreaterThan(0);
  });
});
