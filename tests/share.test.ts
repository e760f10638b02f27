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
