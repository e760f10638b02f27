import { clean, deepQueryAll, first, firstDeep, isHiddenByMarkup, isShown, linesOf, listValues, pageLanguage, personName, textOf, titleParts } from '../dom';
import { traceField } from '../trace';
import { fieldForApiName, fieldForLabel, type LabelField } from '../labels';
import { defineReader } from '../reader';
import type { ProspectContext } from '../schema';
import { readGeneric } from './generic';

/** Salesforce Lightning Experience record pages: Lead, Contact, Account, Opportunity (and others, less fully). */

const HOST = /\.(lightning\.force\.com|lightning\.force\.mil|my\.salesforce\.com|lightning\.force\.com\.mcas\.ms)$/;
const RECORD_PATH = /^\/lightning\/r\/([A-Za-z0-9_]+)\/([A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)(?:\/|$)/;
/** Legacy Lightning routes: /one/one.app#/sObject/<id>/view */
const LEGACY_HASH = /^#\/sObject\/([A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)/;
const PREFIXES: Record<string, string> = { '001': 'Account', '003': 'Contact', '00Q': 'Lead', '006': 'Opportunity' };

/**
 * Lightning keeps earlier pages in the DOM, hidden: only the active view is the record in view.
 * Ordered by how specific the container is.
 */
const ACTIVE_VIEW = [
  '.windowViewMode-normal.oneContent.active', // standard navigation
  '.windowViewMode-maximized.oneContent.active', // console apps, focused subtab
  '.windowViewMode-maximized.active',
  '.tabContent.active .oneContent.active', // console workspace tab
  '.tabContent.active', // console, older markup
  '.oneContent.active',
];

const HIGHLIGHTS = [
  'records-highlights2', // LWC highlights panel
  'records-lwc-highlights-panel',
  '.forceHighlightsPanel', // Aura highlights panel
  '.slds-page-header_record-home', // SLDS record home header
];

const RECORD_NAME = [
  '[slot="primaryField"]', // LWC: lightning-formatted-text slot="primaryField"
  'slot[name="primaryField"]',
  'h1 .uiOutputText', // Aura
  'h1 .slds-page-header__title',
  '.slds-page-header__title',
  'h1',
];

const ENTITY_LABEL = ['records-entity-label', '[slot="entityLabel"]', '.entityNameTitle'];

/** One field of the compact layout (highlights) or of the detail layout. */
const FIELD_ITEM = [
  'records-highlights-details-item', // highlights panel, secondary fields
  'records-record-layout-item', // detail tab
  '.slds-form-element.slds-form-element_readonly', // detail tab, Aura / older LWC markup
  'force-record-layout-item',
  'li.forceHighlightsDesktopListRecordItem', // Aura highlights panel
].join(', ');

const FIELD_VALUE = ['.test-id__field-value', '.slds-form-element__static', 'p.fieldComponent', '.slds-form-element__control'];

const VALUE_INNER = [
  'lightning-formatted-address',
  'force-lookup a',
  'records-hoverable-link a',
  'lightning-formatted-name',
  'lightning-formatted-text',
  'lightning-formatted-number',
  'lightning-formatted-date-time',
  'lightning-formatted-rich-text',
  'lightning-formatted-url',
  'lightning-formatted-picklist',
  'a',
  '.uiOutputText',
];

const RELATED_LIST =
  'lst-related-list-single-container article, force-related-list-single-container article, article.forceRelatedListSingleContainer, article.slds-card';

/** Salesforce API names mapped to context fields; the rest goes through the label dictionary. */
const API: Record<string, LabelField> = {
  Name: 'name',
  Title: 'title',
  Company: 'company',
  AccountId: 'company',
  Industry: 'industry',
  NumberOfEmployees: 'companySize',
  StageName: 'stage',
  Amount: 'amount',
  CloseDate: 'closeDate',
  Description: 'text',
  Address: 'location',
  BillingAddress: 'location',
  MailingAddress: 'location',
};

interface Url {
  object: string | null;
  id: string;
}

/** Salesforce Classic detail pages: /<record id> on a My Domain or instance host. */
const CLASSIC_PATH = /^\/([A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)\/?$/;
const CLASSIC_HOST = /(^|\.)(my\.)?salesforce\.com$/;

function classic(url: URL): Url | null {
  const m = CLASSIC_HOST.test(url.hostname) ? CLASSIC_PATH.exec(url.pathname) : null;
  return m && /\d/.test(m[1]!.slice(0, 3)) ? { object: PREFIXES[m[1]!.slice(0, 3)] ?? null, id: m[1]! } : null;
}

function parse(url: URL): Url | null {
  if (!HOST.test(url.hostname)) return classic(url);
  const path = RECORD_PATH.exec(url.pathname);
  if (path) return { object: path[1]!, id: path[2]! };
  const legacy = LEGACY_HASH.exec(url.hash);
  if (legacy && url.pathname.startsWith('/one/')) return { object: PREFIXES[legacy[1]!.slice(0, 3)] ?? null, id: legacy[1]! };
  return classic(url);
}

/** The current view: the active container, never a cached one. */
export function activeView(document: Document): Element | null {
  for (const selector of ACTIVE_VIEW) {
    for (const el of Array.from(document.querySelectorAll(selector))) {
      if (isShown(el) && el.querySelector(`${HIGHLIGHTS.join(', ')}, ${FIELD_ITEM}`)) return el;
    }
  }
  // No view containers (a simpler page, a saved fragment): the first visible highlights panel's page.
  const panel = Array.from(document.querySelectorAll(HIGHLIGHTS.join(', '))).find((el) => isShown(el));
  if (panel) return document.body;
  // Components rendered into open shadow roots: the light DOM shows no record at all.
  for (const selector of ACTIVE_VIEW) {
    for (const el of Array.from(document.querySelectorAll(selector))) {
      if (isShown(el) && deepQueryAll(el, HIGHLIGHTS.join(', ')).length) return el;
    }
  }
  return deepQueryAll(document, HIGHLIGHTS.join(', ')).length ? document.body : null;
}

/** Light-DOM matches, else matches inside open shadow roots (walked only when needed: it costs a pass over the page). */
function queryRecord(view: Element, selector: string): Element[] {
  const light = Array.from(view.querySelectorAll(selector));
  return light.length ? light : deepQueryAll(view, selector);
}

function valueContainer(item: Element): Element | null {
  return firstDeep(item, FIELD_VALUE) ?? item.lastElementChild;
}

function fieldValue(item: Element): string | null {
  const container = valueContainer(item);
  if (!container) return null;
  const address = container.querySelector('lightning-formatted-address');
  if (address) return linesOf(address);
  const inner = first(container, VALUE_INNER);
  return textOf(inner) ?? textOf(container);
}

function fieldLabel(item: Element): string | null {
  return (
    clean(item.getAttribute('field-label')) ??
    textOf(item.querySelector('.test-id__field-label, .slds-form-element__label, p.slds-text-title')) ??
    clean(item.querySelector('p.slds-text-title')?.getAttribute('title'))
  );
}

function apiName(item: Element): string | null {
  const el = item.matches('[data-target-selection-name]') ? item : item.querySelector('[data-target-selection-name]');
  const match = /^sfdc:RecordField\.[A-Za-z0-9_]+\.([A-Za-z0-9_]+)$/.exec(el?.getAttribute('data-target-selection-name') ?? '');
  return match?.[1] ?? item.getAttribute('field-api-name') ?? null;
}

function relatedListNames(root: Element, wanted: 'products' | 'competitors'): string[] {
  const out: string[] = [];
  for (const card of Array.from(root.querySelectorAll(RELATED_LIST))) {
    const headingEl = card.querySelector('.slds-card__header-title, h2, header, .slds-card__header');
    const heading = textOf(headingEl)?.replace(/\s*\(\d+\+?\)\s*$/, '');
    if (!heading || fieldForLabel(heading) !== wanted || isHiddenByMarkup(card, root)) continue;
    const cells = card.querySelectorAll('tbody tr > th:first-child, tbody tr > td:first-child a, .slds-tile__title, li h3');
    for (const cell of Array.from(cells)) {
      const value = textOf(cell);
      if (value && !out.includes(value)) out.push(value);
    }
    traceField(wanted, `related list “${heading}”`, card);
  }
  return out.slice(0, 50);
}

export const salesforce = defineReader({
  name: 'salesforce',
  label: 'Salesforce',
  hosts: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  fixtures: 'salesforce',
  parse,
  /** The 15-character id: its 18-character form names the same record. */
  key: (parsed, url) => `salesforce:${url.hostname}:${parsed.id.slice(0, 15)}`,

  read(document, url, parsed) {
    if (classic(url)) {
      // Classic pages are label/value tables (td.labelCol, td.dataCol): the generic reader's ground.
      const context = readGeneric(document, url, 'salesforce');
      return context && { ...context, recordType: parsed.object ?? context.recordType, recordKey: null };
    }
    const view = activeView(document);
    if (!view) return null;
    const highlights = queryRecord(view, HIGHLIGHTS.join(', ')).find((el) => isShown(el, view)) ?? null;

    const fields: Partial<Record<LabelField, string>> = {};
    const lists: Record<'products' | 'competitors', string[]> = { products: [], competitors: [] };
    for (const item of queryRecord(view, FIELD_ITEM)) {
      if (isHiddenByMarkup(item, view)) continue;
      const api = apiName(item);
      const label = fieldLabel(item);
      const field = (api ? (API[api] ?? fieldForApiName(api)) : null) ?? fieldForLabel(label);
      if (!field) continue;
      const how = api ? `API name ${api}` : `label “${label}”`;
      if (field === 'products' || field === 'competitors') {
        // Pills, a multi-select picklist's "A;B" text: one entry each.
        for (const entry of listValues(valueContainer(item))) if (!lists[field].includes(entry)) lists[field].push(entry);
        traceField(field, how, item);
        continue;
      }
      if (fields[field]) continue;
      const value = fieldValue(item);
      if (value && value.length <= (field === 'text' ? 20_000 : 300)) {
        fields[field] = field === 'text' ? value.slice(0, 2000) : value;
        traceField(field, how, item);
      }
    }

    const object = parsed.object ?? PREFIXES[parsed.id.slice(0, 3)] ?? null;
    const entity = highlights ? textOf(firstDeep(highlights, ENTITY_LABEL)) : null;
    const recordType = object ? (object.endsWith('__c') ? (entity ?? object.replace(/__c$/, '').replace(/_/g, ' ')) : object) : entity;
    const heading = highlights ? textOf(firstDeep(highlights, RECORD_NAME)) : null;
    if (!heading && Object.keys(fields).length === 0) return null;
    const raw = heading ?? fields.name ?? titleParts(document)[0] ?? null;
    const name = object === 'Lead' || object === 'Contact' ? personName(raw) : raw;

    let stage: string | null = null;
    if (object === 'Opportunity') {
      // The path's current stage, not the one a user clicked for guidance (`slds-is-active`).
      const current = view.querySelector('.slds-path__item.slds-is-current');
      stage = fields.stage ?? textOf(current?.querySelector('.slds-path__title')) ?? clean(current?.querySelector('a[title]')?.getAttribute('title'));
    }

    const products = [...lists.products, ...relatedListNames(view, 'products')];
    const competitors = [...lists.competitors, ...relatedListNames(view, 'competitors')];
    const isAccount = object === 'Account';
    const context: ProspectContext = {
      source: 'salesforce',
      url: url.href,
      name,
      title: object === 'Lead' || object === 'Contact' ? fields.title : null,
      company: isAccount ? name : fields.company,
      industry: fields.industry,
      location: fields.location,
      companySize: fields.companySize,
      recordType,
      stage,
      amount: fields.amount,
      products: Array.from(new Set(products)),
      competitors: Array.from(new Set(competitors)),
      text: fields.text,
      closeDate: fields.closeDate,
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});
