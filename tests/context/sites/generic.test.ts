import { describe, expect, it } from 'vitest';
import { recordTypeFromUrl } from '@/lib/context/sites/generic';
import { fieldForLabel } from '@/lib/context/labels';
import { contextReader } from '../read';

const read = contextReader();

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

  it('a deal card of an unknown CRM: chips of "item" class, product lines by name, a client block, an amount beside its action', () => {
    const context = read(
      `<main><h1>Hoteles Brisamar – Wi-Fi 6</h1>
       <div class="block"><label>Importe y moneda</label><div><span class="wallet">57.340,00 €</span><div class="add-box">+ Añadir pago</div></div></div>
       <div class="block"><label>Cliente</label><div class="client-block"><div class="box"><a href="/crm/company/418/">Grupo Hotelero Brisamar S.L.</a><div>Empresa</div></div>
         <div class="box"><a href="/crm/contact/1093/">Ignacio Berrocal</a><div>Director de Sistemas</div></div></div></div>
       <div class="block"><label>Competidores</label><div><span class="field-item">Redalia</span><span class="field-item">Conectia Pro</span></div></div>
       <div class="block"><label>Comentario</label><div>Sustituir 84 puntos de acceso en tres hoteles antes de la temporada alta.</div></div>
       <section><div class="section-header"><span>Productos</span><span>+ ▾</span></div><div>
         <div class="products-item"><span class="products-item-name">Punto de acceso AX-620</span><span>84 × 389,00 € = 32.676,00 €</span></div>
         <div class="products-item"><span class="products-item-name">Instalación y cableado</span><span>1 × 12.400,00 € = 12.400,00 €</span></div></div></section></main>`,
      'https://brisamar.bitrix24.es/crm/deal/details/2291/',
    );
    expect(context).toMatchObject({
      amount: '57.340,00 €',
      company: 'Grupo Hotelero Brisamar S.L.',
      competitors: ['Redalia', 'Conectia Pro'],
      products: ['Punto de acceso AX-620', 'Instalación y cableado'],
      text: 'Sustituir 84 puntos de acceso en tres hoteles antes de la temporada alta.',
      recordType: 'Deal',
    });
  });

  it('an in-house CRM: a deal under its customer in the URL, values on lines of their own, a notes heading, a table of other deals', () => {
    const context = read(
      `<main><h1>Fornitura utensileria – Lonato</h1><dl>
       <dt>Cliente</dt><dd><a href="/clienti/1420">Meccanica Gardesana S.r.l.</a></dd>
       <dt>Importo stimato</dt><dd>€ 64.800,00</dd><dt>Concorrenti</dt><dd>Utensilmec<br>Brevia Tools</dd></dl>
       <h2>Note</h2><div>Il cliente apre a marzo il nuovo stabilimento con 12 centri di lavoro a 5 assi.</div>
       <h2>Altre trattative</h2><table><tr><th>Titolo</th><th>Importo</th><th>Chiusura</th></tr><tr><td>Ricambi</td><td>€ 8.900,00</td><td>14/05/2025</td></tr></table></main>`,
      'https://crm.ferramenta.example.it/clienti/trattative/4821?tab=dettaglio',
    );
    expect(context).toMatchObject({
      recordType: 'Deal',
      company: 'Meccanica Gardesana S.r.l.',
      amount: '€ 64.800,00',
      competitors: ['Utensilmec', 'Brevia Tools'],
      text: 'Il cliente apre a marzo il nuovo stabilimento con 12 centri di lavoro a 5 assi.',
    });
  });

  it('line items in a panel with a header bar, and a "Product" column: the products', () => {
    const lines = read(
      `<main><h1>Yakima kiosks</h1><div><span>Amount</span><span>$218,750.00</span></div>
       <div class="subpanel"><div class="subpanel-header"><span>Revenue Line Items</span><span>+ ▾</span></div>
       <table><thead><tr><th>Name</th><th>Product</th><th>Likely</th></tr></thead><tbody>
       <tr><td>Kiosks – 25 branches</td><td><a href="#ProductTemplates/1">KX-7 Self-Service Kiosk</a></td><td>$162,500.00</td></tr>
       <tr><td>Cash recycler</td><td><a href="#ProductTemplates/3">Teller Cash Recycler TCR-2</a></td><td>$12,500.00</td></tr></tbody></table></div></main>`,
      'https://brisk.sugarondemand.example/opportunities/77',
    );
    expect(lines?.products).toEqual(['KX-7 Self-Service Kiosk', 'Teller Cash Recycler TCR-2']);
    const column = read(
      `<main><h1>Yakima kiosks</h1><div><span>Amount</span><span>$218,750.00</span></div>
       <table><tr><th>Line</th><th>Product</th></tr><tr><td>Kiosks</td><td>KX-7 Self-Service Kiosk</td></tr><tr><td>Care</td><td>Kiosk Care Plan</td></tr></table></main>`,
      'https://crm.example.com/opportunities/78',
    );
    expect(column?.products).toEqual(['KX-7 Self-Service Kiosk', 'Kiosk Care Plan']);
  });

  it('a section named "About" that opens with its heading, and a Close lead that is its company', () => {
    const context = read(
      `<aside aria-label="Lead details"><h1>Quillon Dental Partners</h1><section aria-label="About"><h3>About</h3><p>Group of 14 dental practices consolidating payroll.</p></section>
       <div><span>Industry</span><span>Healthcare – Dental</span></div></aside>`,
      'https://app.close.com/lead/lead_7hQx2mVbR4kT9sWcLpE1nY/',
    );
    expect(context).toMatchObject({
      name: 'Quillon Dental Partners',
      company: 'Quillon Dental Partners',
      text: 'Group of 14 dental practices consolidating payroll.',
    });
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
    ['Importe y moneda', 'amount'],
    ['Importo stimato', 'amount'],
    ['Comentario', 'text'],
    ['Hintergrund', 'text'],
    ['Interessierte Produkte', 'products'],
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
  it.each(['Incumbent Solution', 'Current solution', 'Interest', 'Terms and conditions'])('%s names no field', (label) =>
    expect(fieldForLabel(label)).toBeNull(),
  );

  it.each([
    ['https://crm.example.com/index.php?module=Leads&action=DetailView&record=1', 'Lead'],
    ['https://sugar.example.com/#Opportunities/7b2c3d4e', 'Opportunity'],
    ['https://crm.zoho.com/crm/org1/tab/Potentials/5', 'Opportunity'],
    ['https://x.pipedrive.com/organization/118', 'Account'],
    ['https://x.pipedrive.com/deal/9', 'Deal'],
    ['https://crm.example.de/kontakte/12', 'Contact'],
    // The last module of the path is the record's: a deal of an account.
    ['https://crm.example.com/accounts/12/deals/5', 'Deal'],
    ['https://crm.example.it/clienti/trattative/4821', 'Deal'],
    ['https://crm.example.com/dashboard', null],
  ])('%s → %s', (href, type) => expect(recordTypeFromUrl(new URL(href))).toBe(type));
});
