import { describe, expect, it } from 'vitest';
import { contextReader } from '../read';

/**
 * What every reader holds to, whichever CRM drew the page: each rule with the smallest page that
 * shows it (the blind4-* fixture pages show them in whole records).
 */
const read = contextReader();

const INHOUSE = 'https://crm.example.com/opportunities/41';
const field = (label: string, value: string, attrs = '') =>
  `<div class="field"${attrs}><span class="lbl">${label}</span><span class="val">${value}</span></div>`;

describe('hidden parts of a page are never read', () => {
  it('a value’s part hidden by an inline style, a field in an aria-hidden section', () => {
    const context = read(
      `<main><h1>Ferry ticketing</h1>${field('Industry', 'Transport<span style="display:none">Retail</span>')}${field('Amount', '£12,000<span style="visibility: hidden">£9,000</span>')}
       <div aria-hidden="true">${field('Competitors', 'FareGate')}</div>${field('Competitors', 'TicketBay', ' style="display: none"')}</main>`,
      INHOUSE,
    );
    expect(context).toMatchObject({ industry: 'Transport', amount: '£12,000' });
    expect(context?.competitors).toBeUndefined();
    expect(JSON.stringify(context)).not.toMatch(/Retail|£9,000|FareGate|TicketBay/);
  });

  it('a Dynamics header field a business rule hid is not the field', () => {
    const context = read(
      `<div id="mainContent"><div data-id="form-header"><h1 data-id="header_title" title="Ana Ruiz">Ana Ruiz</h1>
       <div data-id="header_jobtitle" style="display:none"><input data-id="header_jobtitle.fieldControl-text-box-text" value="Buyer"></div></div>
       <div data-id="editFormRoot"><input data-id="jobtitle.fieldControl-text-box-text" value="Head of Purchasing"></div></div>`,
      'https://org.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=1b2c3d4e-0000-4000-8000-000000000001',
    );
    expect(context?.title).toBe('Head of Purchasing');
  });

  it('a Salesforce layout section marked aria-hidden is not read', () => {
    const item = (api: string, label: string, value: string) =>
      `<records-record-layout-item field-label="${label}"><div data-target-selection-name="sfdc:RecordField.Opportunity.${api}"><span class="test-id__field-label">${label}</span><span class="test-id__field-value"><lightning-formatted-text>${value}</lightning-formatted-text></span></div></records-record-layout-item>`;
    const context = read(
      `<div class="windowViewMode-normal oneContent active"><records-highlights2><h1><lightning-formatted-text slot="primaryField">Meter data</lightning-formatted-text></h1></records-highlights2>
       ${item('Amount', 'Amount', '$40,000')}<div class="slds-section" aria-hidden="true">${item('Competitors__c', 'Competitors', 'Voltcore')}</div></div>`,
      'https://acme.lightning.force.com/lightning/r/Opportunity/006Qx00000Bq7LmIAJ/view',
    );
    expect(context).toMatchObject({ name: 'Meter data', amount: '$40,000' });
    expect(context?.competitors).toBeUndefined();
  });
});

describe('a "(note)" in its own element after a value is no part of it', () => {
  it('is left out of the value; a bracket the value holds in its own text stays', () => {
    const context = read(
      `<main><h1>Ferry ticketing</h1>${field('Industry', '<span>Transport</span><span class="muted">(from organization)</span>')}${field('Stage', 'Proposal <small>(since 3 Feb)</small>')}${field('Company', 'Tyne Ferries (UK) Ltd')}</main>`,
      INHOUSE,
    );
    expect(context).toMatchObject({ industry: 'Transport', stage: 'Proposal', company: 'Tyne Ferries (UK) Ltd' });
  });
});

