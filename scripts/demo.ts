/**
 * `npm run demo`: Pitchside on its bundled demo catalog and demo prospect page.
 * Launches Chromium with the built extension on a LinkedIn profile served at its real URL
 * (request interception; nothing leaves the machine). With a display, the browser stays open
 * with the side panel beside the profile; without one it runs headless, saves a screenshot
 * of the panel and prints the suggestions here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, html, launch, prospectFields, root, shownSuggestions, waitFor } from '../tests/e2e/harness';

declare const chrome: any;

const PROFILE = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const headless = !process.env.DISPLAY || process.argv.includes('--headless');

const h = await launch({ headless });
h.routes.set(PROFILE, html(fixture('lib/demo/pages/maria-gonzalez.html')));
const page = await h.openPage(PROFILE);
const tabId = await h.tabIdOf(PROFILE);

if (!headless) {
  // The real side panel needs a user gesture from an extension page: Puppeteer's evaluate gives one.
  const opener = await h.openExtensionPage('options.html');
  const windowId = await page.evaluate(() => 0).then(() => h.worker.evaluate((id: number) => chrome.tabs.get(id).then((t: any) => t.windowId), tabId));
  await opener.evaluate((id: number) => chrome.sidePanel.open({ windowId: id }), windowId).catch(() => undefined);
  await opener.close();
  await page.bringToFront();
  console.log('Pitchside is open beside Maria Gonzalez’s profile. Click "Jonas Weber" under "People also viewed"');
  console.log('to see the panel follow an in-app navigation. Close the browser (or press Ctrl+C) to end.');
  await new Promise<void>((resolve) => h.browser.on('disconnected', () => resolve()));
  process.exit(0);
}

const panel = await h.openPanel(tabId);
await waitFor(async () => (await shownSuggestions(panel)).length > 0, 'suggestions');
const fields = await prospectFields(panel);
const suggestions = await shownSuggestions(panel);
mkdirSync(join(root, 'artifacts'), { recursive: true });
const shot = join(root, 'artifacts/demo-panel.png');
await panel.screenshot({ path: shot, fullPage: true });

console.log(`\nProspect (${PROFILE})`);
for (const [label, value] of Object.entries(fields)) console.log(`  ${label.padEnd(9)} ${value}`);
console.log('\nSuggestions');
suggestions.forEach((s, index) => {
  const lines = s.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const reasons = lines.find((l) => l.includes(' · ')) ?? '';
  const flag = /\bGated\b/.test(s.text) ? ' [gated]' : /Internal only/.test(s.text) ? ' [internal only]' : '';
  console.log(`  ${String(index + 1).padStart(2)}. ${s.title}${flag}\n      ${reasons}\n      ${s.href}`);
});
console.log(`\nScreenshot of the panel: ${shot}`);
await h.close();
