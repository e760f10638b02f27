/**
 * Every saved record page of tests/fixtures/pages (its README: the readers' own pages and the ten
 * written blind to them) read through the built extension in Chromium, as readers.test.ts reads
 * them in happy-dom: each expected field exactly right, the text holding what it must, and no
 * other record's or person's string anywhere in the context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../context/fixtures';
import { readingThroughExtension } from './read-through';

/** Differences of happy-dom that Chromium does not share (the fixtures' README). */
const pages = fixtures();
const reading = readingThroughExtension(pages, 'fixture-pages');

describe('the fixture record pages, read through the extension in Chromium', () => {
  beforeAll(() => reading.launch().then(() => undefined));
  afterAll(() => reading.close());

  it.each(pages.map((p) => [p.file.replace(/^.*pages\//, ''), p] as const))('%s', async (_name, page) => {
    const { state, errors } = await reading.read(page);
    expect(state.status, JSON.stringify(state)).toBe('read');
    const context = state.context ?? {};
    for (const [field, value] of Object.entries(page.expected)) expect(context[field] ?? null, field).toEqual(value);
    for (const part of page.textContains ?? []) expect(context.text, 'text').toContain(part);
    const shown = JSON.stringify({ ...context, url: undefined, recordKey: undefined });
    for (const noise of page.absent ?? []) expect(shown, `"${noise}" must not be read`).not.toContain(noise);
    expect(errors).toEqual([]);
  });
});