describe('the vendor in place is a competitor', () => {
  it.each([
    ['Incumbent', 'en'],
    ['Existing supplier', 'en'],
    ['Current vendors', 'en'],
    ['Incumbent Supplier', 'en'],
    ['Bisheriger Anbieter', 'de'],
    ['Fournisseur en place', 'fr'],
    ['Proveedor existente', 'es'],
    ['Fornitore uscente', 'it'],
    ['Huidige leverancier', 'nl'],
  ])('"%s" (%s) lists competitors', (label, lang) => {
    const context = read(
      `<html lang="${lang}"><body><main><h1>Ferry ticketing</h1>${field(label, 'TicketBay; FareGate')}${field('Stage', 'Proposal')}</main></body></html>`,
      INHOUSE,
    );
    expect(context?.competitors).toEqual(['TicketBay', 'FareGate']);
  });

  it('a current solution is not a vendor', () => {
    const context = read(`<main><h1>Ferry ticketing</h1>${field('Current solution', 'Paper tickets')}${field('Stage', 'Proposal')}</main>`, INHOUSE);
    expect(context?.competitors).toBeUndefined();
  });
});

describe('the record’s notes are its text', () => {
  const notes = 'Two piers still print paper tickets; they want tap-on gates before the summer timetable.';
  it.each([
    ['Deal notes', 'en'],
    ['Internal notes', 'en'],
    ['Interne Notizen', 'de'],
    ['Gesprächsnotizen', 'de'],
    ['Notes internes', 'fr'],
    ['Notas internas', 'es'],
    ['Note sulla trattativa', 'it'],
  ])('"%s" (%s)', (label, lang) => {
    const context = read(
      `<html lang="${lang}"><body><main><h1>Ferry ticketing</h1>${field('Stage', 'Proposal')}${field(label, notes)}</main></body></html>`,
      INHOUSE,
    );
    expect(context?.text).toBe(notes);
  });

  it('a Dynamics form’s custom notes field', () => {
    const context = read(
      `<div id="mainContent"><div data-id="form-header"><h1 data-id="header_title" title="Ana Ruiz">Ana Ruiz</h1></div>
       <div data-id="editFormRoot"><div data-id="new_internalnotes-FieldSectionItemContainer"><label>Internal Notes</label><textarea data-id="new_internalnotes.fieldControl-text-box-text">${notes}</textarea></div></div></div>`,
      'https://org.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=1b2c3d4e-0000-4000-8000-000000000001',
    );
    expect(context?.text).toBe(notes);
  });
});

describe('a field of the company is the company’s', () => {
  it('"End customer", "End customer HQ", "Account industry" beside a partner', () => {
    const context = read(
      `<main><h1>Ferry ticketing</h1>${field('Partner', 'Blue Meridian Resellers Ltd')}${field('End customer', 'Tyneside Ferry Company')}${field('End customer HQ', 'North Shields, United Kingdom')}${field('Account industry', 'Transport')}${field('Account owner', 'Dana Whitcombe')}</main>`,
      INHOUSE,
    );
    expect(context).toMatchObject({ company: 'Tyneside Ferry Company', location: 'North Shields, United Kingdom', industry: 'Transport' });
    expect(JSON.stringify(context)).not.toMatch(/Blue Meridian|Dana Whitcombe/);
  });

  it('"Cliente final", "Empresa sede" in Spanish; "Account status" is no company fact', () => {
    const context = read(
      `<html lang="es"><body><main><h1>Venta de billetes</h1>${field('Cliente final', 'Naviera del Cantábrico')}${field('Empresa sede', 'Santander')}${field('Account status', 'Active')}</main></body></html>`,
      INHOUSE,
    );
    expect(context).toMatchObject({ company: 'Naviera del Cantábrico', location: 'Santander' });
    expect(context?.stage).toBeUndefined();
  });
});

describe('an address written a part to an element reads as one line', () => {
  it('parts in spans, divs or lines cut by <br>, joined with ", "', () => {
    const spans = read(
      `<main><h1>Kestrel Grid</h1>${field('Address', '<span>Unit 4, Kestrel Park</span><span>Ipswich</span><span>IP3 9SJ</span><span>United Kingdom</span>')}${field('Industry', 'Utilities')}</main>`,
      'https://crm.example.com/accounts/7',
    );
    expect(spans?.location).toBe('Unit 4, Kestrel Park, Ipswich, IP3 9SJ, United Kingdom');
    const lines = read(
      `<main><h1>Kestrel Grid</h1>${field('Dirección', '<div>Calle Mayor 18<br>30001 Murcia<br>España</div>')}${field('Sector', 'Agua')}</main>`,
      'https://crm.example.com/accounts/7',
    );
    expect(lines?.location).toBe('Calle Mayor 18, 30001 Murcia, España');
  });

  it('a HubSpot address property', () => {
    const context = read(
      `<div data-test-id="left-sidebar"><div data-test-id="record-highlight-main-content"><span data-selenium-test="highlightTitle">Lindqvist Kälte</span></div>
       <div data-selenium-test="property-input-address"><label>Anschrift</label><div class="PropertyValue"><span>Hafenstraße 14</span><span>24159 Kiel</span><span>Deutschland</span></div></div></div>`,
      'https://app-eu1.hubspot.com/contacts/26418873/record/0-2/31770542118',
    );
    expect(context?.location).toBe('Hafenstraße 14, 24159 Kiel, Deutschland');
  });
});

