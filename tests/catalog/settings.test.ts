import { describe, expect, it } from 'vitest';
import { mergeSettings, validFields } from '@/lib/settings';
import { catalogUrlIssue } from '@/lib/catalog/sources';
import { english } from '@/lib/catalog/messages';

describe('settings from the rep and from IT policy', () => {
  it('keeps each valid policy value when another is malformed', () => {
    expect(
      validFields({
        syncIntervalHours: 'soon',
        trackingTemplate: 'utm_source=x',
        catalogUrls: ['https://a.example/c.json', 'ftp://nope', 'http://intranet/c.json'],
      }),
    ).toEqual({
      trackingTemplate: 'utm_source=x',
      catalogUrls: ['https://a.example/c.json'],
    });
  });

  it('without a lock, policy values are defaults and URLs add up', () => {
    const merged = mergeSettings(
      { catalogUrls: ['https://rep.example/c.json'], syncIntervalHours: 2 },
      { catalogUrls: ['https://it.example/c.json'], syncIntervalHours: 12, trackingTemplate: 'utm_source=it' },
    );
    expect(merged).toMatchObject({
      catalogUrls: ['https://it.example/c.json', 'https://rep.example/c.json'],
      syncIntervalHours: 2,
      trackingTemplate: 'utm_source=it',
      locked: false,
    });
  });

  it("with a lock, policy values win and the rep's URLs are not used", () => {
    const merged = mergeSettings(
      { catalogUrls: ['https://rep.example/c.json'], syncIntervalHours: 2, trackingTemplate: 'mine' },
      { catalogUrls: ['https://it.example/c.json'], syncIntervalHours: 12, locked: true },
    );
    expect(merged).toMatchObject({ catalogUrls: ['https://it.example/c.json'], syncIntervalHours: 12, trackingTemplate: 'mine', locked: true });
  });

  it.each([
    ['https://a.example/c.json', undefined],
    ['http://localhost:8080/c.json', undefined],
    ['http://127.0.0.1:9/c.json', undefined],
    ['http://a.example/c.json', /https:\/\//],
    ['javascript:alert(1)', /not javascript:/],
    ['catalog.json', /full address/],
  ])('catalog URL %s', (url, problem) => {
    const issue = catalogUrlIssue(url);
    const found = issue && english(issue);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });
});
