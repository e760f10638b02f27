import { addressOf, clean, isHiddenByMarkup, isShown, listValues, pageLanguage, personName, splitList, textOf, titleParts, shownValue } from '../dom';
import { traceField } from '../trace';
import { fieldForApiName, fieldForLabel, isCompanyListLabel, type LabelField } from '../labels';
import { siteReaderHosts } from '../hosts';
import type { PageReader } from '../reader';
import type { ProspectContext } from '../schema';
import { readStructuredFields } from './structured-data';

/**
 * Any other CRM (SugarCRM, Zoho, Pipedrive, Maximizer, Siebel Open UI, Act!, in-house tools):
 * pairs visible labels with their values and maps the labels through the multilingual
 * dictionary in ../labels. Structured data on the page fills what the pairs miss.
 */

export type ListField = 'products' | 'competitors';
export type ScalarField = Exclude<LabelField, ListField>;
/** Scalar fields by label, first occurrence wins; list fields gather every labelled list. */
export type Pairs = Partial<Record<ScalarField, string>> & Partial<Record<ListField, string[]>>;

const isList = (field: LabelField): field is ListField => field === 'products' || field === 'competitors';

/** Where a value never is: chrome around the record, controls, invisible text, overlays. */
const SKIP =
  'script, style, noscript, template, nav, footer, button, option, select, [role="navigation"], [role="menu"], [role="menubar"], [role="tablist"], [role="banner"], [role="tooltip"], [role="dialog"], [aria-hidden="true"], .visually-hidden, .sr-only, .slds-assistive-text, [class*="hovercard" i], [class*="popover" i], [class*="dropdown-menu" i], [class*="chatter" i], [class*="timeline" i], [class*="feed" i]';
const NOT_LABEL = 'legend, caption, thead, h1, a';
/** Labels in a list, table header or form are short; a value's text is bounded too. */
const MAX_LABEL = 40;
const MAX_VALUE = 300;

/** True when `el` sits in chrome or an overlay inside `root` (the root itself may be a dialog). */
export function skipped(el: Element, root: Element, selector = SKIP): boolean {
  const hit = el.closest(selector);
  return hit !== null && hit !== root && root.contains(hit);
}

/** A `<th>` of a row of header cells only: it names a column, not the cell beside it. */
function isHeaderCell(el: Element): boolean {
  return el.tagName === 'TH' && el.parentElement !== null && !el.parentElement.querySelector(':scope > td');
}

/** The element holding a label's value: the control it names, its `dd`, the next cell or sibling. */
function valueElementFor(label: Element, document: Document): Element | null {
  const tag = label.tagName;
  // <label for="id">: the control it names, or the widget around it.
  const forId = label.getAttribute('for');
  if (tag === 'LABEL' && forId) {
    const control = document.getElementById(forId);
    if (control) return control.closest('.o_field_widget, [class*="field-value" i], [class*="FieldValue"]') ?? control;
  }
  // aria-labelledby: the element that names itself by this label.
  const id = label.id;
  if (id && id.length < 100) {
    const named = document.querySelector(`[aria-labelledby~="${id.replace(/["\\]/g, '\\$&')}"]`);
    if (named && named !== label) return named;
  }
  // <label>Industry <input value="Banking"></label>
  const inner = label.querySelector('input:not([type="hidden"]), select, textarea');
  if (inner) return inner;
  if (tag === 'DT') {
    let dd = label.nextElementSibling;
    while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
    return dd?.tagName === 'DD' ? dd : null;
  }
  // A header row's cell names a column of other records' values, not the cell beside it.
  if (isHeaderCell(label)) return null;
  if (tag === 'TH' || tag === 'TD') return label.nextElementSibling;
  // Adjacent elements: the label's next sibling, else its wrapper's next sibling (up to 3 levels
  // while the wrapper holds nothing but the label).
  let el: Element | null = label;
  const own = clean(label.textContent);
  for (let depth = 0; el && depth < 4; depth++) {
    let sibling = el.nextElementSibling;
    while (sibling?.matches('script, style, template, svg, [class*="tooltip" i], [class*="help" i], [class*="required" i]'))
      sibling = sibling.nextElementSibling;
    // An entry of a list ("Notes", "Attachments", "Deals" of a related-lists menu) labels nothing.
    if (sibling?.tagName === 'LI' && el.tagName === 'LI') return null;
    if (sibling) return sibling;
    const parent: Element | null = el.parentElement;
    if (!parent || clean(parent.textContent) !== own) return null;
    el = parent;
  }
  return null;
}

