/**
 * Every source with its own reader, in Chromium, at its real URL: the content script's match
 * patterns fire for real, the reader runs on the page, the panel shows the prospect. Each SPA
 * also navigates in-app to another record (pushState, then the DOM swapped a moment later, as
 * the real apps do): the panel must follow within about a second and never show the previous
 * record's context for the new URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { fixture, html, launch, prospectFields, waitFor, type Harness } from './harness';

const PAGES = 'tests/fixtures/pages';

/** A fixture page made into a tiny SPA: a link that pushes a URL and swaps in `<template id="next">` after a delay. */
function spa(path: string, linkTo: string, swap: string, next: string): string {
  const script = `<script>
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-spa-to]');
  if (!link) return;
  event.preventDefault();
  history.pushState({}, '', link.getAttribute('data-spa-to'));
  setTimeout(() => { const next = document.getElementById('next').content.cloneNode(true); (${swap})(next); }, 300);
});
</script>`;
  const link = `<a id="spa-link" data-spa-to="${linkTo}" href="${linkTo}" style="position:fixed;top:0;right:0;z-index:9">next record</a>`;
  return fixture(path).replace('</body>', `${link}<template id="next">${next}</template>${script}</body>`);
}

interface Case {
  url: string;
  body: string;
  expected: Record<string, string>;
  source: string;
  absent: RegExp;
  next?: { url: string; expected: Record<string, string> };
}

const SF_NEXT_URL = 'https://northwind-demo.lightning.force.com/lightning/r/Opportunity/006Dn00000QrStUIAV/view';
const HS_NEXT_URL = 'https://app.hubspot.com/contacts/4411223/record/0-1/51200999';
const D365_NEXT_URL =
  'https://northwind.crm4.dynamics.com/main.aspx?appid=7d3f1b2a-58c1-ee11-9079-000d3a2b1c4d&pagetype=entityrecord&etn=opportunity&id=%7B9C0FFEE0-0000-4000-8000-000000000001%7D';
const LI_NEXT_URL = 'https://www.linkedin.com/company/fieldstone-retail/';
const SN_NEXT_URL = 'https://www.linkedin.com/sales/lead/ACwAAB9z8Y7x6W5v4U3t2S1r0Q,NAME_SEARCH,aa1';

