import { clean, isHiddenByMarkup, isShown, pageLanguage, splitList, textOf, titleParts, valueOf } from '../dom';
import { fieldForApiName, fieldForLabel, type LabelField } from '../labels';
import { siteReaderHosts } from '../hosts';
import type { PageReader } from '../reader';
import type { ProspectContext } from '../schema';
import { readStructuredFields } from './structured-data';

/**
 * Any other CRM (SugarCRM, Zoho, Pipedrive, Maximizer, Siebel Open UI, Act!, in-house tools):
 * pairs visible labels with their values and maps the labels through the multilingual
 * dictionary in ../labels. Structured data on the page fills what the pairs miss.
 */

export type Pairs = Partial<Record<LabelField, string>>;

/** Where a value never is: chrome around the record, controls, invisible text. */
const SKIP = 'script, style, noscript, template, nav, footer, button, option, select, [role="navigation"], [role="menu"], [role="menubar"], [role="tablist"], [role="banner"], [aria-hidden="true"], .visually-hidden, .sr-only, .slds-assistive-text';
const NOT_LABEL = 'legend, caption, thead, h1, h2, a';
/** Labels in a list, table header or form are short; a value's text is bounded too. */
const MAX_LABEL = 40;
const MAX_VALUE = 300;

function valueFor(label: Element, document: Document): string | null {
  const tag = label.tagName;
  // <label for="id">: the control it names.
  const forId = label.getAttribute('for');
  if (tag === 'LABEL' && forId) {
    const control = document.getElementById(forId);
    if (control) return valueOf(control);
  }
  // aria-labelledby: the element that names itself by this label.
  const id = label.id;
  if (id) {
    const named = document.querySelector(`[aria-labelledby~="${id.replace(/["\\]/g, '\\$&')}"]`);
    if (named && named !== label) return valueOf(named);
  }
  // <label>Industry <input value="Banking"></label>
  const inner = label.querySelector('input:not([type="hidden"]), select, textarea');
  if (inner) return valueOf(inner);
  if (tag === 'DT') {
    let dd = label.nextElementSibling;
    while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
    return dd?.tagName === 'DD' ? valueOf(dd) : null;
  }
  if (tag === 'TH' || tag === 'TD') {
    const cell = label.nextElementSibling;
    return cell ? valueOf(cell) : null;
  }
  // Adjacent elements: the label's next sibling, else its wrapper's next sibling (up to 3 levels
  // while the wrapper holds nothing but the label).
  let el: Element | null = label;
  const own = clean(label.textContent);
  for (let depth = 0; el && depth < 4; depth++) {
    let sibling = el.nextElementSibling;
    while (sibling && sibling.matches('script, style, template, svg, [class*="tooltip" i], [class*="help" i]')) sibling = sibling.nextElementSibling;
    if (sibling) return valueOf(sibling);
    const parent: Element | null = el.parentElement;
    if (!parent || clean(parent.textContent) !== own) return null;
    el = parent;
  }
  return null;
}

function usable(field: LabelField, value: string | null): string | null {
  if (!value) return null;
  if (field === 'text') return value.slice(0, 2000);
  if (value.length > MAX_VALUE) return null;
  // A value that is itself a label ("Industry" under "Company") is an empty field.
  if (fieldForLabel(value)) return null;
  if (/^(-+|—|–|n\/a|none|null|undefined|--none--|select|\(empty\)|not set)$/i.test(value)) return null;
  return value;
}

/**
 * Label/value pairs inside `root`, first occurrence of each field wins. Walks text nodes, so a
 * typical record page costs one pass over its text.
 */
