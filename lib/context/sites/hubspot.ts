import { clean, first, isHiddenByMarkup, isShown, pageLanguage, splitList, textOf, valueOf } from '../dom';
import { fieldForApiName, type LabelField } from '../labels';
import type { PageReader } from '../reader';
import type { ProspectContext } from '../schema';
import { readLabelPairs } from './generic';

/** HubSpot CRM records: contacts, companies, deals (app.hubspot.com and regional app-xxx hosts). */

const HOST = /^app(-[a-z]+\d+)?\.hubspot\.com$/;
/** `/contacts/<portal>/record/<type>/<id>` for every object type; legacy `/contacts/<portal>/<type>/<id>`. */
const RECORD_PATH = /^\/contacts\/(\d+)\/(?:record\/(\d+-\d+)|(contact|company|deal|ticket))\/(\d+)/;
const TYPES: Record<string, string> = { '0-1': 'Contact', '0-2': 'Company', '0-3': 'Deal', '0-5': 'Ticket', '0-136': 'Lead', contact: 'Contact', company: 'Company', deal: 'Deal', ticket: 'Ticket' };

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

/** A property's shown value: the input's value, or the read-only text/button label. */
function propertyValue(el: Element): string | null {
  const control = el.querySelector('input:not([type="hidden"]), textarea, select');
  const own = el.matches('input, textarea, select') ? valueOf(el) : null;
  return own ?? (control ? valueOf(control) : null) ?? textOf(el.querySelector('[data-selenium-test$="-value"], button, [role="combobox"]')) ?? textOf(el);
}

export const hubspot: PageReader = {
  name: 'hubspot',

  matches(url) {
    return parse(url) !== null;
  },

  recordKey(url) {
    const p = parse(url);
    return p ? `hubspot:${p.portal}:${p.type}:${p.id}` : null;
  },

  read(document, url) {
    const p = parse(url);
    if (!p) return null;
    const candidates = SIDEBAR.flatMap((s) => Array.from(document.querySelectorAll(s)));
    const sidebar = candidates.find((el) => isShown(el)) ?? null;
    const scope = sidebar?.closest('[data-test-id="record-page"], main, [role="main"]') ?? document.body;
    const title = textOf(first(sidebar ?? scope, TITLE));
    if (!title) return null;

    const fields: Partial<Record<LabelField, string>> = {};
    for (const el of Array.from(scope.querySelectorAll('[data-selenium-test^="property-input-"]'))) {
      const property = el.getAttribute('data-selenium-test')!.slice('property-input-'.length);
      const field = PROPERTIES[property] ?? fieldForApiName(property);
      if (!field || fields[field] || isHiddenByMarkup(el, scope)) continue;
      const value = propertyValue(el);
      if (value && !/^(--|—)$/.test(value)) fields[field] = value;
    }
    // Properties without selenium hooks (custom cards): label/value pairs of the sidebar.
    if (sidebar) {
      const pairs = readLabelPairs(sidebar, document);
      for (const [field, value] of Object.entries(pairs) as [LabelField, string][]) if (field !== 'name') fields[field] ??= value;
    }

    const type = TYPES[p.type] ?? (p.type.startsWith('2-') ? textOf(document.querySelector('[data-test-id="object-type-label"]')) ?? 'Custom object' : null);
    const associated = textOf(first(scope, ASSOCIATED_COMPANY)) ?? textOf(first(document, ASSOCIATED_COMPANY.slice(1)));
    const isCompany = type === 'Company';
    const context: ProspectContext = {
      source: 'hubspot',
      url: url.href,
      name: title,
      title: type === 'Contact' || type === 'Lead' ? fields.title : null,
      company: isCompany ? title : fields.company ?? associated,
      industry: fields.industry,
      location: fields.location ?? (clean([fields.city, fields.country].filter(Boolean).join(', ')) || null),
      companySize: fields.companySize,
      recordType: type,
      stage: type === 'Deal' ? fields.stage : null,
      amount: type === 'Deal' ? fields.amount : null,
      products: splitList(fields.products),
      competitors: splitList(fields.competitors),
      text: fields.text,
      closeDate: fields.closeDate,
      language: pageLanguage(document),
      recordKey: hubspot.recordKey!(url),
    };
    return context;
  },
};