const cases: Record<string, Case> = {
  'LinkedIn profile, server-driven layout': {
    url: 'https://www.linkedin.com/in/elena-rossi-mi/',
    body: fixture(`${PAGES}/linkedin-profile/sdui-hashed.html`),
    expected: { Name: 'Elena Rossi', Company: 'Banca Lombarda', Location: 'Milan, Lombardy, Italy' },
    source: 'LinkedIn profile',
    absent: /Alex Rivera|Marco|Giulia|She\/Her/,
  },
  'LinkedIn company page': {
    url: 'https://www.linkedin.com/company/northwind-health/about/',
    body: spa(
      `${PAGES}/linkedin-company/about-tab.html`,
      LI_NEXT_URL,
      `(next) => { const main = document.querySelector('main'); main.replaceChildren(next); document.title = 'Fieldstone Retail | LinkedIn'; }`,
      `<div class="org-top-card artdeco-card"><div class="block mt2"><h1 class="org-top-card-summary__title">Fieldstone Retail</h1>
       <div class="org-top-card-summary-info-list"><div class="org-top-card-summary-info-list__info-item">Retail Apparel and Fashion</div>
       <div class="org-top-card-summary-info-list__info-item">Columbus, Ohio</div><div class="org-top-card-summary-info-list__info-item">9,870 followers</div>
       <a class="org-top-card-summary-info-list__info-item"><span>5K-10K employees</span></a></div></div></div>`,
    ),
    expected: { Name: 'Northwind Health', Industry: 'Hospitals and Health Care', 'Company size': '1,001-5,000 employees' },
    source: 'LinkedIn company page',
    absent: /Lakeside|associated members/,
    next: { url: LI_NEXT_URL, expected: { Name: 'Fieldstone Retail', Industry: 'Retail Apparel and Fashion', 'Company size': '5K-10K employees' } },
  },
  'Sales Navigator lead': {
    url: 'https://www.linkedin.com/sales/lead/ACwAAA1b2C3d4E5f6G7h8I9j0K,NAME_SEARCH,qX9z',
    body: spa(
      `${PAGES}/sales-navigator/lead-page.html`,
      SN_NEXT_URL,
      `(next) => { document.querySelector('[data-sn-view-name="feature-lead-top-card"]').replaceWith(next); document.querySelector('[data-sn-view-name="feature-about-lead"]')?.remove(); }`,
      `<section data-sn-view-name="feature-lead-top-card"><h1 data-x--lead--name data-anonymize="person-name">Marco Bianchi</h1>
       <div data-anonymize="headline">CIO at Banca Adriatica</div><span data-anonymize="location">Trieste, Italy</span>
       <div><span data-anonymize="job-title">Chief Information Officer</span> at <a data-anonymize="company-name">Banca Adriatica</a></div></section>`,
    ),
    expected: { Name: 'Katrin Hoffmann', Title: 'Head of Procurement', Company: 'Elbe Logistik GmbH', Location: 'Hamburg, Germany' },
    source: 'Sales Navigator',
    absent: /Jonas|Lena|Nordhafen/,
    next: { url: SN_NEXT_URL, expected: { Name: 'Marco Bianchi', Title: 'Chief Information Officer', Company: 'Banca Adriatica' } },
  },
  'Sales Navigator account': {
    url: 'https://www.linkedin.com/sales/company/223344',
    body: fixture(`${PAGES}/sales-navigator/account-page.html`),
    expected: { Name: 'Fieldstone Retail', Industry: 'Retail Apparel and Fashion', 'Company size': '5K-10K employees' },
    source: 'Sales Navigator',
    absent: /Harbor|Tom Becker/,
  },
  'Salesforce opportunity': {
    url: 'https://northwind-demo.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdEIAV/view',
    body: spa(
      `${PAGES}/salesforce/opportunity-lightning.html`,
      SF_NEXT_URL,
      // Lightning keeps the old view, hidden, and adds the new one as the active view.
      `(next) => { const old = document.querySelector('.oneContent.active'); old.classList.remove('active'); old.style.display = 'none'; old.parentElement.append(next); document.title = 'Brightline - Predictive Maintenance | Opportunity | Salesforce'; }`,
      `<div class="windowViewMode-normal oneContent active"><records-highlights2><div class="highlights slds-page-header_record-home">
        <h1><records-entity-label slot="entityLabel">Opportunity</records-entity-label><lightning-formatted-text slot="primaryField">Brightline - Predictive Maintenance</lightning-formatted-text></h1>
        <records-highlights-details-item><p class="slds-text-title" title="Account Name">Account Name</p><p class="fieldComponent"><force-lookup><a>Brightline Manufacturing</a></force-lookup></p></records-highlights-details-item>
        <records-highlights-details-item><p class="slds-text-title" title="Amount">Amount</p><p class="fieldComponent"><lightning-formatted-text>$90,000.00</lightning-formatted-text></p></records-highlights-details-item>
       </div></records-highlights2>
       <ul class="slds-path__nav"><li class="slds-path__item slds-is-current"><a title="Qualification"><span class="slds-path__title">Qualification</span></a></li></ul></div>`,
    ),
    expected: {
      Name: 'Northwind Health - Analytics Platform Renewal',
      Company: 'Northwind Health',
      Record: 'Opportunity',
      Stage: 'Proposal/Price Quote',
      Amount: '$250,000.00',
      Products: 'Claims Analytics Suite, FP&A Planning Cloud',
      Competitors: 'Tableau, Qlik, Domo',
    },
    source: 'Salesforce',
    absent: /Hanseatic|Alex Rivera|Negotiation/,
    next: {
      url: SF_NEXT_URL,
      expected: { Name: 'Brightline - Predictive Maintenance', Company: 'Brightline Manufacturing', Stage: 'Qualification', Amount: '$90,000.00' },
    },
  },
  'Salesforce lead in a console app': {
    url: 'https://brightline.lightning.force.com/lightning/r/Lead/00QDn000003xYzQMAU/view',
    body: fixture(`${PAGES}/salesforce/lead-console.html`),
    expected: { Name: 'Priya Nair', Title: 'Director of Operations', Company: 'Brightline Manufacturing', Industry: 'Manufacturing', Record: 'Lead' },
    source: 'Salesforce',
    absent: /Jonas|Hanseatic|Alex Rivera/,
  },
  'HubSpot contact': {
    url: 'https://app.hubspot.com/contacts/4411223/record/0-1/51200301',
    body: spa(
      `${PAGES}/hubspot/contact-record.html`,
      HS_NEXT_URL,
      `(next) => { document.querySelector('[data-test-id="left-sidebar"]').replaceWith(next); }`,
      `<div data-test-id="left-sidebar"><div data-test-id="record-highlight-main-content"><span data-selenium-test="highlightTitle">Tom Becker</span></div>
       <div data-selenium-test="highlightedPropertySidebar"><div data-selenium-test="property-input-jobtitle"><input value="Chief Marketing Officer"></div>
       <div data-selenium-test="property-input-company"><input value="Fieldstone Retail"></div></div></div>`,
    ),
    expected: { Name: 'Maria Gonzalez', Title: 'Chief Financial Officer', Company: 'Northwind Health', Industry: 'Hospital & Health Care', Record: 'Contact' },
    source: 'HubSpot',
    absent: /Alex Rivera|Sam Patel|Corporate Controller/,
    next: { url: HS_NEXT_URL, expected: { Name: 'Tom Becker', Title: 'Chief Marketing Officer', Company: 'Fieldstone Retail' } },
  },
  'HubSpot deal on an EU host': {
    url: 'https://app-eu1.hubspot.com/contacts/145002/record/0-3/33021987/view/1',
    body: fixture(`${PAGES}/hubspot/deal-record-eu.html`),
    expected: { Name: 'Hanseatic Bank – Core Migration', Company: 'Hanseatic Bank', Stage: 'Vertrag gesendet', Amount: '480.000 €', Record: 'Deal' },
    source: 'HubSpot',
    absent: /Lena Vogel/,
  },
  'Dynamics 365 opportunity': {
    url: 'https://northwind.crm4.dynamics.com/main.aspx?appid=7d3f1b2a-58c1-ee11-9079-000d3a2b1c4d&pagetype=entityrecord&etn=opportunity&id=%7B4A1D2C33-8E21-F011-8C4E-000D3AB2C9F1%7D',
    body: spa(
      `${PAGES}/dynamics/opportunity-form.html`,
      D365_NEXT_URL,
      `(next) => { document.getElementById('mainContent_0').replaceChildren(next); document.title = 'Opportunity: Opportunity: Harbor Outfitters - Store Analytics - Dynamics 365 Sales Hub'; }`,
      `<div data-id="form-header"><h1 data-id="header_title" title="Harbor Outfitters - Store Analytics">Harbor Outfitters - Store Analytics</h1><span data-id="entity_name_span">Opportunity</span>
        <div data-id="header_estimatedvalue"><input data-id="header_estimatedvalue.fieldControl-currency-text-input" value="£60,000.00"></div></div>
       <div data-id="editFormRoot"><div data-id="parentaccountid-FieldSectionItemContainer"><div data-id="parentaccountid.fieldControl-LookupResultsDropdown_parentaccountid_selected_tag_text" title="Harbor Outfitters">Harbor Outfitters</div></div>
        <div data-id="salesstage-FieldSectionItemContainer"><select data-id="salesstage.fieldControl-option-set-select"><option>Qualify</option><option selected>Propose</option></select></div></div>`,
    ),
    expected: {
      Name: 'Northwind Health - Claims Analytics',
      Company: 'Northwind Health',
      Stage: 'Develop',
      Amount: '$180,000.00',
      Record: 'Opportunity',
      Competitors: 'Tableau, Qlik',
    },
    source: 'Dynamics 365',
    absent: /Alex Rivera|Maria Gonzalez|Saved/,
    next: {
      url: D365_NEXT_URL,
      expected: { Name: 'Harbor Outfitters - Store Analytics', Company: 'Harbor Outfitters', Stage: 'Propose', Amount: '£60,000.00' },
    },
  },
  'Dynamics 365 lead, another session hidden': {
    url: 'https://hanseatic.crm4.dynamics.com/main.aspx?appid=0f9d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b&forceUCI=1&pagetype=entityrecord&etn=lead&id=6b1e0f4c-2d3a-f011-b4cb-6045bdd8e0a1',
    body: fixture(`${PAGES}/dynamics/lead-form.html`),
    expected: { Name: 'Jonas Weber', Title: 'VP IT Infrastructure', Company: 'Hanseatic Bank', Industry: 'Finanzdienstleistungen', Record: 'Lead' },
    source: 'Dynamics 365',
    absent: /Katrin|Elbe|Gespeichert/,
  },
};

