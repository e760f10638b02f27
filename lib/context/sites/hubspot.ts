import { addressOf, first, isHiddenByMarkup, isShown, listValues, pageLanguage, personName, textOf, shownValue } from '../dom';
import { traceField } from '../trace';
import { fieldForApiName, fieldForLabel, type LabelField } from '../labels';
import { defineReader } from '../reader';
import type { ProspectContext } from '../schema';
import { joinAddress, readLabelPairs, skipped, type Pairs } from './generic';

/** HubSpot CRM records: contacts, companies, deals (app.hubspot.com and regional app-xxx hosts). */

const HOST = /^app(-[a-z]+\d+)?\.hubspot\.com$/;
/** `/contacts/<portal>/record/<type>/<id>` for every object type; legacy `/contacts/<portal>/<type>/<id>`. */
const RECORD_PATH = /^\/contacts\/(\d+)\/(?:record\/(\d+-\d+)|(contact|company|deal|ticket))\/(\d+)/;
const TYPES: Record<string, string> = {
  '0-1': 'Contact',
  '0-2': 'Company',
  '0-3': 'Deal',
  '0-5': 'Ticket',
  '0-136': 'Lead',
  contact: 'Contact',
  company: 'Company',
  deal: 'Deal',
  ticket: 'Ticket',
};

/** The record's left column: highlight card plus "About this …" properties. */
const SIDEBAR = [
  '[data-test-id="left-sidebar"]', // 2023+ record layout
  '[data-selenium-test="highlightedPropertySidebar"]',
  '[class*="ProfileSidebar"]', // older layout
];

const TITLE = [
  '[data-test-id="record-highlight-main-content"] [data-selenium-test="highlightTitle"]',
  '[data-card-type="OBJECT_HIGHLIGHT"] [data-selenium-test="highlightTitle"]',
  '[data-selenium-test="highlightTitle"]',
  '[data-test-id="record-highlight-main-content"] h1, [data-test-id="record-highlight-main-content"] h2',
];

const ASSOCIATED_COMPANY = [
  '[data-selenium-test="company-chicklet-title-link"]', // contact highlight card
  '[data-test-id="records-right-sidebar"] [data-card-id*="ASSOCIATION_TABLE/0-2"] a', // association card, 2024+
  '[data-test-id="records-right-sidebar"] [data-selenium-test*="0-2"] a',
  // The association card's hook has moved between attributes over the years.
  '[data-card-id*="ASSOCIATION_TABLE/0-2"] a, [data-selenium-test*="ASSOCIATION_TABLE/0-2"] a, [data-test-id*="ASSOCIATION_TABLE/0-2"] a, [id*="ASSOCIATION_TABLE/0-2"] a',
];

/** Internal property names to context fields, per object. */
const PROPERTIES: Record<string, LabelField> = {
  jobtitle: 'title',
  company: 'company',
  industry: 'industry',
  city: 'city',
  country: 'country',
  numberofemployees: 'companySize',
  dealstage: 'stage',
  amount: 'amount',
  closedate: 'closeDate',
  description: 'text',
  about_us: 'text',
  products: 'products',
  competitors: 'competitors',
  competitor: 'competitors',
};

function parse(url: URL): { portal: string; type: string; id: string } | null {
  if (!HOST.test(url.hostname)) return null;
  const m = RECORD_PATH.exec(url.pathname);
  return m ? { portal: m[1]!, type: (m[2] ?? m[3])!, id: m[4]! } : null;
}

/** Overlays over the record: a contact preview, a hover card, the account menu. */
const OVERLAY = '[data-test-id="preview-sidebar"], [role="dialog"], [aria-hidden="true"], [data-test-id="account-menu"], [role="navigation"]';

/** A property row's value element: the input, or the value beside the property's label. */
function propertyValueElement(el: Element): Element {
  if (el.matches('input, textarea, select')) return el;
  const found = el.querySelector(
    'input:not([type="hidden"]), textarea, select, [class*="PropertyValue"], [class*="value" i]:not([class*="label" i]), [data-selenium-test$="-value"], [role="combobox"], button',
  );
  if (found) return found;
  // The row minus its label: the label's next sibling.
  const label = el.querySelector('label, [class*="PropertyLabel"], [data-selenium-test^="property-label"]');
  return label?.nextElementSibling ?? el;
}

