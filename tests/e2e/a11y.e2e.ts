import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, html, launch, prospectFields, shownSuggestions, waitFor, type Harness } from './harness';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
}

/** Runs axe-core in the page; returns serious and critical violations, described. */
async function audit(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as AxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('accessibility (axe-core) of what a rep sees', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await launch();
    h.routes.set(MARIA, html(fixture('lib/demo/pages/maria-gonzalez.html')));
  });
  afterAll(() => h?.close());

  it('side panel with a prospect and suggestions, and its edit form', async () => {
    await h.openPage(MARIA);
    const panel = await h.openPanel(await h.tabIdOf(MARIA));
    await waitFor(async () => (await prospectFields(panel)).Name === 'Maria Gonzalez', 'the prospect');
    await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
    expect(await audit(panel)).toEqual([]);
    await (await panel.waitForSelector('::-p-aria([name="Edit prospect"][role="button"])'))!.click();
    await panel.waitForSelector('form[aria-label="Edit prospect"]');
    expect(await audit(panel)).toEqual([]);
  });

  it.each(['options.html', 'insights.html'])('%s', async (path) => {
    const page = await h.openExtensionPage(path);
    await page.waitForSelector('main');
    expect(await audit(page)).toEqual([]);
  });
});
