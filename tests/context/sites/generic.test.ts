import { afterAll, describe, expect, it } from 'vitest';
import { readPage } from '@/lib/context/registry';
import { recordTypeFromUrl } from '@/lib/context/sites/generic';
import { fieldForLabel } from '@/lib/context/labels';
import { load } from '../fixtures';

const windows: { happyDOM: { close(): Promise<void> } }[] = [];
afterAll(async () => Promise.all(windows.map((w) => w.happyDOM.close())));
function read(html: string, url: string) {
  const { window, document } = load(html, url);
  windows.push(window);
  const result = readPage(document, url);
  return result.status === 'read' ? result.context : null;
}

describe('generic reader: label/value layouts it has no code for', () => {
  it('"Label:" cells in a four-column table (Act!, Maximizer); the contact label names a contact record', () => {
    const context = read(
      `<div id="nav"><span>Welcome, Alex Rivera</span></div><div class="content"><h2>Contact Detail</h2><table class="detail">
       <tr><td class="lbl">Contact:</td><td>Hugo Martin</td><td class="lbl">Company:</td><td>Clinique Saint-Laurent</td></tr>
       <tr><td class="lbl">Title:</td><td>DSI</td><td class="lbl">Department:</td><td>IT</td></tr>
       <tr><td>Industry:</td><td>Healthcare</td><td>City:</td><td>Paris</td></tr></table></div>`,
      'https://act.example.com/APFW/Contacts/Detail/123',
    );
    expect(context).toMatchObject({
      source: 'generic',
      name: 'Hugo Martin',
      title: 'DSI',
      company: 'Clinique Saint-Laurent',
      industry: 'Healthcare',
      location: 'Paris',
      recordType: 'Contact',
    });
    expect(JSON.stringify(context)).not.toContain('Alex Rivera');
  });

  it('th/td rows and a record-name element', () => {
    const context = read(
      '<main><div class="record-header"><span class="record-name">Globex Corp</span></div><table><tbody><tr><th>Account Name</th><td>Globex Corp</td></tr><tr><th>Industry</th><td>Energy</td></tr><tr><th>Number of Employees</th><td>12,000</td></tr></tbody></table></main>',
      'https://max.example.com/Maximizer/Account/55',
    );
    expect(context).toMatchObject({ name: 'Globex Corp', company: 'Globex Corp', industry: 'Energy', companySize: '12,000', recordType: 'Account' });
  });

  it('Spanish labels in adjacent spans, the record heading as the name', () => {
    const context = read(
      '<html lang="es"><body><main><h1>Renovación licencias 2026</h1><div class="grid"><div class="f"><span class="l">Cuenta</span><span class="v">Banco Sur</span></div><div class="f"><span class="l">Etapa</span><span class="v">Negociación</span></div><div class="f"><span class="l">Importe</span><span class="v">50.000 €</span></div><div class="f"><span class="l">Competidores</span><span class="v">Oracle; SAP</span></div></div></main></body></html>',
      'https://crm.example.es/oportunidades/77',
    );
    expect(context).toMatchObject({
      name: 'Renovación licencias 2026',
      company: 'Banco Sur',
      stage: 'Negociación',
      amount: '50.000 €',
      competitors: ['Oracle', 'SAP'],
      recordType: 'Opportunity',
      language: 'es',
    });
  });

  it('an empty field shows as a placeholder, which is not a value', () => {
    const context = read(
      '<main><h1>Acme</h1><dl><dt>Industry</dt><dd>--None--</dd><dt>Company</dt><dd>Acme Inc</dd><dt>Title</dt><dd>CEO</dd></dl></main>',
      'https://crm.example.com/contacts/1',
    );
    expect(context?.industry).toBeUndefined();
    expect(context).toMatchObject({ company: 'Acme Inc', title: 'CEO' });
  });

  it('responsive utility classes do not hide a field (Tailwind "hidden lg:block")', () => {
    const context = read(
      '<main><h1>Acme</h1><div class="hidden lg:block"><span>Industry</span><span>Retail</span></div><div><span>Company</span><span>Acme Inc</span></div></main>',
      'https://crm.example.com/accounts/1',
    );
    expect(context?.industry).toBe('Retail');
  });

  it('fields in a details column beside the main region, and "Organization: <a>…</a>" in the header', () => {
    const context = read(
      `<header><h1>Deals</h1></header>
       <section class="deal-header"><h2 class="record-title">Quokka Yards – Hull sensors</h2>
         <span>Organization: <a href="/organization/4">Quokka Yards Ltd</a></span></section>
       <aside class="sidebar"><div class="field"><span class="label">Value</span><span class="value">$84,000</span></div>
         <div class="field"><span class="label">Competitors</span><span class="value">Barnacle Inc, Keelwise</span></div></aside>
       <main><p>Take a note…</p><section><h2>Products</h2><table><tr><td>Hull Sensor</td></tr><tr><td>Dock App</td></tr></table></section></main>`,
      'https://crm.example.com/deal/4187',
    );
    expect(context).toMatchObject({
      name: 'Quokka Yards – Hull sensors',
      company: 'Quokka Yards Ltd',
      amount: '$84,000',
      competitors: ['Barnacle Inc', 'Keelwise'],
      recordType: 'Deal',
    });
  });

  it('a stage bar named in the plural: the current step, without the days shown beside it', () => {
    const context = read(
      `<main><h1>Quokka deal</h1><ol aria-label="Deal stages"><li class="passed"><span class="stage-name">Lead In</span><span>4 days</span></li>
       <li aria-current="step"><span class="stage-name">Proposal Made</span><span>11 days</span></li><li><span class="stage-name">Negotiations</span><span>0 days</span></li></ol>
       <div><span>Company</span><span>Quokka Yards</span></div></main>`,
      'https://crm.example.com/deal/9',
    );
    expect(context?.stage).toBe('Proposal Made');
  });

  it('an entry of a menu of related lists labels nothing; a summary line of another record is no field of this one', () => {
    const context = read(
      `<main><aside><ul><li>Notes</li><li>Attachments</li><li>Deals</li></ul></aside>
       <h1>Dana Whitfield</h1><div><span>Company</span><span>Quokka Yards</span></div>
       <div class="section-h">Deals</div><div class="card"><a href="/deals/5">Quokka – Hull sensors</a><div>Stage: Proposal · Deal value: $54,000 · Owner: Nell Armitage</div></div>
       <div><span>Description</span><span>Wants hull sensors on 40 barges.</span></div></main>`,
      'https://crm.example.com/people/12',
    );
    expect(context?.text).toBe('Wants hull sensors on 40 barges.');
    expect(context?.stage ?? null).toBeNull();
    expect(context?.amount ?? null).toBeNull();
  });
});

