import { afterAll, describe, expect, it } from 'vitest';
import type { Window } from 'happy-dom';
import { readPage, readers } from '@/lib/context/registry';
import { fixtures, load } from '../fixtures';

const windows: Window[] = [];
afterAll(() => windows.forEach((w) => w.close()));
function page(html: string, url: string): Document {
  const { window, document } = load(html, url);
  windows.push(window);
  return document;
}

const URLS: Record<string, string> = {
  'linkedin-profile': 'https://www.linkedin.com/in/someone/',
  'linkedin-company': 'https://www.linkedin.com/company/acme/',
  'sales-navigator': 'https://www.linkedin.com/sales/lead/ACwAAA1,NAME_SEARCH,x',
  salesforce: 'https://acme.lightning.force.com/lightning/r/Lead/00QDn000003xYzQMAU/view',
  hubspot: 'https://app.hubspot.com/contacts/1/record/0-1/2',
  dynamics: 'https://o.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=1',
  generic: 'https://crm.example.com/records/1',
  pipedrive: 'https://acme.pipedrive.com/deal/42',
  'zoho-crm': 'https://crm.zoho.com/crm/org1/tab/Leads/4200000001',
  sugarcrm: 'https://acme.sugarondemand.com/#Accounts/7b2c3d4e-5f60',
  freshsales: 'https://acme.myfreshworks.com/crm/sales/leads/16000000001',
  close: 'https://app.close.com/lead/lead_abc123/',
  odoo: 'https://acme.odoo.com/odoo/crm/12',
  copper: 'https://app.copper.com/companies/1/app#/browse/list/people/default?fullProfile=people-2',
  insightly: 'https://crm.na1.insightly.com/details/Contact/123',
  'structured-data': 'https://example.com/',
};

describe('readers on pages that are not what they expect', () => {
  const pages = {
    empty: '<!DOCTYPE html><html><head></head><body></body></html>',
    skeleton: '<main><div class="skeleton"><div class="ghost-line"></div></div></main>',
    hostile:
      '<main><h1></h1><dl><dt>Industry</dt></dl><script type="application/ld+json">{"@graph":[null,1,{"@type":["Person"],"name":{}}]}</script><table><tr><th>Company</th></tr></table><label for="nope">Title</label></main>',
  };
  it.each(readers.flatMap((r) => Object.entries(pages).map(([kind, html]) => [r.name, kind, html] as const)))(
    '%s on an %s page: no throw, no prospect',
    (name, _kind, html) => {
      const reader = readers.find((r) => r.name === name)!;
      const url = new URL(URLS[name]!);
      expect(reader.matches(url)).toBe(true);
      const document = page(html, url.href);
      expect(() => reader.read(document, url)).not.toThrow();
      expect(readPage(document, url.href).status).not.toBe('read');
    },
  );
});

describe('scoping to the record in view', () => {
  it('Salesforce: a cached view of the previous record is never read, even when it comes first', () => {
    const html = `<div class="windowViewMode-normal oneContent"><records-highlights2><h1><records-entity-label slot="entityLabel">Lead</records-entity-label><lightning-formatted-name slot="primaryField">Old Lead</lightning-formatted-name></h1></records-highlights2></div>
      <div class="windowViewMode-normal oneContent active"><records-highlights2><h1><records-entity-label slot="entityLabel">Lead</records-entity-label><lightning-formatted-name slot="primaryField">New Lead</lightning-formatted-name></h1>
      <records-highlights-details-item><p class="slds-text-title" title="Company">Company</p><p class="fieldComponent">Acme</p></records-highlights-details-item></records-highlights2></div>`;
    const result = readPage(page(html, URLS.salesforce!), URLS.salesforce!);
    expect(result.status === 'read' && result.context.name).toBe('New Lead');
    expect(result.status === 'read' && result.context.company).toBe('Acme');
  });

  it('HubSpot: a hidden sidebar of another record is skipped', () => {
    const html = `<div data-test-id="left-sidebar" hidden><span data-selenium-test="highlightTitle">Old Contact</span></div>
      <div data-test-id="left-sidebar"><span data-selenium-test="highlightTitle">New Contact</span><div data-selenium-test="property-input-jobtitle"><input value="CTO"></div></div>`;
    const result = readPage(page(html, URLS.hubspot!), URLS.hubspot!);
    expect(result.status === 'read' && [result.context.name, result.context.title]).toEqual(['New Contact', 'CTO']);
  });

  it('generic: a single stray label on an ordinary page is not a record', () => {
    const html = '<main><h1>Blog</h1><p>Title</p><p>How we grew</p></main>';
    expect(readPage(page(html, 'https://blog.example.com/post'), 'https://blog.example.com/post').status).toBe('unreadable');
  });

  it('generic: structured data fills what label/value pairs miss', () => {
    const html = `<script type="application/ld+json">{"@type":"Organization","name":"Acme","address":{"addressLocality":"Lyon","addressCountry":"FR"}}</script>
      <main><h1>Acme</h1><dl><dt>Industry</dt><dd>Chemicals</dd><dt>Stage</dt><dd>Qualify</dd></dl></main>`;
    const result = readPage(page(html, 'https://crm.example.com/accounts/9'), 'https://crm.example.com/accounts/9');
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(result.context).toMatchObject({
      source: 'generic',
      name: 'Acme',
      industry: 'Chemicals',
      location: 'Lyon, FR',
      recordType: 'Account',
      company: 'Acme',
    });
  });
});

describe('speed', () => {
  it('every fixture reads in well under 10 ms once warm (median of 15 reads, generous bound for slow CI)', () => {
    for (const fixture of fixtures()) {
      const document = page(fixture.html, fixture.url);
      readPage(document, fixture.url);
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const start = performance.now();
        readPage(document, fixture.url);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      expect(times[7], fixture.file).toBeLessThan(25);
    }
  });
});
