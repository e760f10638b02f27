import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, load } from './fixtures';
import { readPage, readers } from '@/lib/context/registry';
import { sourceLabel } from '@/lib/context/schema';

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
    // The folder is the reader's `fixtures`; several readers may share one (the SaaS CRMs).
    const own = readers.filter((r) => r.fixtures === fixture.reader).map((r) => r.name);
    expect(own, `${fixture.reader} is no reader's fixture folder`).toContain(context.source);
    for (const [field, value] of Object.entries(fixture.expected)) {
      expect(context[field] ?? null, field).toEqual(value);
    }
    for (const part of fixture.textContains ?? []) expect(context.text, 'text').toContain(part);
    const shown = JSON.stringify({ ...context, url: undefined, recordKey: undefined });
    for (const noise of fixture.absent ?? []) expect(shown, `"${noise}" must not be read`).not.toContain(noise);
  });
});

describe('reader convention: what every reader in the registry provides', () => {
  it.each(readers.map((r) => [r.name, r] as const))('%s has a label, hosts and fixtures of its own', (name, reader) => {
    expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(reader.label, 'label').toBe(sourceLabel(name));
    expect(reader.label).not.toBe(name);
    for (const pattern of reader.hosts) expect(pattern, 'hosts are https match patterns').toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/);
    const folder = all.filter((f) => f.reader === reader.fixtures);
    // Two pages per folder at least, and one page read by this reader.
    expect(folder.length, `tests/fixtures/pages/${reader.fixtures}`).toBeGreaterThanOrEqual(2);
    const readByIt = folder.filter((f) => {
      const { window, document } = load(f.html, f.url);
      windows.push(window);
      const result = readPage(document, f.url);
      return result.status === 'read' && result.context.source === name;
    });
    expect(readByIt.length, `a fixture page read by ${name}`).toBeGreaterThanOrEqual(1);
  });
});