export const hubspot = defineReader({
  name: 'hubspot',
  label: 'HubSpot',
  hosts: ['https://*.hubspot.com/*'],
  fixtures: 'hubspot',
  parse,
  key: (p) => `hubspot:${p.portal}:${p.type}:${p.id}`,

  read(document, url, p) {
    const candidates = SIDEBAR.flatMap((s) => Array.from(document.querySelectorAll(s))).filter((el) => !el.closest(OVERLAY));
    const sidebar = candidates.find((el) => isShown(el)) ?? null;
    // The record layout holding the sidebar: the whole body would take in an open preview panel.
    const scope = sidebar?.closest('[data-test-id="record-page"], main, [role="main"]') ?? sidebar?.parentElement ?? document.body;
    const titleEl = first(sidebar ?? scope, TITLE);
    const title = textOf(titleEl);
    if (!title) return null;
    traceField('name', 'highlight title', titleEl);

    const fields: Pairs = {};
    for (const el of Array.from(scope.querySelectorAll('[data-selenium-test^="property-input-"]')).slice(0, 300)) {
      if (skipped(el, scope, OVERLAY) || isHiddenByMarkup(el, scope)) continue;
      const property = el.getAttribute('data-selenium-test')!.slice('property-input-'.length);
      const label = textOf(el.querySelector('[class*="PropertyLabel"], [data-selenium-test^="property-label"], label'));
      const field = PROPERTIES[property] ?? fieldForApiName(property) ?? fieldForLabel(label);
      if (!field) continue;
      const valueEl = propertyValueElement(el);
      if (field === 'products' || field === 'competitors') {
        fields[field] ??= [];
        const list = fields[field];
        for (const entry of listValues(valueEl)) if (!list.includes(entry)) list.push(entry);
        traceField(field, `property ${property}`, valueEl);
        continue;
      }
      if (fields[field]) continue;
      const value = field === 'location' ? addressOf(valueEl) : shownValue(valueEl);
      if (value && !/^(--|—)$/.test(value)) {
        fields[field] = value;
        traceField(field, `property ${property}`, valueEl);
      }
    }
    // Properties without selenium hooks (custom cards): label/value pairs of the sidebar.
    if (sidebar) {
      const pairs = readLabelPairs(sidebar, document);
      for (const [field, value] of Object.entries(pairs) as [LabelField, string & string[]][]) if (field !== 'name' && value) fields[field] ??= value;
    }
    // A deal's line items are its products.
    const lineItems = Array.from(scope.querySelectorAll('[data-test-id^="card-wrapper-LINE_ITEMS"] table, [data-test-id="line-items-table"]')).find(
      (el) => !skipped(el, scope, OVERLAY),
    );
    if (lineItems && !fields.products?.length) {
      fields.products = listValues(lineItems);
      traceField('products', 'line items card', lineItems);
    }
    if (!fields.text) {
      const note = Array.from(scope.querySelectorAll('[data-test-id^="card-wrapper-PINNED_NOTE"] [data-selenium-test="timeline-note-body"]')).find(
        (el) => !skipped(el, scope, OVERLAY),
      );
      if (note) {
        fields.text = textOf(note) ?? undefined;
        traceField('text', 'pinned note', note);
      }
    }

    const type = TYPES[p.type] ?? (p.type.startsWith('2-') ? (textOf(document.querySelector('[data-test-id="object-type-label"]')) ?? 'Custom object') : null);
    const associated = textOf(first(scope, ASSOCIATED_COMPANY)) ?? textOf(first(document, ASSOCIATED_COMPANY.slice(1)));
    const isCompany = type === 'Company';
    const context: ProspectContext = {
      source: 'hubspot',
      url: url.href,
      name: type === 'Contact' || type === 'Lead' ? (personName(title) ?? title) : title,
      title: type === 'Contact' || type === 'Lead' ? fields.title : null,
      company: isCompany ? title : (fields.company ?? associated),
      industry: fields.industry,
      location: fields.location ?? joinAddress([fields.city, fields.state, fields.country]),
      companySize: fields.companySize,
      recordType: type,
      stage: type === 'Deal' ? fields.stage : null,
      amount: type === 'Deal' ? fields.amount : null,
      products: fields.products ?? [],
      competitors: fields.competitors ?? [],
      text: fields.text,
      closeDate: fields.closeDate,
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});
