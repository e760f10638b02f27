import { describe, expect, it } from 'vitest';
import { sharedAgo, trackedUrl } from '@/lib/share';

const item = { id: 'cs-northwind', url: 'https://acme.example/r/northwind?lang=en#top', sourceId: 'url:https://cdn.example/c.json', type: 'case-study' };

describe('share links', () => {
  it('is the published URL when no tracking template is set', () => {
    expect(trackedUrl(item, '')).toBe(item.url);
    expect(trackedUrl(item, undefined)).toBe(item.url);
  });

  it('appends the template with placeholders filled, keeping existing parameters and the fragment', () => {
    const url = new URL(trackedUrl(item, '?utm_source=pitchside&utm_medium=sales&utm_content={id}&t={type}'));
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('utm_content')).toBe('cs-northwind');
    expect(url.searchParams.get('t')).toBe('case-study');
    expect(url.hash).toBe('#top');
    expect(url.origin + url.pathname).toBe('https://acme.example/r/northwind');
  });

  it('never overrides a parameter marketing already set', () => {
    const url = new URL(trackedUrl({ ...item, url: 'https://acme.example/x?utm_source=web' }, 'utm_source=pitchside'));
    expect(url.searchParams.getAll('utm_source')).toEqual(['web']);
  });

  it('says when an item was shared, in words', () => {
    const now = Date.UTC(2026, 10, 23);
    expect(sharedAgo(now - 10_000, now)).toBe('Shared just now');
    expect(sharedAgo(now - 3 * 86_400_000, now)).toBe('Shared 3 days ago');
    expect(sharedAgo(now - 86_400_000, now)).toBe('Shared yesterday');
  });
});

describe('sharing', () => {
  it('tracks shared links by default, and not at all once the template is emptied', async () => {
    const { defaultSettings, mergeSettings, DEFAULT_TRACKING_TEMPLATE } = await import('@/lib/settings');
    expect(defaultSettings.trackingTemplate).toBe('utm_source=pitchside&utm_medium=sales&utm_content={id}');
    const url = new URL(trackedUrl(item, defaultSettings.trackingTemplate));
    expect([...url.searchParams]).toEqual([
      ['lang', 'en'],
      ['utm_source', 'pitchside'],
      ['utm_medium', 'sales'],
      ['utm_content', 'cs-northwind'],
    ]);
    // The rep switches it off; IT's template is a default the rep's choice overrides, unless locked.
    expect(mergeSettings({ trackingTemplate: '' }, {}).trackingTemplate).toBe('');
    expect(mergeSettings({ trackingTemplate: '' }, { trackingTemplate: 'src=it' }).trackingTemplate).toBe('');
    expect(mergeSettings({}, { trackingTemplate: 'src=it' }).trackingTemplate).toBe('src=it');
    expect(mergeSettings({ trackingTemplate: 'mine' }, { trackingTemplate: '', locked: true }).trackingTemplate).toBe('');
    expect(mergeSettings({}, {}).trackingTemplate).toBe(DEFAULT_TRACKING_TEMPLATE);
  });

  it('copies a message of title, one line and link', async () => {
    const { shareMessage, oneLine } = await import('@/lib/share');
    const description = 'How Northwind cut claim costs by 30%. With numbers from twelve hospitals and a full method section.';
    expect(shareMessage({ title: ' Northwind case study ', description }, 'https://x.example/a')).toBe(
      'Northwind case study\nHow Northwind cut claim costs by 30%.\nhttps://x.example/a',
    );
    expect(shareMessage({ title: 'No words' }, 'https://x.example/b')).toBe('No words\nhttps://x.example/b');
    const long = oneLine('word '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.endsWith('…')).toBe(true);
    expect(oneLine('Version 2.5 is out. More later.')).toBe('Version 2.5 is out.');
  });

  it('knows the web-mail compose pages Insert may write into', async () => {
    const { webmailHost } = await import('@/lib/share');
    expect(webmailHost('https://mail.google.com/mail/u/0/#inbox?compose=new')).toBe('mail.google.com');
    expect(webmailHost('https://outlook.office.com/mail/deeplink/compose')).toBe('outlook.office.com');
    expect(webmailHost('https://outlook.live.com/mail/0/')).toBe('outlook.live.com');
    expect(webmailHost('https://outlook.office365.com/mail/')).toBe('outlook.office365.com');
    expect(webmailHost('http://mail.google.com/')).toBeNull();
    expect(webmailHost('https://mail.google.com.evil.example/')).toBeNull();
    expect(webmailHost('not a url')).toBeNull();
  });

  it('parses replies to panel messages with their schema', async () => {
    const { askBackground } = await import('@/lib/messages');
    const insert = { type: 'panel:insert' as const, tabId: 1, text: 'x' };
    expect(await askBackground(insert, async () => ({ inserted: true }))).toEqual({ inserted: true });
    expect(await askBackground(insert, async () => ({ inserted: 'yes' }))).toBeNull();
    expect(await askBackground(insert, async () => undefined)).toBeNull();
    expect(await askBackground(insert, async () => Promise.reject(new Error('no receiver')))).toBeNull();
    expect(await askBackground({ type: 'panel:refresh', tabId: 1 }, async () => ({ ok: true }))).toEqual({ ok: true });
  });
});
