import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '@/lib/cli/read';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), cwd: process.cwd() }, out, err };
}

describe('pitchside read', () => {
  it('prints the context of a saved record page', async () => {
    const { io, out } = capture();
    const code = await run(
      ['tests/fixtures/pages/salesforce/lead-console.html', '--url', 'https://brightline.lightning.force.com/lightning/r/Lead/00QDn000003xYzQMAU/view'],
      io,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(out.join('\n'));
    expect(printed.status).toBe('read');
    expect(printed.context).toMatchObject({ source: 'salesforce', name: 'Priya Nair', company: 'Brightline Manufacturing', recordType: 'Lead' });
  });

  it('--explain says, per field, the label, API name or element it was read from', async () => {
    const { io, out } = capture();
    const code = await run(['tests/fixtures/pages/saas-crms/odoo-lead-it.html', '--url', 'https://solare-nord.odoo.com/odoo/crm/311', '--explain'], io);
    expect(code).toBe(0);
    const text = out.slice(1).join('\n');
    expect(text).toContain('Read by the odoo reader');
    expect(text).toMatch(/Stage: Qualificato\n {2}from: API name name="stage_id"/);
    expect(text).toMatch(/Products: SolarGrid 400; Accumulo StorePack\n {2}from: .*x_studio_prodotti/);
    expect(text).toMatch(/Company: Fonderie Valcamonica S\.p\.A\.\n(.*\n)*? {2}from: partner display name/);
    expect(text).toContain('Industry: (empty)');
  });

  it('takes the URL from the "saved from" comment a browser writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitchside-read-'));
    const file = join(dir, 'page.html');
    writeFileSync(
      file,
      '<!-- saved from url=(0044)https://www.linkedin.com/in/sam-patel-b12/ -->\n<main><section data-member-id="1"><h1>Sam Patel</h1><div class="text-body-medium break-words">CTO at Acme</div></section></main>',
    );
    const { io, out } = capture();
    expect(await run([file], io)).toBe(0);
    expect(JSON.parse(out.join('\n')).context).toMatchObject({ name: 'Sam Patel', company: 'Acme' });
  });

  it('exits 1 with a clear message when nothing could be read', async () => {
    const { io, err } = capture();
    expect(await run(['tests/fixtures/pages/linkedin-authwall.html', '--url', 'https://www.linkedin.com/in/someone/'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/could not read a prospect/i);
  });

  it.each([
    [[]],
    [['missing-page.html', '--url', 'https://example.com/']],
    [['tests/fixtures/pages/salesforce/lead-console.html', '--url', 'not a url']],
    [['tests/fixtures/pages/salesforce/lead-console.html', '--bogus']],
  ])('exits 2 on bad arguments or a missing file: %j', async (args) => {
    const { io, err } = capture();
    expect(await run(args, io)).toBe(2);
    expect(err.join('\n')).not.toBe('');
  });
});
