/**
 * Insert into web mail, in Chromium: Gmail and Outlook on the web, served at their real URLs
 * from made-up pages of our own (tests/fixtures/pages/webmail, modelled on the structure Insert
 * meets there; no real mailbox).
 *
 * How host access is had. Chromium's permission prompt cannot be answered from Puppeteer (it
 * is browser UI, outside the DevTools protocol), so:
 * - "allowed": a copy of the built extension whose manifest already holds the web-mail hosts,
 *   as the rep's yes to the prompt would grant them (the approach of readers-granted.e2e.ts).
 *   The panel's `permissions.request` then resolves true without a prompt, and the rest of the
 *   path is the real one: no content script runs on those hosts, so the background injects it
 *   for the write.
 * - "the first time": the build as shipped (no web-mail host). The toolbar click is real
 *   (Puppeteer's `triggerAction`, CDP Extensions.triggerAction: action.onClicked, activeTab,
 *   the real side panel). The rep's "No" is the panel's `chrome.permissions.request` answering
 *   false, replaced in the panel page only, which records what was asked and whether the click's
 *   user activation was still there. The real API is then called once, untouched, to show that
 *   Chromium accepts the request (a call without a user gesture fails at once) and leaves it to
 *   the rep: it stays pending, and nothing is written meanwhile.
 * Not testable here: the prompt itself (its wording, the rep clicking Allow), and Gmail's and
 * Outlook's own editors (the pages are ours; a real editor may handle the input event its own way).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionPath, fixture, html, launch, settledSuggestions, waitFor, type Harness, type ShownSuggestion } from './harness';

declare const chrome: any;

const GMAIL_COMPOSE = 'https://mail.google.com/mail/u/0/#inbox?compose=new';
const GMAIL_INBOX = 'https://mail.google.com/mail/u/1/#inbox';
const OUTLOOK_COMPOSE = 'https://outlook.office.com/mail/deeplink/compose';
const OUTLOOK_LIVE_COMPOSE = 'https://outlook.live.com/mail/0/deeplink/compose';
const WEBMAIL_HOSTS = ['https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.live.com/*'];

function serveWebmail(h: Harness): void {
  const gmail = html(fixture('tests/fixtures/pages/webmail/gmail.html'));
  const outlook = html(fixture('tests/fixtures/pages/webmail/outlook.html'));
  // The hash never reaches a server: Gmail's compose window is the page's own doing.
  h.routes.set('https://mail.google.com/mail/u/0/', gmail);
  h.routes.set('https://mail.google.com/mail/u/1/', gmail);
  h.routes.set(OUTLOOK_COMPOSE, outlook);
  h.routes.set(OUTLOOK_LIVE_COMPOSE, outlook);
}

const status = (panel: Page) => panel.$eval('[role="status"]', (el) => el.textContent ?? '');
const button = (panel: Page, title: string, name: string) =>
  panel.waitForSelector(`xpath///li[.//a[normalize-space()=${JSON.stringify(title)}]]//button[normalize-space()=${JSON.stringify(name)}]`);
const clipboard = (panel: Page) => panel.evaluate(() => navigator.clipboard.readText());

/** How each share the panel recorded was made (copy, insert), from its IndexedDB. */
const shares = (panel: Page) =>
  panel.evaluate(async () => {
    const open = indexedDB.open('pitchside');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const all = await new Promise<{ how: string }[]>((resolve) => {
      const request = db.transaction('shares').objectStore('shares').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return all.map((share) => share.how);
  });

/** The first suggestion the panel offers Insert for, once the list has settled. */
async function insertable(panel: Page): Promise<ShownSuggestion> {
  return waitFor(async () => (await settledSuggestions(panel)).find((s) => s.buttons.includes('Insert')), 'a suggestion offering Insert');
}

/** The link Insert and Copy link give for a suggestion: its URL with the default tracking template. */
function expectTracked(link: string, suggestion: ShownSuggestion): void {
  const url = new URL(link);
  const published = new URL(suggestion.href);
  expect(url.origin + url.pathname).toBe(published.origin + published.pathname);
  expect([url.searchParams.get('utm_source'), url.searchParams.get('utm_medium')]).toEqual(['pitchside', 'sales']);
  expect(url.searchParams.get('utm_content')).toBeTruthy();
}

/** The rep clicks at the top of the body and types: the caret is left after what they typed. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.bringToFront();
  const box = (await (await page.$(selector))!.boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + 6);
  await page.keyboard.type(text);
}

/** Forgets the input events the page heard while the rep typed, so that Insert's own count. */
const heardNothingYet = (page: Page) => page.evaluate(() => Object.assign(window, { __bodyInputs: 0 }));

/** What the page holds after an Insert: the body's lines, where focus is, the caret's text before it. */
function pageState(page: Page, body: string) {
  return page.$eval(body, (el) => {
    const selection = getSelection()!;
    const before = document.createRange();
    before.setStart(el, 0);
    if (selection.rangeCount) before.setEnd(selection.getRangeAt(0).startContainer, selection.getRangeAt(0).startOffset);
    return {
      lines: (el as HTMLElement).innerText
        .replaceAll('\u00a0', ' ')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      focused: document.activeElement === el,
      caretIn: el.contains(selection.anchorNode),
      beforeCaret: before.toString().replaceAll('\u00a0', ' '),
      inputs: (window as unknown as { __bodyInputs: number }).__bodyInputs,
    };
  });
}

describe('Insert into web mail, the host allowed', () => {
  let h: Harness;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'pitchside-webmail-'));
    const copy = join(tmp, 'chrome-mv3');
    cpSync(extensionPath, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
    manifest.host_permissions = [...manifest.host_permissions, ...WEBMAIL_HOSTS];
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    h = await launch({ extension: copy });
    serveWebmail(h);
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('Gmail: the tracked link goes into the compose body at the caret, and the page keeps its focus there', async () => {
    const page = await h.openPage(GMAIL_COMPOSE);
    // The rep has addressed the message and begun it: the caret is at the end of its first line.
    await page.type('#to', 'dana.kim@lakeside-health.example');
    await page.type('#subject', 'Security review');
    await typeInto(page, '[aria-label="Message Body"]', 'Hi Dana, the overview: ');
    const tabId = await h.tabIdOf('https://mail.google.com/mail/u/0/');
    // No toolbar click: on a web-mail tab the panel offers Insert from the URL alone.
    const panel = await h.openPanel(tabId);
    const item = await insertable(panel);
    await heardNothingYet(page);
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(async () => (await status(panel)) === 'Link inserted', 'the insert said');
    const after = await pageState(page, '[aria-label="Message Body"]');
    const link = after.lines[0]!.match(/^Hi Dana, the overview: (https:\S+)$/)?.[1] ?? '';
    expectTracked(link, item);
    // The signature is untouched, the caret sits right after the link, the page heard the typing
    // (an input event, which a draft's autosave listens for).
    expect(after.lines.slice(1)).toEqual(['--', 'Alex Rivera, Northwind Sales']);
    expect(after).toMatchObject({ focused: true, caretIn: true, beforeCaret: `Hi Dana, the overview: ${link}` });
    expect(after.inputs).toBeGreaterThan(0);
    // Nothing else in the page changed. (Whether the panel's window kept the focus cannot be told
    // here: headless Chromium reports every window focused and every document as having focus.)
    expect(
      await page.evaluate(() => ({
        to: (document.getElementById('to') as HTMLInputElement).value,
        subject: (document.getElementById('subject') as HTMLInputElement).value,
      })),
    ).toEqual({ to: 'dana.kim@lakeside-health.example', subject: 'Security review' });
    await panel.close();
    await page.close();
  });

  it('Outlook on the web: into the body at the caret; with the caret still in To, into the body, not the To field', async () => {
    const page = await h.openPage(OUTLOOK_COMPOSE);
    await typeInto(page, '#body', 'Hi Dana, as promised: ');
    const panel = await h.openPanel(await h.tabIdOf(OUTLOOK_COMPOSE));
    const item = await insertable(panel);
    await heardNothingYet(page);
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(async () => (await status(panel)) === 'Link inserted', 'the insert said');
    const after = await pageState(page, '#body');
    const link = after.lines[0]!.match(/^Hi Dana, as promised: (https:\S+)$/)?.[1] ?? '';
    expectTracked(link, item);
    expect(after.lines.slice(1)).toEqual(['Alex Rivera', 'Northwind Sales']);
    expect(after).toMatchObject({ focused: true, caretIn: true, beforeCaret: `Hi Dana, as promised: ${link}` });
    expect(after.inputs).toBeGreaterThan(0);
    expect(await page.$eval('#to', (el) => el.textContent)).toBe('');
    await panel.close();
    await page.close();

    // A new message, as Outlook opens it: the caret is in To, itself a contenteditable textbox.
    // The link belongs in the message, not among the recipients.
    const fresh = await h.openPage(OUTLOOK_LIVE_COMPOSE);
    expect(await fresh.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('To');
    const second = await h.openPanel(await h.tabIdOf('https://outlook.live.com/'));
    await (await button(second, item.title, 'Insert'))!.click();
    await waitFor(async () => (await status(second)) === 'Link inserted', 'the insert said');
    const inBody = await pageState(fresh, '#body');
    expect(inBody.lines).toEqual([link, 'Alex Rivera', 'Northwind Sales']);
    expect(inBody.focused).toBe(true);
    expect(await fresh.$eval('#to', (el) => el.textContent)).toBe('');
    expect(await fresh.$eval('#cc', (el) => el.textContent)).toBe('');
    await second.close();
    await fresh.close();
  });

  it('a web-mail tab with no compose box open: Insert copies the link instead and says so', async () => {
    const page = await h.openPage(GMAIL_INBOX);
    const panel = await h.openPanel(await h.tabIdOf('https://mail.google.com/mail/u/1/'));
    const item = await insertable(panel);
    const untouched = await page.$eval('[aria-label="Message Body"]', (el) => el.innerHTML);
    // No content script runs on web mail: the background injects one for the Insert, which finds no box.
    expect(page.extensionRealms()).toHaveLength(0);
    await panel.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(async () => (await status(panel)) === 'No message box is open here: the link was copied instead.', 'the fallback said');
    expectTracked(await clipboard(panel), item);
    // The inbox is as it was: no compose window opened, nothing written into the hidden one.
    expect(await page.evaluate(() => (document.getElementById('compose') as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('[aria-label="Message Body"]', (el) => el.innerHTML)).toBe(untouched);
    expect(page.extensionRealms().length).toBeGreaterThan(0);
    await panel.close();
    await page.close();
  });
});

describe('Insert into web mail the first time: the host not allowed yet', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch();
    serveWebmail(h);
    await h.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${h.extensionId}`, ['clipboard-read', 'clipboard-sanitized-write']);
  });
  afterAll(() => h?.close());

  it('asks for the host at the click; refused, it writes nothing into the page, copies the link and says so', async () => {
    const page = await h.openPage(GMAIL_COMPOSE);
    await typeInto(page, '[aria-label="Message Body"]', 'Hi Dana, ');
    const untouched = await page.$eval('[aria-label="Message Body"]', (el) => el.innerHTML);
    // The toolbar click: the real side panel opens, and the readers run once under activeTab, so
    // Pitchside's content script is in the page and could write there; only the rep's yes may let it.
    const extension = (await h.browser.extensions()).get(h.extensionId)!;
    const opened = h.browser.waitForTarget((target) => target.url().endsWith('/sidepanel.html'));
    await extension.triggerAction(page);
    const panel = (await (await opened).asPage())!;
    const item = await insertable(panel);

    // The rep's "No" to the browser's question, and a record of what was asked.
    await panel.evaluate(() => {
      const asked: { origins?: string[]; activation: boolean }[] = [];
      Object.assign(window, { __asked: asked, __request: chrome.permissions.request });
      chrome.permissions.request = (permissions: { origins?: string[] }, callback?: (granted: boolean) => void) => {
        asked.push({ origins: permissions.origins, activation: navigator.userActivation.isActive });
        if (callback) callback(false);
        else return Promise.resolve(false);
      };
    });
    await panel.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(
      async () => (await status(panel)) === 'Pitchside was not allowed to write into mail.google.com: the link was copied instead.',
      'the refusal said',
    );
    expect(await panel.evaluate(() => (window as unknown as { __asked: unknown[] }).__asked)).toEqual([
      { origins: ['https://mail.google.com/*'], activation: true },
    ]);
    expectTracked(await clipboard(panel), item);
    expect(await page.$eval('[aria-label="Message Body"]', (el) => el.innerHTML)).toBe(untouched);
    expect(await shares(panel)).toEqual(['copy']);

    // The browser's own API, untouched: a request made without the click's gesture fails at once,
    // and one for a granted host resolves at once; this one stays pending, Chromium's prompt
    // waiting on the rep, and meanwhile nothing is written or copied.
    await panel.evaluate(() => {
      const real = (window as unknown as { __request: typeof chrome.permissions.request }).__request;
      const seen = { called: 0, settled: false };
      Object.assign(window, { __seen: seen });
      chrome.permissions.request = (permissions: unknown, callback?: (granted: boolean) => void) => {
        seen.called++;
        return real.call(chrome.permissions, permissions, (granted: boolean) => {
          seen.settled = true;
          callback?.(granted);
        });
      };
    });
    await (await button(panel, item.title, 'Insert'))!.click();
    await waitFor(() => panel.evaluate(() => (window as unknown as { __seen: { called: number } }).__seen.called === 1), 'the request made');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await panel.evaluate(() => (window as unknown as { __seen: unknown }).__seen)).toEqual({ called: 1, settled: false });
    expect(await page.$eval('[aria-label="Message Body"]', (el) => el.innerHTML)).toBe(untouched);
    expect(await shares(panel)).toEqual(['copy']);
    expect(await h.worker.evaluate(() => chrome.permissions.contains({ origins: ['https://mail.google.com/*'] }))).toBe(false);
  });
});
