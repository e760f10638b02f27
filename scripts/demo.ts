/**
 * `npm run demo`: Pitchside on its bundled demo catalog and demo prospect pages.
 * Launches Chromium with the built extension on a LinkedIn profile and a Salesforce
 * opportunity, each served at its real URL (request interception; nothing leaves the
 * machine). With a display, the browser stays open with the side panel beside the pages;
 * without one it runs headless, saves a screenshot of the panel for each page and prints
 * the suggestions here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, html, launch, prospectFields, root, shownSuggestions, waitFor } from '../tests/e2e/harness';

declare const chrome: any;

const pages = [
  { url: 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/', file: 'lib/demo/pages/maria-gonzalez.html', shot: 'demo-panel.png' },
  {
    url: 'https://corvana-demo.lightning.force.com/lightning/r/Opportunity/006Dn00000KeYsTIAV/view',
    file: 'lib/demo/pages/salesforce-opportunity.html',
    shot: 'demo-panel-salesforce.png',
  },
];
const headless = !process.env.DISPLAY || process.argv.includes('--headless');

const h = await launch({ headless });
for (const page of pages) h.routes.set(page.url, html(fixture(page.file)));

if (!headless) {
  const opened = [];
  for (const page of pages) opened.push({ page: await h.openPage(page.url), tabId: await h.tabIdOf(page.url) });
  const first = opened[0]!;
  await first.page.bringToFront();
  // The real side panel needs a user gesture from an extension page: Puppeteer's evaluate gives one.
  const opener = await h.openExtensionPage('options.html');
  const windowId = await h.worker.evaluate((id: number) => chrome.tabs.get(id).then((t: any) => t.windowId), first.tabId);
  await opener.evaluate((id: number) => chrome.sidePanel.open({ windowId: id }), windowId).catch(() => undefined);
  await opener.close();
  await first.page.bringToFront();
  console.log('Pitchside is open beside Maria Gonzalez’s LinkedIn profile; the next tab holds a Salesforce');
  console.log('opportunity. Switch tabs, or click "Jonas Weber" under "People also viewed", and the panel follows.');
  console.log('Close the browser (or press Ctrl+C) to end.');
  await new Promise<void>((resolve) => h.browser.on('disconnected', () => resolve()));
  process.exit(0);
}

mkdirSync(join(root, 'artifacts'), { recursive: true });
for (const { url, shot } of pages) {
  await h.openPage(url);
  const panel = await h.openPanel(await h.tabIdOf(url));
  await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
  const fields = await prospectFields(panel);
  const suggestions = await shownSuggestions(panel);
  const path = join(root, 'artifacts', shot);
  await panel.screenshot({ path, fullPage: true });

  console.log(`\nProspect (${url})`);
  for (const [label, value] of Object.entries(fields)) console.log(`  ${label.padEnd(12)} ${value}`);
  console.log('Suggestions');
  suggestions.forEach((s, index) => {
    const lines = s.text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const reasons = lines.find((l) => l.includes(' · ')) ?? lines.find((l) => l.startsWith('mentions')) ?? '';
    const flag = /\bGated\b/.test(s.text) ? ' [gated]' : /Internal only/.test(s.text) ? ' [internal only: for your preparation]' : '';
    console.log(`  ${String(index + 1).padStart(2)}. ${s.title}${flag}\n      ${reasons}\n      ${s.href}`);
  });
  console.log(`Screenshot of the panel: ${path}`);
}
await h.close();