async function regionText(panel: Page): Promise<string> {
  return panel.$eval('::-p-aria([name="Prospect"][role="region"])', (el) => (el as HTMLElement).innerText);
}

describe('page readers in Chromium, at the real URLs', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await launch();
    for (const c of Object.values(cases)) h.routes.set(c.url.split('#')[0]!, html(c.body));
  });
  afterAll(() => h?.close());

  it.each(Object.keys(cases))('%s', async (name) => {
    const c = cases[name]!;
    const page = await h.openPage(c.url);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const tabId = await h.tabIdOf(c.url);
    const panel = await h.openPanel(tabId);
    const first = Object.entries(c.expected)[0]!;
    await waitFor(async () => (await prospectFields(panel))[first[0]] === first[1], `${first[1]} in the Prospect region`);
    expect(await prospectFields(panel)).toMatchObject(c.expected);
    const region = await regionText(panel);
    expect(region).toContain(c.source);
    expect(region).not.toMatch(c.absent);
    // Read-only: the reader added nothing to the page.
    expect(await page.evaluate(() => document.querySelectorAll('[class*="pitchside" i], [id*="pitchside" i]').length)).toBe(0);

    if (c.next) {
      const previousName = c.expected.Name!;
      await page.bringToFront();
      const clicked = Date.now();
      await page.click('#spa-link');
      await waitFor(
        async () => {
          const fields = await prospectFields(panel).catch(() => ({}) as Record<string, string>);
          return fields.Name === c.next!.expected.Name;
        },
        `${c.next.expected.Name} after in-app navigation`,
        5000,
      );
      const elapsed = Date.now() - clicked;
      console.log(`${name}: in-app navigation shown in the panel ${elapsed} ms after the click (DOM swapped at 300 ms)`);
      expect(await prospectFields(panel)).toMatchObject(c.next.expected);
      // Once the new record is shown the old one never comes back.
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        expect((await prospectFields(panel)).Name).toBe(c.next.expected.Name);
      }
      expect(await regionText(panel)).not.toContain(previousName);
    }
    expect(errors).toEqual([]);
    await panel.close();
    await page.close();
  });
});
