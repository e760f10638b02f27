import { clean, first, isHiddenByMarkup, isShown, pageLanguage, personName, textOf, titleParts, shownValue } from '../dom';
import { traceField } from '../trace';
import type { LabelField } from '../labels';
import { defineReader } from '../reader';
import type { ProspectContext } from '../schema';
import { joinAddress, readLabelPairs, type Pairs } from './generic';

/** Microsoft Dynamics 365 Unified Interface forms: lead, contact, account, opportunity. */

/** Online orgs: <org>.crm<N>.dynamics.com; on-premises hosts vary and come through granted sites. */
const HOST = /\.crm\d*\.dynamics\.com$/;
const ENTITY_NAMES: Record<string, string> = { lead: 'Lead', contact: 'Contact', account: 'Account', opportunity: 'Opportunity' };

/** Logical names per context field, most telling first. */
const FIELDS: Partial<Record<LabelField, readonly string[]>> = {
  name: ['fullname', 'name'],
  title: ['jobtitle'],
  company: ['companyname', 'parentcustomerid', 'parentaccountid', 'customerid'],
  industry: ['industrycode'],
  city: ['address1_city'],
  state: ['address1_stateorprovince'],
  country: ['address1_country'],
  location: ['address1_composite'],
  companySize: ['numberofemployees'],
  stage: ['salesstage', 'salesstagecode', 'stepname'],
  amount: ['estimatedvalue', 'budgetamount'],
  closeDate: ['estimatedclosedate'],
  text: ['description', 'subject'],
};

/** The live form: multi-session apps keep other sessions' forms hidden in the DOM. */
const FORM_ROOT = [
  '[data-id="editFormRoot"]', // Unified Interface form
  '[id^="tabSetsContainer"]',
  '[data-id="form-header"]',
];

const RECORD_NAME = [
  '[data-id="header_title"]', // title attribute holds the name without "- Saved"
  'h1[data-id*="header_title"]',
  '[data-id="form-header"] h1',
];

/**
 * The value of one field: header control first (the header repeats key fields), then the form
 * body control. Values sit in an input's value/title, a select's chosen option, or a lookup tag.
 */
function fieldValue(scope: Element, logical: string, field: string = logical): string | null {
  const selectors = [
    `[data-id="header_${logical}"] [data-id$="_selected_tag_text"]`, // header lookup
    `[data-id="header_${logical}"] input, [data-id="header_${logical}"] select`,
    `[data-id="header_${logical}"] [data-id^="header_${logical}.fieldControl"]`,
    `[data-id="${logical}.fieldControl-LookupResultsDropdown_${logical}_selected_tag_text"]`, // lookup
    `[data-id^="${logical}.fieldControl-LookupResultsDropdown"][data-id$="_selected_tag_text"]`,
    `[data-id^="${logical}.fieldControl-LookupResultsDropdown"][data-id$="_selected_tag"]`,
    `[data-id="${logical}.fieldControl-text-box-text"]`, // text, number
    `[data-id="${logical}.fieldControl-option-set-select"]`, // option set (select or Fluent combobox)
    `[data-id="${logical}.fieldControl-currency-text-input"]`,
    `[data-id="${logical}.fieldControl-date-time-input"]`,
    `[data-id="${logical}.fieldControl-whole-number-text-input"]`,
    `[data-id^="${logical}.fieldControl"] input, [data-id^="${logical}.fieldControl"] select, [data-id^="${logical}.fieldControl"] textarea`,
    `[data-id="${logical}-FieldSectionItemContainer"] input, [data-id="${logical}-FieldSectionItemContainer"] select, [data-id="${logical}-FieldSectionItemContainer"] textarea`,
  ];
  for (const selector of selectors) {
    for (const el of Array.from(scope.querySelectorAll(selector))) {
      // A field a business rule hid (a header copy, a section) shows nothing.
      if (isHiddenByMarkup(el, scope)) continue;
      const value = el.matches('input, select, textarea') ? shownValue(el) : (clean(el.getAttribute('title')) ?? textOf(el) ?? shownValue(el));
      if (value && !/^(---|--|—)$/.test(value)) {
        traceField(field, `logical name ${logical}`, el);
        return value;
      }
    }
  }
  return null;
}

/**
 * Online orgs by host; on-premises orgs (any host, `/<org>/main.aspx`, granted from the options
 * page) by the unmistakable form URL alone.
 */
