import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { watchPage, type PageWatcher } from '@/lib/context/watcher';
import type { ContentMessage } from '@/lib/messages';
import { readFileSync } from 'node:fs';

const MARIA = 'https://www.linkedin.com/in/maria-gonzalez-4b2a1/';
const page = readFileSync('lib/demo/pages/maria-gonzalez.html', 'utf8').replace(/<script src=[^>]+><\/script>/, '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(url: string, html: string) {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  window.document.write(html);
  const messages: ContentMessage[] = [];
  const watcher = watchPage({
    document: window.document as unknown as Document,
    window: window as unknown as Window & typeof globalThis,
    send: (message: ContentMessage) => messages.push(message),
    debounceMs: 20,
    readyTimeoutMs: 300,
    pollMs: 50,
  } as never);
  return { window, messages, watcher };
}

const names = (messages: ContentMessage[]) =>
  messages.map((m) =>
    m.type === 'context:reading' ? `reading ${m.recordKey}` : m.result.status === 'read' ? `read ${m.result.context.name}` : m.result.status,
  );

describe('watchPage follows a single-page app', () => {
  let watcher: PageWatcher | undefined;
  afterEach(() => watcher?.stop());

  it('reads the profile once, and does not repeat an unchanged read', async () => {
    const s = setup(MARIA, page);
    watcher = s.watcher;
    await sleep(50);
    s.window.document.body.appendChild(s.window.document.createElement('div'));
    await sleep(80);
    expect(names(s.messages)).toEqual(['read Maria Gonzalez']);
  });

  it('on in-app navigation says "reading" at once and never reports the previous profile for the new URL', async () => {
    const s = setup(MARIA, page);
    watcher = s.watcher;
    await sleep(30);
    s.window.history.pushState({}, '', '/in/jonas-weber-91c/');
    // The old profile stays in the DOM for a while, as on LinkedIn.
    s.window.document.body.appendChild(s.window.document.createElement('span'));
    await sleep(120);
    const card = s.window.document.querySelector('section[data-member-id]')!;
    card.querySelector('h1')!.textContent = 'Jonas Weber';
    card.querySelector('.text-body-medium')!.textContent = 'VP IT Infrastructure at Hanseatic Bank';
    await sleep(150);
    expect(names(s.messages)).toEqual(['read Maria Gonzalez', 'reading linkedin:in:jonas-weber-91c', 'read Jonas Weber']);
    const last = s.messages.at(-1)!;
    expect(last.type === 'context:result' && last.recordKey).toBe('linkedin:in:jonas-weber-91c');
  });

  it('reports "unreadable" when the new record never renders, rather than the old one', async () => {
    const s = setup(MARIA, page);
    watcher = s.watcher;
    await sleep(30);
    s.window.history.pushState({}, '', '/in/someone-else/');
    await sleep(500);
    expect(names(s.messages)).toEqual(['read Maria Gonzalez', 'reading linkedin:in:someone-else', 'unreadable']);
  });

  it('stops observing once the page is hidden, and reads again when it is shown', async () => {
    const s = setup(MARIA, page);
    watcher = s.watcher;
    await sleep(30);
    Object.defineProperty(s.window.document, 'visibilityState', { value: 'hidden', configurable: true });
    s.window.document.dispatchEvent(new s.window.Event('visibilitychange'));
    s.window.document.querySelector('h1')!.textContent = 'Changed While Hidden';
    await sleep(100);
    expect(names(s.messages)).toEqual(['read Maria Gonzalez']);
    Object.defineProperty(s.window.document, 'visibilityState', { value: 'visible', configurable: true });
    s.window.document.dispatchEvent(new s.window.Event('visibilitychange'));
    await sleep(80);
    expect(names(s.messages)).toEqual(['read Maria Gonzalez', 'read Changed While Hidden']);
  });
});