function usable(field: LabelField, value: string | null): string | null {
  if (!value) return null;
  // "+", "…", "—": a control's glyph, no value.
  if (!/[\p{L}\p{N}]/u.test(value)) return null;
  if (field === 'text') return value.slice(0, 2000);
  if (value.length > MAX_VALUE) return null;
  // A value that is itself a label ("Industry" under "Company") is an empty field.
  if (fieldForLabel(value)) return null;
  if (/^(-+|—|–|n\/a|none|null|undefined|--none--|select|\(empty\)|not set|add .*|select .*)$/i.test(value)) return null;
  return value;
}

/** Adds one labelled value: list fields gather entries, scalar fields keep the first. */
function add(pairs: Pairs, field: LabelField, value: Element | string, how: string, root: Element): boolean {
  if (isList(field)) {
    const entries = (typeof value === 'string' ? splitList(value) : listValues(value)).filter((v) => usable(field, v));
    if (!entries.length) return false;
    pairs[field] ??= [];
    const list = pairs[field];
    for (const entry of entries) if (!list.includes(entry) && list.length < 50) list.push(entry);
    traceField(field, how, typeof value === 'string' ? null : value);
    return true;
  }
  if (pairs[field]) return false;
  if (typeof value !== 'string' && value !== root && isHiddenByMarkup(value, root)) return false;
  // A "Summary" or "Notes" block made of field rows sums up fields: it is no prose.
  if (field === 'text' && typeof value !== 'string' && isFieldRows(value)) return false;
  let ok = usable(field, typeof value === 'string' ? clean(value) : field === 'location' ? addressOf(value) : shownValue(value));
  if (!ok) return false;
  // A lookup's link to the account, beside what else the field shows (its contact, a card).
  if (field === 'company' && typeof value !== 'string') {
    const link = clean(value.querySelector('a[href]')?.textContent);
    if (link && link !== ok && usable(field, link)) ok = link;
  }
  // The sum with its currency, not the "+ Add payment" or "monthly" beside it.
  if (field === 'amount') ok = MONEY.exec(ok)?.[0].trim() ?? ok;
  pairs[field] = ok;
  traceField(field, how, typeof value === 'string' ? null : value);
  return true;
}

/** A sum of money with its currency sign or code, on either side: "$2,600.00", "57.340,00 €", "EUR 12 000". */
const MONEY = /(?:[$€£¥₹]|\b[A-Z]{3}\b)\s?\d[\d.,\u00a0\u202f ]*\d|\d(?:[\d.,\u00a0\u202f ]*\d)?\s?(?:[$€£¥₹]|\b[A-Z]{3}\b)/;

/** A labelled row's value element: the row minus its label ("Job title" + "Head of …"). */
function rowValue(row: Element): Element {
  const label = row.querySelector('label, [class*="label" i]:not(input):not(textarea), [data-selenium-test^="property-label"]');
  if (label && !label.contains(row)) {
    let sibling = label.nextElementSibling;
    while (sibling?.matches('script, style, svg')) sibling = sibling.nextElementSibling;
    if (sibling) return sibling;
  }
  return row.querySelector('.detail, [class*="value" i]:not([class*="label" i]), .fld-value, .record-value, .normal') ?? row;
}

/** Fields named by attribute: SugarCRM `data-name`, Freshsales `data-field-name`, Odoo `name`. */
const API_ATTRIBUTES = ['data-name', 'data-field', 'data-fieldname', 'data-field-name'];

export interface PairOptions {
  /** Extra attribute holding API names on this CRM (Odoo's field widgets: `name`). */
  apiSelector?: string;
  apiAttribute?: string;
}