describe('a summary of field rows is no prose; a pinned note is the text', () => {
  const rows = `<div class="section-title">Summary</div><div class="summary">${field('Value', '£48,600')}${field('Probability', '60%')}${field('Expected close date', 'October 31, 2026')}${field('Owner', 'Callum Ashdown')}</div>`;
  const note = 'Kestrel runs 140 line crews on paper job sheets and wants one offline-first app before the storm season.';

  it('the pinned note, without its author line, not the summary’s rows', () => {
    const context = read(
      `<main><h1 data-testid="header-title">Field crew app</h1>${rows}${field('Industry', 'Utilities')}
       <div class="flow"><div class="flow-item note" data-testid="pinned-note"><div class="meta">Pinned note · Callum Ashdown · Sep 2</div><div>${note}</div></div></div></main>`,
      'https://harbourside.pipedrive.com/deal/5530',
    );
    expect(context?.text).toBe(note);
  });

  it('no text rather than the rows', () => {
    const context = read(`<main><h1>Field crew app</h1>${rows}${field('Industry', 'Utilities')}</main>`, INHOUSE);
    expect(context?.text).toBeUndefined();
    expect(JSON.stringify(context)).not.toContain('Callum Ashdown');
  });
});

describe('a plural "Accounts" list linking one record names the company', () => {
  const contact = 'https://crm.example.com/contacts/88';
  it('one linked account is the company; two name none', () => {
    const one = read(
      `<main><h1>Inés Carvajal</h1>${field('Title', 'COO')}<div class="related"><h3>Cuentas (1)</h3><ul><li><a href="/accounts/1">Frutas del Segura S.L.</a><span>Murcia</span></li></ul></div></main>`,
      contact,
    );
    expect(one?.company).toBe('Frutas del Segura S.L.');
    const two = read(
      `<main><h1>Inés Carvajal</h1>${field('Title', 'COO')}${field('Accounts', '<a href="/accounts/1">Frutas del Segura</a>, <a href="/accounts/2">Conservas Lorca</a>')}</main>`,
      contact,
    );
    expect(two?.company).toBeUndefined();
    const label = read(
      `<main><h1>Inés Carvajal</h1>${field('Title', 'COO')}${field('Companies', '<a href="/accounts/1">Frutas del Segura</a>')}</main>`,
      contact,
    );
    expect(label?.company).toBe('Frutas del Segura');
  });
});

describe('a paragraph no label names in the record’s body is its text', () => {
  const prose =
    'The ferry operator sells about 2.3 million crossings a year and still prints paper tickets at both piers. They want contactless tap-on at the gates before the summer timetable.';
  it('the record’s paragraph, not the activity feed’s', () => {
    const context = read(
      `<main><h1>Ferry ticketing</h1>${field('Stage', 'Proposal')}${field('Amount', '£126,000')}
       <section class="history"><div class="entry">Dana Whitcombe logged a call with the partner. The margin was agreed at 18 percent for the first year of the contract.</div></section>
       <div class="panel"><p>${prose}</p></div></main>`,
      INHOUSE,
    );
    expect(context?.text).toBe(prose);
  });

  it('a short line or a labelled one is no such text', () => {
    const context = read(
      `<main><h1>Ferry ticketing</h1>${field('Stage', 'Proposal')}<p>Last synced 2 minutes ago.</p><p>Next step: send the revised quote. Then book the pier walk with their operations lead for March.</p></main>`,
      INHOUSE,
    );
    expect(context?.text).toBeUndefined();
  });
});
