import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/suggest';

const catalog = resolve(__dirname, '../eval/catalog.json');

function capture(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd }, out, err };
}

function contextFile(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'pitchside-cli-'));
  const path = join(dir, 'context.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const hospitalCfo = {
  source: 'linkedin-profile',
  url: 'https://www.linkedin.com/in/x/',
  title: 'VP, Finance & Controller at St. Luke’s',
  industry: 'Hospital & Health Care',
};

describe('pitchside suggest', () => {
  it('prints exactly the JSON shape with --json', async () => {
    const { io, out } = capture();
    expect(await run(['--catalog', catalog, '--context', contextFile(hospitalCfo), '--limit', '3', '--json'], io)).toBe(0);
    const parsed = JSON.parse(out.join('\n'));
    expect(Object.keys(parsed)).toEqual(['suggestions']);
    expect(parsed.suggestions.length).toBeLessThanOrEqual(3);
    expect(Object.keys(parsed.suggestions[0]).sort()).toEqual(['id', 'reasons', 'score', 'title', 'url']);
    expect(parsed.suggestions[0].reasons).toContain('Healthcare');
  });

  it('prints a readable list without --json', async () => {
    const { io, out } = capture();
    expect(await run(['--catalog', catalog, '--context', contextFile(hospitalCfo)], io)).toBe(0);
    expect(out[0]).toMatch(/^ 1\. /);
    expect(out.join('\n')).toContain('Healthcare · Finance leader');
  });

  it('explains bad input and exits 2', async () => {
    for (const [args, message] of [
      [['--context', 'x.json'], /Missing --catalog/],
      [['--catalog', catalog, '--context', contextFile('{ nope')], /not a prospect context: not valid JSON/],
      [['--catalog', catalog, '--context', contextFile({ title: 5 })], /title/],
      [['--catalog', 'missing.json', '--context', contextFile(hospitalCfo)], /Cannot read the catalog file missing\.json/],
      [['--catalog', contextFile({ version: 2, items: [] }), '--context', contextFile(hospitalCfo)], /catalog .* is not usable/],
      [['--catalog', catalog, '--context', contextFile(hospitalCfo), '--limit', 'ten'], /--limit/],
    ] as const) {
      const { io, err } = capture();
      expect(await run([...args], io)).toBe(2);
      expect(err.join('\n')).toMatch(message);
    }
  });
});