/**
 * Label/value pairs inside `root`: API names first, then controls and groups named by
 * `aria-label`, then visible labels beside their values, then related lists by heading.
 * Walks text nodes once, bounded, so a typical record page costs one pass over its text.
 */
export function readLabelPairs(root: Element, document: Document = root.ownerDocument, options: PairOptions = {}): Pairs {
  const pairs: Pairs = {};
  const selector = [...API_ATTRIBUTES.map((a) => `[${a}]`), ...(options.apiSelector ? [options.apiSelector] : [])].join(', ');
  for (const el of Array.from(root.querySelectorAll(selector)).slice(0, 300)) {
    const attribute = [...API_ATTRIBUTES, options.apiAttribute ?? ''].find((a) => a && el.hasAttribute(a))!;
    const api = el.getAttribute(attribute);
    const field = fieldForApiName(api);
    if (!field || (!isList(field) && pairs[field]) || skipped(el, root) || !isShown(el, root)) continue;
    add(pairs, field, rowValue(el), `API name ${attribute}="${api}"`, root);
  }

  // Controls and groups that name themselves (inline-edit inputs, stage radiogroups, subgrids).
  for (const el of Array.from(
    root.querySelectorAll(
      'input[aria-label], textarea[aria-label], select[aria-label], [role="radiogroup"][aria-label], [role="grid"][aria-label], [role="listbox"][aria-label], [role="list"][aria-label], section[aria-label], ol[aria-label], ul[aria-label]',
    ),
  ).slice(0, 300)) {
    const label = el.getAttribute('aria-label');
    // A group of steps is named in the plural ("Deal stages"): its one chosen step is the value.
    const steps = el.matches('ol, ul, [role="radiogroup"], [role="list"]');
    const field = fieldForLabel(label) ?? (steps && label ? fieldForLabel(label.replace(/s$/i, '')) : null);
    if (!field || (!isList(field) && pairs[field]) || skipped(el, root) || !isShown(el, root)) continue;
    if ((el as HTMLInputElement).type === 'search') continue;
    // A section named "About" that opens with its own heading: the text after it.
    const opening = el.tagName === 'SECTION' ? el.firstElementChild : null;
    if (field === 'text' && opening && /^H[1-6]$/.test(opening.tagName) && clean(opening.textContent) === clean(label)) {
      const rest = clean(shownValue(el)?.slice((clean(opening.textContent) ?? '').length));
      if (rest) add(pairs, field, rest, `aria-label “${label}”`, root);
      continue;
    }
    add(pairs, field, el, `aria-label “${label}”`, root);
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
    let inline: string | null = null;
    if (text.length <= MAX_LABEL + 1) field = fieldForLabel(text);
    // "Accounts", "Companies (1)": the records of a related list, the company when there is one.
    const related = !field && text.length <= MAX_LABEL + 1 && isCompanyListLabel(text);
    if (related) field = 'company';
    if (!field) {
      // "Industry: Banking" in one text node.
      const match = /^([^:：]{2,40})[:：]\s*(.+)$/.exec(text);
      if (!match) continue;
      // "Stage: Proposal · Deal value: $54,000 · Owner: …" sums up another record (a deal card).
      if (/[·|•]\s*[^:：·|•]{2,40}[:：]/.test(match[2]!)) continue;
      field = fieldForLabel(match[1]);
      if (!field) continue;
      inline = clean(match[2]);
    }
    if (!isList(field) && pairs[field]) continue;
    if (skipped(parent, root) || parent.closest(NOT_LABEL) || !isShown(parent, root)) continue;
    // "Organization: <a>Oakhurst</a>": a label ending in a colon inside the element holding its value.
    if (!inline && /[:：]$/.test(text) && node.nextSibling) {
      let rest = '';
      for (let next: ChildNode | null = node.nextSibling; next; next = next.nextSibling) {
        if (next.nodeType === 1 && !isShown(next as Element, root)) continue;
        rest += next.textContent ?? '';
      }
      const value = clean(rest);
      if (value && value.length <= MAX_VALUE) {
        add(pairs, field, value, `inline label “${text}”`, root);
        continue;
      }
    }
    // The label element: the smallest element whose whole text is the label.
    let label: Element = parent;
    while (label.parentElement && label !== root && clean(label.parentElement.textContent) === clean(label.textContent) && label.parentElement !== root) {
      label = label.parentElement;
    }
    if (inline) {
      add(pairs, field, inline, `inline label “${text}”`, root);
      continue;
    }
    if (related) {
      const heading = /^H[2-6]$/.test(label.tagName) || label.matches('[class*="header" i], [class*="title" i]');
      const list = heading ? relatedCard(label) : valueElementFor(label, document);
      const linked = list ? linkedRecords(list) : [];
      if (linked.length === 1) add(pairs, field, linked[0]!, `one record under “${text}”`, root);
      continue;
    }
    // The first words of a panel's header bar ("Revenue Line Items" then its "+" menu) title it.
    const bar = label.parentElement;
    if (bar && bar !== root && bar.firstElementChild === label && bar.matches('[class*="header" i]') && !/^H[1-6]$/.test(label.tagName)) label = bar;
    // A card or section titled "Products (3)", "Wettbewerber": its rows are the list.
    const heading = /^H[2-6]$/.test(label.tagName) || label.matches('[class*="header" i], [class*="sectionTitle" i], [class*="card__title" i]');
    if (heading && isList(field)) {
      const card = relatedCard(label);
      if (card) add(pairs, field, card, `related list “${text}”`, root);
      continue;
    }
    // "Notes", "About" as a heading: the prose block under it is the record's text.
    if (heading && field === 'text') {
      const body = label.nextElementSibling;
      if (body && !body.querySelector('input, select, h2, h3') && !isFieldRows(body) && (clean(body.textContent)?.length ?? 0) >= 40)
        add(pairs, field, body, `heading “${text}”`, root);
      continue;
    }
    // Section titles ("Entreprise", "Company") head a group of fields; they label none.
    if (label.tagName === 'H2') continue;
    // A column headed "Product" in a table of line items: its cells are the list.
    if (isList(field) && isHeaderCell(label)) {
      const cells = columnCells(label);
      if (cells.length) add(pairs, field, cells.join('; '), `column “${text}”`, root);
      continue;
    }
    const valueEl = valueElementFor(label, document);
    if (valueEl) add(pairs, field, valueEl, `label “${text}”`, root);
  }
  return pairs;
}

