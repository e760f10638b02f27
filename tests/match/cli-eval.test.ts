import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd }, out, err };
}

const item = (id: string, fields: Record<string, unknown> = {}) => ({ id, title: id, url: `https://vendor.example/${id}`, ...fields });
const catalog = (items: unknown[]) => ({
  version: 1,
  vocabulary: {
    industries: [
      { id: 'healthcare', label: 'Healthcare', aliases: ['Hospital'] },
      { id: 'retail', label: 'Retail', aliases: [] },
    ],
  },
  items,
});

/** A judged set in a temporary directory: catalog.json, judgments.json, contexts/. */
function judgedSet(
  judgments: unknown,
  items = [item('hc', { industries: ['healthcare'], title: 'Hospital story' }), item('rt', { industries: ['retail'], title: 'Retail story' })],
) {
  const dir = mkdtempSync(join(tmpdir(), 'pitchside-eval-'));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog(items)));
  writeFileSync(join(dir, 'judgments.json'), typeof judgments === 'string' ? judgments : JSON.stringify(judgments));
  mkdirSync(join(dir, 'contexts'));
  writeFileSync(join(dir, 'contexts', 'c1.json'), JSON.stringify({ source: 'manual', url: '', industry: 'Hospital', title: 'CFO' }));
  return dir;
}

const evalArgs = ['eval', '--catalog', 'catalog.json', '--judgments', 'judgments.json', '--contexts', 'contexts', '--today', '2026-11-23'];

describe('pitchside eval', () => {
  it('scores hit@5, MRR, nDCG@10 and never for judged contexts', async () => {
    const dir = judgedSet({ c1: { must: ['hc'], never: ['rt'] } });
    const { io, out } = capture(dir);
    expect(await main([...evalArgs, '--json'], io)).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({ contexts: 1, hitAt5: 1, mrr: 1, never: 0, lost: [] });
    expect(result.results.c1[0]).toBe('hc');
  });

  it('exits 1 and names the prospects that lost their must item (a release gate)', async () => {
    const dir = judgedSet({ c1: { must: ['rt'] } });
    const { io, out } = capture(dir);
    expect(await main(evalArgs, io)).toBe(1);
    expect(out.at(-1)).toMatch(/lost their must-have items: c1/);
  });

  it('one clear message each, exit 2: missing files, unknown ids, malformed judgments', async () => {
    const missing = capture(judgedSet({ c1: { must: ['hc'] } }));
    expect(await main(['eval', '--catalog', 'nope.json', '--judgments', 'judgments.json', '--contexts', 'none/'], missing.io)).toBe(2);
    expect(missing.err).toEqual([
      expect.stringMatching(/catalog file nope\.json: no such file/),
      expect.stringMatching(/contexts directory none\/: no such directory/),
    ]);

    const unknown = capture(judgedSet({ c1: { must: ['hc', 'ghost'], never: ['phantom'] }, c2: { must: ['hc'] } }));
    expect(await main(evalArgs, unknown.io)).toBe(2);
    expect(unknown.err).toEqual([
      'Judgment c1: must names an id not in the catalog: ghost.',
      'Judgment c1: never names an id not in the catalog: phantom.',
      'Judgment c2: no context file c2.json in the contexts directory.',
    ]);

    const malformed = capture(judgedSet({ c1: { must: 'hc' } }));
    expect(await main(evalArgs, malformed.io)).toBe(2);
    expect(malformed.err).toEqual(['Judgment c1: "must" must be a list of item ids.']);

    const notJson = capture(judgedSet('{"c1": '));
    expect(await main(evalArgs, notJson.io)).toBe(2);
    expect(notJson.err[0]).toMatch(/judgments judgments\.json are not valid JSON/);

    const flags = capture(judgedSet({ c1: { must: ['hc'] } }));
    expect(await main(['eval', '--catalog', 'catalog.json'], flags.io)).toBe(2);
    expect(flags.err.slice(0, 2)).toEqual(['Missing --judgments.', 'Missing --contexts.']);
  });
});

describe('pitchside diff', () => {
  it('shows per context how the top 5 changes between two catalogs', async () => {
    const dir = judgedSet({ c1: { must: ['hc'] } });
    writeFileSync(
      join(dir, 'new.json'),
      JSON.stringify(catalog([item('hc2', { industries: ['healthcare'], title: 'Hospital guide' }), item('rt', { industries: ['retail'] })])),
    );
    const { io, out } = capture(dir);
    expect(await main(['diff', 'catalog.json', 'new.json', '--contexts', 'contexts', '--json'], io)).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result.changed).toBe(1);
    expect(result.changes[0]).toMatchObject({ id: 'c1', entered: ['hc2'] });
    expect(result.changes[0].left).toContain('hc');

    const text = capture(dir);
    expect(await main(['diff', 'catalog.json', 'new.json', '--contexts', 'contexts'], text.io)).toBe(0);
    expect(text.out[0]).toBe('1 of 1 context(s) get a different top 5.');
    expect(text.out.join('\n')).toMatch(/hc2 \[new\]/);
  });

  it('exit 2 with one message each on bad input', async () => {
    const dir = judgedSet({ c1: { must: ['hc'] } });
    const { io, err } = capture(dir);
    expect(await main(['diff', 'catalog.json', 'missing.json', '--contexts', 'contexts'], io)).toBe(2);
    expect(err).toEqual([expect.stringMatching(/new catalog file missing\.json: no such file/)]);
    const one = capture(dir);
    expect(await main(['diff', 'catalog.json'], one.io)).toBe(2);
    expect(one.err.slice(0, 2)).toEqual(['Expected two catalog files, old and new (got 1).', 'Missing --contexts.']);
  });
});