describe('labels and URLs in four languages', () => {
  it.each([
    ['Account Name', 'company'],
    ['Firmenname', 'company'],
    ['Société :', 'company'],
    ['Nombre de la cuenta', 'company'],
    ['Job Title', 'title'],
    ['Position', 'title'],
    ['Fonction', 'title'],
    ['Cargo', 'title'],
    ['Sales Stage', 'stage'],
    ['Add-on Interest', 'products'],
    ['Modules of interest', 'products'],
    ['Primary location', 'location'],
    ['Incumbent Vendor', 'competitors'],
    ['Fournisseur actuel', 'competitors'],
    ['Verkaufsphase', 'stage'],
    ['Étape', 'stage'],
    ['Etapa de venta', 'stage'],
    ['Branche', 'industry'],
    ["Secteur d'activité", 'industry'],
    ['Anzahl Mitarbeiter', 'companySize'],
    ['Main Competitor(s)', 'competitors'],
    ['Industry*', 'industry'],
  ])('%s → %s', (label, field) => expect(fieldForLabel(label)).toBe(field));

  // What the prospect uses today may be no vendor ("Paper logs + handheld probes"); a vendor is a competitor.
  it.each(['Incumbent Solution', 'Current solution', 'Interest'])('%s names no field', (label) => expect(fieldForLabel(label)).toBeNull());

  it.each([
    ['https://crm.example.com/index.php?module=Leads&action=DetailView&record=1', 'Lead'],
    ['https://sugar.example.com/#Opportunities/7b2c3d4e', 'Opportunity'],
    ['https://crm.zoho.com/crm/org1/tab/Potentials/5', 'Opportunity'],
    ['https://x.pipedrive.com/organization/118', 'Account'],
    ['https://x.pipedrive.com/deal/9', 'Deal'],
    ['https://crm.example.de/kontakte/12', 'Contact'],
    ['https://crm.example.com/dashboard', null],
  ])('%s → %s', (href, type) => expect(recordTypeFromUrl(new URL(href))).toBe(type));
});