/** True when `el` holds label/value rows (controls, terms, two field labels), not prose. */
function isFieldRows(el: Element): boolean {
  if (el.querySelector('dt, label, th') || el.querySelectorAll('input, select, textarea').length > 1) return true;
  let labels = 0;
  for (const leaf of Array.from(el.querySelectorAll('*')).slice(0, 300)) {
    if (leaf.firstElementChild) continue;
    const text = leaf.textContent ?? '';
    if (text.length <= MAX_LABEL && fieldForLabel(text.trim()) && ++labels >= 2) return true;
  }
  return false;
}

/**
 * The note a rep pinned to the record (Pipedrive's and HubSpot's pinned note): its body, without
 * the line of author and date above it. It may sit in the activity feed the label reader skips.
 */
function pinnedNote(document: Document): Element | null {
  for (const pin of Array.from(document.querySelectorAll('[data-testid*="pinned" i], [class*="pinned" i], [aria-label*="pinned" i]')).slice(0, 10)) {
    if (!isShown(pin) || pin.closest('nav, [role="navigation"], [role="dialog"], [aria-hidden="true"]')) continue;
    let body: Element = pin;
    // The longest part of the note, down to its prose.
    for (let depth = 0; depth < 4 && body.children.length; depth++) {
      const parts = Array.from(body.children).filter((child) => isShown(child, pin));
      const longest = parts.sort((a, b) => (clean(b.textContent)?.length ?? 0) - (clean(a.textContent)?.length ?? 0))[0];
      if (!longest || (clean(longest.textContent)?.length ?? 0) < 0.6 * (clean(body.textContent)?.length ?? 0)) break;
      body = longest;
    }
    if ((textOf(body)?.length ?? 0) >= 40 && !isFieldRows(body)) return body;
  }
  return null;
}

