import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, load } from './fixtures';
import { readPage, readers } from '@/lib/context/registry';

const all = fixtures();
const windows: { close(): void }[] = [];
afterAll(() => windows.forEach((w) => w.close()));

describe.each(all.map((f) => [f.file.replace(/^.*pages\//, ''), f] as const))('%s', (_name, fixture) => {
  it('is read by its own reader, with every expected field exactly right', () => {
    const { window, document } = load(fixture.html, fixture.url);
    windows.push(window);
    const result = readPage(document, fixture.url);
    expect(result.status, JSON.stringify(result)).toBe('read');
    if (result.status !== 'read') return;
    const context = result.context as Record<string, unknown>;
    expect(context.source).toBe(fixture.reader);
    for (const [field, value] of Object.entries(fixture.expected)) {
      expect(context[field] ?? null, field).toEqual(value);
    }
    for (const part of fixture.textContains ?? []) expect(context.text, 'text').toContain(part);
    const shown = JSON.stringify({ ...context, url: undefined, recordKey: undefined });
    for (const noise of fixture.absent ?? []) expect(shown, `"${noise}" must not be read`).not.toContain(noise);
  });
});

describe('fixture convention', () => {
  it.each(readers.map((r) => [r.name]))('%s has at least two fixture pages with expected JSON', (name) => {
    expect(all.filter((f) => f.reader === name).length).toBeGreaterThanOrEqual(2);
  });
});