export function readLabelPairs(root: Element, document: Document = root.ownerDocument): Pairs {
  const pairs: Pairs = {};
  // Fields named by attribute: SugarCRM `data-name="sales_stage"`, many in-house CRMs `data-field`.
  for (const el of Array.from(root.querySelectorAll('[data-name], [data-field], [data-fieldname]')).slice(0, 300)) {
    const field = fieldForApiName(el.getAttribute('data-name') ?? el.getAttribute('data-field') ?? el.getAttribute('data-fieldname'));
    if (!field || pairs[field] || isHiddenByMarkup(el, root)) continue;
    const valueEl = el.querySelector('.detail, [class*="value" i], .fld-value, .record-value, .normal') ?? el;
    const label = el.querySelector('.record-label, [class*="label" i]');
    let value = valueOf(valueEl);
    if (value && valueEl === el && label) value = clean(value.replace(textOf(label) ?? '', ''));
    const ok = usable(field, value);
    if (ok) pairs[field] = ok;
  }

  const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  let steps = 0;
  for (let node = walker.nextNode(); node && steps < 20_000; node = walker.nextNode(), steps++) {
    const raw = node.nodeValue;
    if (!raw || raw.length > 200) continue;
    const text = raw.trim();
    if (text.length < 2) continue;
    const parent = node.parentElement;
    if (!parent) continue;
    let field: LabelField | null = null;
    let value: string | null = null;
    if (text.length <= MAX_LABEL + 1) field = fieldForLabel(text);
    if (!field) {
      // "Industry: Banking" in one text node.
      const inline = /^([^:：]{2,40})[:：]\s*(.+)$/.exec(text);
      if (!inline) continue;
      field = fieldForLabel(inline[1]);
      if (!field) continue;
      value = clean(inline[2]);
    }
    if (pairs[field]) continue;
    // Section titles ("Entreprise", "Company") head a group of fields; they label none.
    if (parent.closest(SKIP + ', ' + NOT_LABEL) || !isShown(parent, root)) continue;
    // The label element: the smallest element whose whole text is the label.
    let label: Element = parent;
    while (label.parentElement && label !== root && clean(label.parentElement.textContent) === clean(label.textContent) && label.parentElement !== root) {
      label = label.parentElement;
    }
    value ??= valueFor(label, document);
    const ok = usable(field, value);
    if (ok) pairs[field] = ok;
  }
  return pairs;
}

/** Module names in URLs, in English, German, French and Spanish. */
const RECORD_TYPES: readonly [RegExp, string][] = [
  [/^(leads?|prospects?|interessenten|pistes?|clientes-potenciales)$/i, 'Lead'],
  [/^(contacts?|persons?|people|kontakte?|personen|contactos?)$/i, 'Contact'],
  [/^(accounts?|companies|company|organi[sz]ations?|orgs?|konten|firmen|unternehmen|comptes?|entreprises?|soci[eé]t[eé]s|cuentas?|empresas?)$/i, 'Account'],
  [/^(opportunit(y|ies)|potentials?|opps?|verkaufschancen|opportunit[eé]s|oportunidad(es)?)$/i, 'Opportunity'],
  [/^(deals?|abschl[uü]sse|affaires|negocios|tratos)$/i, 'Deal'],
];

/** Headings that name the page, not the record ("Contact Detail", "Fiche prospect"). */
const PAGE_HEADING = /\b(details?|information|overview|record|profile|view|edit|fiche|d[eé]tails?|übersicht|detalles?|datos|ficha)\b/i;