function parse(url: URL): { etn: string; id: string } | null {
  if (!/\/main\.aspx$/i.test(url.pathname)) return null;
  if (!HOST.test(url.hostname) && !/[?&#]pagetype=entityrecord\b/i.test(url.search + url.hash)) return null;
  const params = new URLSearchParams(url.search);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const etn = (params.get('etn') ?? hash.get('etn'))?.toLowerCase();
  const id = (params.get('id') ?? hash.get('id'))?.replace(/[{}]/g, '').toLowerCase();
  const pagetype = params.get('pagetype') ?? hash.get('pagetype');
  if (!etn || !id || (pagetype && pagetype !== 'entityrecord')) return null;
  return { etn, id };
}

export const dynamics = defineReader({
  name: 'dynamics',
  label: 'Dynamics 365',
  hosts: ['https://*.dynamics.com/*'],
  fixtures: 'dynamics',
  parse,
  key: (p, url) => `dynamics:${url.hostname}:${p.etn}:${p.id}`,

  read(document, url, p) {
    const root = FORM_ROOT.flatMap((s) => Array.from(document.querySelectorAll(s))).find((el) => isShown(el));
    if (!root) return null;
    // The header sits beside the form root: take their shared container.
    const scope = root.closest('[id^="mainContent"], [data-id="form-container"], main, [role="main"]') ?? document.body;
    const header = scope.querySelector('[data-id="form-header"]') ?? document.querySelector('[data-id="form-header"]');
    const nameEl = first(header ?? scope, RECORD_NAME);
    const heading =
      clean(nameEl?.getAttribute('title')) ?? textOf(nameEl)?.replace(/\s*-\s*(Saved|Unsaved|Gespeichert|Enregistré|Guardado|Read-only)$/i, '') ?? null;

    const fields: Pairs = {};
    for (const [field, names] of Object.entries(FIELDS) as [Exclude<LabelField, 'products' | 'competitors'>, readonly string[]][]) {
      for (const logical of names) {
        const value = fieldValue(scope, logical, field);
        if (value) {
          fields[field] = value;
          break;
        }
      }
    }
    // The business process flow's active stage (an open flyout of another stage is no answer).
    if (!fields.stage) {
      const active =
        document.querySelector(
          '#bpfContainer li[data-selected-stage="true"] [data-id^="MscrmControls.Containers.ProcessBreadCrumb-processHeaderStageName_"]',
        ) ??
        document.querySelector('[data-id^="MscrmControls.Containers.ProcessBreadCrumb-processHeaderStageName_"][aria-selected="true"]') ??
        document.querySelector('#bpfContainer li[data-active-stage="true"], #bpfContainer li[aria-current="step"]');
      const value = textOf(active);
      if (value) {
        fields.stage = value;
        traceField('stage', 'business process flow active stage', active);
      }
    }
    // Custom fields with a recognisable label ("Internal Notes"), and subgrids (Competitors, Opportunity Products).
    const pairs = readLabelPairs(root, document);
    for (const key of ['title', 'company', 'industry', 'text'] as const) fields[key] ??= pairs[key];
    fields.products = pairs.products ?? [];
    fields.competitors = pairs.competitors ?? [];

    if (!heading && !fields.name) return null;
    const entity = textOf(header?.querySelector('[data-id="entity_name_span"]') ?? null);
    const recordType = ENTITY_NAMES[p.etn] ?? entity ?? p.etn;
    const isAccount = p.etn === 'account';
    const person = p.etn === 'lead' || p.etn === 'contact';
    const joined = clean(`${fieldValue(scope, 'firstname') ?? ''} ${fieldValue(scope, 'lastname') ?? ''}`);
    const raw = heading ?? fields.name ?? joined ?? titleParts(document)[0] ?? null;
    const name = person ? personName(raw) : raw;
    const context: ProspectContext = {
      source: 'dynamics',
      url: url.href,
      name,
      title: person ? fields.title : null,
      company: isAccount ? name : fields.company,
      industry: fields.industry,
      location: fields.location ?? joinAddress([fields.city, fields.state, fields.country]),
      companySize: fields.companySize,
      recordType,
      // A lead's stage is its process flow's active stage ("Qualify").
      stage: p.etn === 'opportunity' || p.etn === 'lead' ? fields.stage : null,
      amount: p.etn === 'opportunity' ? fields.amount : null,
      products: fields.products,
      competitors: fields.competitors,
      text: fields.text,
      closeDate: fields.closeDate,
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});