/** The names of the records a list links to, each once (links hidden by markup left out). */
function linkedRecords(list: Element): string[] {
  const out: string[] = [];
  for (const link of Array.from(list.querySelectorAll('a[href]')).slice(0, 50)) {
    const name = isHiddenByMarkup(link, list) ? null : textOf(link);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Where prose is about something else: a feed, a comment, a rail, a banner, an assistant's summary. */
const NOT_RECORD_PROSE = `${SKIP}, aside, header, [role="complementary"], [role="alert"], [role="status"], [class*="history" i], [class*="activity" i], [class*="comment" i], [class*="sidebar" i], [class*="rail" i], [class*="banner" i], [class*="copilot" i], [class*="assistant" i], [class*="insight" i], [class*="news" i], [class*="email" i], [class*="toast" i]`;

/**
 * A paragraph no label names in the record's body (a description field shown without its
 * label): the first block of two sentences or more, inside the record, not in a feed or a rail.
 */
function unlabelledProse(root: Element): Element | null {
  for (const block of Array.from(root.querySelectorAll('p, div')).slice(0, 2000)) {
    if (block.querySelector('p, div, ul, ol, table, dl, li, input, select, textarea, label, h1, h2, h3')) continue;
    const text = clean(block.textContent);
    if (!text || text.length < 120 || text.length > 5000 || (text.match(/[.!?](\s|$)/g)?.length ?? 0) < 2) continue;
    // "Notes: …", "Stage: Proposal · …": a labelled line, not prose no label names.
    if (/^[^:：.]{2,40}[:：]/.test(text)) continue;
    if (skipped(block, root, NOT_RECORD_PROSE) || !isShown(block, root)) continue;
    return block;
  }
  return null;
}

/** The cells under a header cell, one a row (a link's text where the cell holds one). */
function columnCells(header: Element): string[] {
  const row = header.parentElement!;
  const index = Array.from(row.children).indexOf(header);
  const table = header.closest('table');
  if (!table || index < 0) return [];
  const out: string[] = [];
  for (const tr of Array.from(table.querySelectorAll('tr')).slice(0, 200)) {
    if (tr === row || tr.closest('thead')) continue;
    const cell = tr.children[index];
    const value = clean(cell?.querySelector('a')?.textContent) ?? clean(cell?.textContent);
    if (value && value.length <= 200 && !value.includes(';')) out.push(value);
  }
  return out;
}

/** The card a heading titles: its nearest ancestor holding more than the heading, minus the heading. */
function relatedCard(heading: Element): Element | null {
  let card: Element | null = heading.parentElement;
  for (let depth = 0; card && depth < 3; depth++) {
    if (card.children.length > 1) break;
    card = card.parentElement;
  }
  if (!card) return null;
  // The rows after the heading: a sibling holding them, else the card.
  let body = heading.nextElementSibling;
  for (let el = heading; el.parentElement && el.parentElement !== card && !body; el = el.parentElement) body = el.parentElement.nextElementSibling;
  return body ?? card;
}

/** Module names in URLs, in English, German, French and Spanish. */
const RECORD_TYPES: readonly [RegExp, string][] = [
  [/^(leads?|prospects?|interessenten|pistes?|clientes-potenciales|potenziali)$/i, 'Lead'],
  [/^(contacts?|persons?|people|kontakte?|personen|contactos?|contatos?|contatti|contactpersonen)$/i, 'Contact'],
  [
    /^(accounts?|companies|company|organi[sz]ations?|orgs?|konten|firmen|unternehmen|comptes?|entreprises?|soci[eé]t[eé]s|cuentas?|empresas?|aziende|bedrijven)$/i,
    'Account',
  ],
  [/^(opportunit(y|ies)|potentials?|opps?|verkaufschancen|opportunit[eé]s|oportunidad(es)?|opportunit[aà]|oportunidades|kansen)$/i, 'Opportunity'],
  [/^(deals?|abschl[uü]sse|affaires|negocios|neg[oó]cios|tratos|trattative?)$/i, 'Deal'],
];

/** Headings that name the page, not the record ("Contact Detail", "Fiche prospect"). */
const PAGE_HEADING = /\b(details?|information|overview|record|profile|view|edit|fiche|d[eé]tails?|übersicht|detalles?|datos|ficha)\b/i;

/** The record type a URL names: "/crm/org1/tab/Potentials/…", "#Accounts/…", "?module=Leads". */
export function recordTypeFromUrl(url: URL): string | null {
  // Parameters that name the object: SugarCRM `module`, Siebel `SWEView=Opportunity Detail View`.
  const named = Array.from(url.searchParams.entries())
    .filter(([key]) => /^(module|entity|etn|sweview|view|object|objecttype|type|tab)$/i.test(key))
    .flatMap(([, value]) => value.split(/[^A-Za-z]+/));
  // The path's last module names the record: "/clienti/trattative/4821" is a deal of a customer.
  const segments = [...named, ...url.hash.replace(/^#\/?/, '').split(/[/?]/), ...url.pathname.split('/').reverse()];
  for (const segment of segments) {
    for (const [pattern, type] of RECORD_TYPES) if (pattern.test(segment)) return type;
  }
  return null;
}

/** Record-title hooks of CRMs without a reader of their own, then headings. */
const RECORD_TITLE = [
  '[data-zcqa="dv_title"], .dvTitle', // Zoho CRM detail view
  '[data-testid="header-title"], [data-testid="SidebarLeadTitle"]', // Pipedrive deal, lead
  '[class*="record-title" i], [class*="recordTitle"], [class*="record-name" i], [class*="lead-name" i], [class*="contact-name" i], [class*="profile_name" i], [class*="ProfileName"]', // in-house CRMs
  '.oe_title h1', // Odoo form title (an input)
  '.pageDescription', // Salesforce Classic ("Account:" is the h1, the record the h2)
  'h1, [role="heading"][aria-level="1"]',
  'h2',
];

/** The record's heading (the site header's h1 is a logo, so the main region's). */
export function recordHeading(root: Element): string | null {
  for (const selector of RECORD_TITLE) {
    for (const h of Array.from(root.querySelectorAll(selector)).slice(0, 8)) {
      // A bare heading in a side column titles a widget ("Recent Items"), not the record.
      const outside = selector.startsWith('h') ? ', #sidebarCell, [class*="sidebar" i]' : '';
      if (skipped(h, root, `${SKIP}, header[role="banner"], body > header${outside}`) || isHiddenByMarkup(h, root)) continue;
      const text = shownValue(h);
      if (text && text.length <= 120 && !fieldForLabel(text) && !PAGE_HEADING.test(text)) {
        traceField('name', `record heading ${selector}`, h);
        return text;
      }
    }
  }
  return null;
}

/** The record's container: the main region where there is one. */
export function recordRoot(document: Document): Element | null {
  return document.querySelector('main, [role="main"], #main, #content, .main-content') ?? document.body;
}

/** Record types whose record is a person, an organisation, a deal. */
const PERSON_TYPES = /^(Contact|Lead|Person)$/;
const DEAL_TYPES = /^(Opportunity|Deal)$/;

/** Builds the context from label/value pairs: the shared tail of every label-reading reader. */
export function contextFromPairs(
  pairs: Pairs,
  options: { source: string; url: URL; document: Document; root: Element; recordType: string | null; recordKey: string | null; heading?: string | null },
): ProspectContext {
  const { recordType, document, root } = options;
  // French "Nom" beside "Prénom" is the family name; Spanish "Nombre" beside "Apellidos" the given name.
  if (pairs.name && !/\s/.test(pairs.name) && (pairs.firstName ? !pairs.lastName : pairs.lastName)) {
    if (pairs.firstName) pairs.lastName = pairs.name;
    else pairs.firstName = pairs.name;
    delete pairs.name;
  }
  const joined = clean(`${pairs.firstName ?? ''} ${pairs.lastName ?? ''}`);
  const person = recordType !== null && PERSON_TYPES.test(recordType);
  const deal = recordType !== null && DEAL_TYPES.test(recordType);
  const heading = () => (options.heading !== undefined ? options.heading : recordHeading(root));
  const fromTitle = () => titleParts(document)[0] ?? null;
  let name: string | null;
  // On a person record the record title is the person: never the deal or account named beside it.
  if (person) name = joined ?? pairs.name ?? heading() ?? pairs.contactName ?? fromTitle();
  else if (deal) name = pairs.recordName ?? heading() ?? pairs.name ?? fromTitle();
  else if (recordType === 'Account') name = pairs.name ?? pairs.company ?? heading() ?? fromTitle();
  else name = pairs.name ?? joined ?? heading() ?? pairs.recordName ?? pairs.contactName ?? fromTitle();
  name = person ? personName(name) : name;
  if (name && name.length > 120) name = null;
  const structured = readStructuredFields(document);
  const company = pairs.company ?? (recordType === 'Account' ? name : null);
  const location = pairs.location ?? joinAddress([pairs.city, pairs.state, pairs.country]);
  return {
    source: options.source,
    url: options.url.href,
    name: name ?? structured.name,
    title: deal ? null : (pairs.title ?? structured.title),
    company: company ?? structured.company,
    industry: pairs.industry ?? structured.industry,
    location: location ?? structured.location,
    companySize: pairs.companySize ?? structured.companySize,
    recordType,
    stage: pairs.stage,
    amount: pairs.amount,
    products: pairs.products ?? [],
    competitors: pairs.competitors ?? [],
    text: pairs.text ?? structured.text,
    closeDate: pairs.closeDate,
    language: pageLanguage(document),
    recordKey: options.recordKey,
  };
}

/** "Charlotte", "NC", "United States" → "Charlotte, NC, United States"; repeated parts once. */
export function joinAddress(parts: ReadonlyArray<string | null | undefined>): string | null {
  const out: string[] = [];
  for (const part of parts) {
    const value = clean(part);
    if (value && !out.some((p) => p.toLowerCase() === value.toLowerCase())) out.push(value);
  }
  return out.length ? out.join(', ') : null;
}

/** The visible record panel over a list (Copper's full profile, a drawer): else the main region. */
function recordRoots(document: Document): Element[] {
  const roots: Element[] = [];
  const main = recordRoot(document);
  if (main) roots.push(main);
  // The record's fields may sit in a column beside the main region (a CRM's details sidebar).
  if (main && main !== document.body && document.body) roots.push(document.body);
  for (const dialog of Array.from(document.querySelectorAll('[role="dialog"], [aria-modal="true"], [class*="drawer" i], [class*="FullProfile"]')).slice(
    0,
    10,
  )) {
    if (!roots.includes(dialog) && isShown(dialog) && !dialog.closest('[aria-hidden="true"]')) roots.push(dialog);
  }
  return roots;
}

/** Reads label/value pairs and structured data into a context, or null when neither gives a prospect. */
export function readGeneric(
  document: Document,
  url: URL,
  source = 'generic',
  options: PairOptions & { root?: Element | null; recordType?: string | null; recordKey?: string | null } = {},
): ProspectContext | null {
  let root: Element | null = options.root ?? null;
  let pairs: Pairs = {};
  if (root) pairs = readLabelPairs(root, document, options);
  else {
    // The root giving most fields: the main region, else a record panel laid over a list.
    for (const candidate of recordRoots(document)) {
      const found = readLabelPairs(candidate, document, options);
      if (Object.keys(found).length > Object.keys(pairs).length + (root ? 1 : 0)) [root, pairs] = [candidate, found];
    }
  }
  if (!root) return null;
  // One stray label on an arbitrary page is not a record.
  if (Object.keys(pairs).length < 2) return null;
  if (!pairs.text) {
    const note = pinnedNote(document) ?? unlabelledProse(root);
    const text = textOf(note);
    if (note && text) {
      pairs.text = text.slice(0, 2000);
      traceField('text', 'pinned note or unlabelled prose', note);
    }
  }
  const recordType = options.recordType !== undefined ? options.recordType : recordTypeFromUrl(url);
  return contextFromPairs(pairs, { source, url, document, root, recordType, recordKey: options.recordKey ?? generic.recordKey!(url) });
}

export const generic: PageReader = {
  name: 'generic',
  label: 'this page',
  hosts: [],
  fixtures: 'generic',

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