/** The record type a URL names: "/crm/org1/tab/Potentials/…", "#Accounts/…", "?module=Leads". */
export function recordTypeFromUrl(url: URL): string | null {
  // Parameters that name the object: SugarCRM `module`, Siebel `SWEView=Opportunity Detail View`.
  const named = Array.from(url.searchParams.entries())
    .filter(([key]) => /^(module|entity|etn|sweview|view|object|objecttype|type|tab)$/i.test(key))
    .flatMap(([, value]) => value.split(/[^A-Za-z]+/));
  const segments = [...named, ...url.hash.replace(/^#\/?/, '').split(/[/?]/), ...url.pathname.split('/')];
  for (const segment of segments) {
    for (const [pattern, type] of RECORD_TYPES) if (pattern.test(segment)) return type;
  }
  return null;
}

/** Record-title hooks of CRMs without a reader of their own, then headings. */
const RECORD_TITLE = [
  '[data-zcqa="dv_title"], .dvTitle', // Zoho CRM detail view
  '[data-testid="header-title"], [data-testid="SidebarLeadTitle"]', // Pipedrive deal, lead
  '[class*="record-title" i], [class*="recordTitle"], [class*="record-name" i]', // in-house CRMs
  '.pageDescription', // Salesforce Classic ("Account:" is the h1, the record the h2)
  'h1, [role="heading"][aria-level="1"]',
  'h2',
];

/** The record's heading (the site header's h1 is a logo, so the main region's). */
function recordHeading(root: Element): string | null {
  for (const selector of RECORD_TITLE) {
    for (const h of Array.from(root.querySelectorAll(selector)).slice(0, 8)) {
      // A bare heading in a side column titles a widget ("Recent Items"), not the record.
      const outside = selector.startsWith('h') ? ', #sidebarCell, [class*="sidebar" i]' : '';
      if (h.closest(SKIP + ', header[role="banner"], body > header, aside' + outside) || isHiddenByMarkup(h, root)) continue;
      const text = textOf(h);
      if (text && text.length <= 120 && !fieldForLabel(text) && !PAGE_HEADING.test(text)) return text;
    }
  }
  return null;
}

/** The record's container: the main region where there is one. */
export function recordRoot(document: Document): Element | null {
  return document.querySelector('main, [role="main"], #main, #content, .main-content') ?? document.body;
}

/** Reads label/value pairs and structured data into a context, or null when neither gives a prospect. */
export function readGeneric(document: Document, url: URL, source = 'generic'): ProspectContext | null {
  const root = recordRoot(document);
  if (!root) return null;
  const pairs = readLabelPairs(root, document);
  const recognised = Object.keys(pairs).length;
  // One stray label on an arbitrary page is not a record.
  if (recognised < 2) return null;
  const recordType = recordTypeFromUrl(url);
  // French "Nom" beside "Prénom" is the family name; Spanish "Nombre" beside "Apellidos" the given name.
  if (pairs.name && !/\s/.test(pairs.name) && (pairs.firstName ? !pairs.lastName : pairs.lastName)) {
    if (pairs.firstName) pairs.lastName = pairs.name;
    else pairs.firstName = pairs.name;
    delete pairs.name;
  }
  const joined = clean(`${pairs.firstName ?? ''} ${pairs.lastName ?? ''}`);
  // "Contact Name" on a deal names the deal's contact, so the record's heading comes first.
  const person = recordType === 'Contact' || recordType === 'Lead';
  // On an account, "Account Name" is the record's own name.
  let name = pairs.name ?? joined ?? (person ? pairs.contactName : null) ?? (recordType === 'Account' ? pairs.company : null) ?? recordHeading(root) ?? pairs.contactName ?? titleParts(document)[0] ?? null;
  if (name && name.length > 120) name = null;
  const structured = readStructuredFields(document);
  const company = pairs.company ?? (recordType === 'Account' ? name : null);
  const location = pairs.location ?? clean([pairs.city, pairs.country].filter(Boolean).join(', '));
  const context: ProspectContext = {
    source,
    url: url.href,
    name: name ?? structured.name,
    title: pairs.title ?? structured.title,
    company: company ?? structured.company,
    industry: pairs.industry ?? structured.industry,
    location: location || structured.location,
    companySize: pairs.companySize ?? structured.companySize,
    recordType,
    stage: pairs.stage,
    amount: pairs.amount,
    products: splitList(pairs.products),
    competitors: splitList(pairs.competitors),
    text: pairs.text ?? structured.text,
    closeDate: pairs.closeDate,
    language: pageLanguage(document),
    recordKey: generic.recordKey!(url),
  };
  return context;
}

export const generic: PageReader = {
  name: 'generic',

  matches(url) {
    return (url.protocol === 'https:' || url.protocol === 'http:') && !siteReaderHosts.test(url.hostname);
  },

  /** Hash-routed apps (SugarCRM `#Accounts/<id>`, Zoho's older UI) name the record in the hash. */
  recordKey(url) {
    const route = /^#!?\/?[A-Za-z][\w-]*\/[\w-]{4,}/.test(url.hash) ? url.hash.split('?')[0] : '';
    return `${url.origin}${url.pathname}${url.search}${route}`;
  },

  read(document, url) {
    return readGeneric(document, url);
  },
};
