/** Small, allocation-light DOM helpers shared by the page readers. */

/** Collapses whitespace; returns null for empty text. */
export function clean(value: string | null | undefined): string | null {
  if (!value) return null;
  const out = value.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  return out === '' ? null : out;
}

/**
 * Visible text of an element. LinkedIn duplicates strings in a `span[aria-hidden="true"]`
 * copy and a `.visually-hidden` copy for screen readers; reading textContent gives both.
 * This prefers the aria-hidden copy where one exists and skips visually-hidden text.
 */
export function textOf(element: Element | null | undefined): string | null {
  if (!element) return null;
  const ariaCopy = element.matches('[aria-hidden="true"]') ? element : element.querySelector(':scope > span[aria-hidden="true"]');
  if (ariaCopy) return clean(ariaCopy.textContent);
  let out = '';
  let nodes = 0;
  const walk = (node: Node, depth: number) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      // Bounded: a megabyte field or a 100,000-node subtree stops at MAX_TEXT characters.
      if (out.length > MAX_TEXT || ++nodes > MAX_NODES || depth > MAX_DEPTH) return;
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as Element;
        // Hidden parts of a value are no part of it ("$412,000<span style="display:none">$365,000</span>").
        if (el.matches(NOT_TEXT) || hidesItself(el)) continue;
        walk(el, depth + 1);
        // Open shadow roots (LWC components rendered natively) hold the text in their own tree.
        const shadow = (el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
        if (shadow) walk(shadow, depth + 1);
        // Blocks, list items and chips are separate words even where the markup has no space
        // between them ("Forecast Studio" + "Pipeline Sync", "Job title" + "Head of …").
        if (BLOCK.test(el.tagName) || isEntry(el)) out += ' ';
      }
    }
  };
  walk(element, 0);
  return clean(out.slice(0, MAX_TEXT));
}

/** What textOf never reads: screen-reader copies, code, hidden markup. */
const NOT_TEXT =
  '.visually-hidden, .sr-only, .a11y-text, .slds-assistive-text, .assistiveText, script, style, template, svg, [hidden], input, textarea, select';
const BLOCK = /^(P|DIV|LI|BR|H\d|DD|DT|TR|TD|TH|SECTION|ARTICLE|HEADER|FOOTER|UL|OL|DL|TABLE|TBODY|LABEL|BUTTON|OPTION)$/;
/** Bounds of one text read: a field value never needs more. */
export const MAX_TEXT = 20_000;
const MAX_NODES = 5_000;
const MAX_DEPTH = 64;

/** Chips, pills, tags, badges and options: one list entry each. */
// Singular only: "o_field_tags", "chips" name the container around the entries.
const ENTRY_CLASS = /(^|[\s_-])(chip|pill|tag|badge|token|option|listbox-item|item)($|[\s_-])|Tag__|Chip__|Pill__|Badge__/i;

/** True for an element that is one entry of a multi-value field. */
export function isEntry(el: Element): boolean {
  const role = el.getAttribute('role');
  if (role === 'option' || role === 'listitem' || role === 'row') return true;
  const cls = el.getAttribute('class');
  return (
    cls !== null &&
    cls.length < 300 &&
    ENTRY_CLASS.test(cls) &&
    !/(label|text|avatar|remove|close|delete|icon|container|list|group)(\s|$|_)/i.test(cls.split(/\s+/).find((c) => ENTRY_CLASS.test(c)) ?? '')
  );
}

/** Trailing dropdown glyphs ("Contract sent ▾", "Qualified ⌄") are not part of a value. */
export function stripGlyphs(value: string | null): string | null {
  return value ? clean(value.replace(/[\s\u00a0]*[⌄▾▼⏷▿⌃▴▲˅˄›»…]+$/u, '').replace(/^[\s\u00a0]*[✓✔•·]+\s*/u, '')) : null;
}

/**
 * The entries of a multi-value field, from structure: one per chip, pill, tag, option, list
 * item or table row; a field shown as plain text ("A;B", "A, B") is split on its separators.
 */
export function listValues(element: Element | null | undefined, limit = 50): string[] {
  if (!element) return [];
  const out: string[] = [];
  const push = (value: string | null) => {
    const v = stripGlyphs(value);
    if (v && v.length <= 200 && !out.includes(v) && out.length < limit) out.push(v);
  };
  // Chosen options of a multi-select.
  if (element.tagName === 'SELECT') {
    for (const option of Array.from((element as HTMLSelectElement).selectedOptions ?? element.querySelectorAll('option[selected]'))) push(option.textContent);
    return out;
  }
  const entries = entryElements(element);
  if (entries.length) {
    for (const entry of entries) push(clean(entry.getAttribute('title')) ?? entryText(entry));
    return out;
  }
  // Values on lines of their own ("Utensilmec<br>Brevia Tools").
  if (element.querySelector('br')) {
    const lines = linesSplitByBreaks(element);
    if (lines.length > 1) {
      for (const line of lines) for (const part of splitList(line)) push(part);
      return out;
    }
  }
  for (const part of splitList(shownValue(element))) push(part);
  return out;
}

/** An element's text cut at its `<br>`s, each line cleaned, empty ones left out. */
function linesSplitByBreaks(element: Element): string[] {
  const lines = [''];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeName === 'BR') lines.push('');
      else if (child.nodeType === 3) lines[lines.length - 1] += child.nodeValue ?? '';
      else if (child.nodeType === 1 && !hidesItself(child as Element)) walk(child);
    }
  };
  walk(element);
  return lines.map((line) => clean(line)).filter((line): line is string => Boolean(line));
}

/** The entry elements under `element`, outermost first, none inside another. */
function entryElements(element: Element): Element[] {
  const found: Element[] = [];
  const rows = element.querySelectorAll('li, [role="option"], [role="listitem"], tbody > tr, [role="row"]:not([row-index="header"]), [class]');
  for (const el of Array.from(rows).slice(0, 2000)) {
    if (found.length >= 200) break;
    if (el.tagName === 'TR' || el.getAttribute('role') === 'row') {
      if (el.querySelector('th[scope="col"], [role="columnheader"]') || el.closest('thead, tfoot')) continue;
    } else if (el.tagName !== 'LI' && !isEntry(el)) continue;
    if (found.some((f) => f.contains(el))) continue;
    if (isHiddenByMarkup(el, element)) continue;
    found.push(el);
  }
  return found;
}

/** An entry's own text: a row's first cell (its link where there is one), a chip's label. */
function entryText(entry: Element): string | null {
  if (entry.tagName === 'TR' || entry.getAttribute('role') === 'row') {
    const cell = entry.querySelector('th, td, [role="gridcell"], [role="rowheader"]');
    // The first cell's link, else the row's (a line item's product beside its own name).
    const link = cell?.querySelector('a') ?? entry.querySelector('a[href]');
    return clean(link?.getAttribute('aria-label')) ?? textOf(link) ?? textOf(cell);
  }
  // Its label or name ("Access point AX-620" of a product line), not the quantity and price beside it.
  const label = first(entry, ['[class*="label" i]', '[class*="name" i]', '[class*="text" i]:not([class*="avatar" i])']);
  return textOf(label) ?? textOf(entry);
}

/** The first element any of `selectors` finds in `root`, tried in order. */
export function first(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** `first`, then the same inside the element's open shadow root (a natively rendered component). */
export function firstDeep(element: Element, selectors: readonly string[]): Element | null {
  const shadow = (element as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
  return first(element, selectors) ?? (shadow ? first(shadow, selectors) : null);
}

/** Text of the first selector that yields non-empty text. */
export function firstText(root: ParentNode, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    for (const element of Array.from(root.querySelectorAll(selector))) {
      const value = textOf(element);
      if (value) return value;
    }
  }
  return null;
}

/** Document title without LinkedIn's unread badge, "(3) Maria Gonzalez | LinkedIn". */
export function titleParts(document: Document): string[] {
  return (document.title ?? '')
    .replace(/^\(\d+\+?\)\s*/, '')
    .split(/\s+[|\-–—]\s+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The page's language: `<html lang>`, else null. */
export function pageLanguage(document: Document): string | null {
  const lang = document.documentElement?.getAttribute('lang');
  return lang ? lang.trim().toLowerCase().split(/[-_]/)[0] || null : null;
}

/**
 * True when the element or an ancestor is hidden by markup: the `hidden` attribute, an inline
 * `display:none`/`visibility:hidden`, or the utility classes
 * the CRMs use to park cached views (Salesforce `slds-hide`, Lightning's inactive
 * `oneContent`). Layout is not consulted: it costs a reflow per call and saved pages in
 * happy-dom have none. Stops at `stopAt` (exclusive) when given; below it `aria-hidden="true"`
 * hides too (a collapsed section, a parked panel). Above it, it does not: a modal dialog marks the
 * whole page behind it so, record included.
 */
export function isHiddenByMarkup(element: Element | null, stopAt?: Element | null): boolean {
  for (let el: Element | null = element; el && el !== stopAt; el = el.parentElement) {
    if (hidesItself(el)) return true;
    if (stopAt && el.getAttribute('aria-hidden') === 'true' && stopAt.contains(el)) return true;
  }
  return false;
}

/** True when the element's own markup hides it (an ancestor's is not looked at). */
function hidesItself(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  if (style && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const cls = el.getAttribute('class');
  // `hidden`/`d-none` beside a responsive override (Tailwind `hidden lg:block`, Bootstrap
  // `d-none d-md-flex`) is shown on a desktop screen.
  return Boolean(
    cls && /(^|\s)(slds-hide|slds-hidden|is-hidden|hidden|hide|d-none)(\s|$)/.test(cls) && !/(:|-)(block|flex|grid|inline|table|contents)\b/.test(cls),
  );
}

/**
 * True when the element is shown: nothing in the markup hides it and, where the engine computes
 * styles (Chromium, happy-dom with the page's own <style>), `checkVisibility()` agrees. This
 * catches views a stylesheet hides, such as Lightning's inactive `.oneContent`.
 */
export function isShown(element: Element, stopAt?: Element | null): boolean {
  if (isHiddenByMarkup(element, stopAt)) return false;
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  // Inside a shadow tree the markup check has to do: engines disagree on styles there.
  if (typeof check !== 'function' || element.getRootNode() !== element.ownerDocument) return true;
  try {
    if (check.call(element) !== false) return true;
    // A `display: contents` wrapper has no box of its own, yet its children show.
    const view = element.ownerDocument.defaultView;
    return view ? view.getComputedStyle(element).display === 'contents' && element.firstElementChild !== null : false;
  } catch {
    return true;
  }
}

/** `querySelectorAll` that also looks inside open shadow roots (LWC, Lyte, HubSpot widgets). */
export function deepQueryAll(root: ParentNode, selector: string, limit = 200): Element[] {
  const out: Element[] = Array.from(root.querySelectorAll(selector));
  const hosts: Element[] = [];
  const collect = (node: ParentNode) => {
    for (const el of Array.from(node.querySelectorAll('*'))) if ((el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot) hosts.push(el);
  };
  collect(root);
  for (let i = 0; i < hosts.length && i < limit; i++) {
    const shadow = (hosts[i] as Element & { shadowRoot: ShadowRoot }).shadowRoot;
    out.push(...Array.from(shadow.querySelectorAll(selector)));
    collect(shadow);
  }
  return out;
}

/**
 * The value a form control or read-only field shows: an `<input>`'s value (Dynamics keeps
 * values there, not in text), a `<select>`'s chosen option, else visible text, else `title`.
 */
export function shownValue(element: Element | null | undefined): string | null {
  if (!element) return null;
  const tag = element.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA') {
    const input = element as HTMLInputElement;
    const raw = (input.value || input.getAttribute('value') || input.getAttribute('title') || '').slice(0, MAX_TEXT);
    // A multi-line address ("1 Quay Street\nBristol BS1 4DJ\nUnited Kingdom") reads as one line.
    const lines = raw.split(/\s*\n\s*/).filter(Boolean);
    if (lines.length > 1 && lines.length <= 6 && lines.every((line) => line.length <= 60 && !/[.!?]$/.test(line))) return clean(lines.join(', '));
    return clean(raw);
  }
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    const option = select.selectedOptions?.[0] ?? select.querySelector('option[selected]');
    const text = stripGlyphs(clean(option?.textContent));
    return text && !/^-+\s*select\s*-+$|^---$/i.test(text) ? text : clean(select.getAttribute('title'));
  }
  // A stage path, pill group or status bar: the chosen step, not every step's text.
  const chosen = chosenStep(element);
  if (chosen) return chosen;
  const controls = element.querySelectorAll('input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea, select');
  const control = controls[0];
  const own = textOf(element);
  if (control) {
    const value = shownValue(control);
    // "48 500,00" in the input and "€" in a sibling span: one amount.
    if (value && controls.length === 1 && own && own.length <= 4 && !/[\p{L}]{2}/u.test(own.replace(/EUR|USD|GBP|CHF|SEK/, '')))
      return clean(`${value} ${own}`);
    if (value && !own) return value;
  }
  // Chips without separators: "A; B" rather than "AB".
  const entries = own && own.length < 2000 ? entryElements(element) : [];
  if (entries.length > 1) return listValues(element).join('; ');
  return stripGlyphs(withoutNote(element, own)) ?? clean(element.getAttribute('title'));
}

/**
 * A value without the "(parent account)", "(from organization)" the CRM prints after it in an
 * element of its own: a note about the value, not part of it. A bracket typed into the value
 * itself ("Acme (UK) Ltd") is one text with it and stays.
 */
function withoutNote(element: Element, own: string | null): string | null {
  if (!own) return own;
  for (let last = element.lastElementChild; last; last = last.lastElementChild) {
    // Text after the element ends the value: the bracket is inside it.
    for (let next = last.nextSibling; next; next = next.nextSibling) if (next.nodeType === 3 && clean(next.nodeValue)) return own;
    const note = textOf(last);
    if (note && /^\([^()]{1,60}\)$/.test(note) && own.endsWith(note) && own.length > note.length) return clean(own.slice(0, -note.length));
  }
  return own;
}

/** The selected step of a choice group: `aria-checked`, `aria-current`, `aria-selected`, a current/selected class. */
export function chosenStep(element: Element): string | null {
  const group = element.matches('[role="radiogroup"], [role="tablist"], ol, ul, [role="list"]')
    ? element
    : element.querySelector(':scope [role="radiogroup"], :scope > ol, :scope > ul');
  if (!group) return null;
  const steps = group.querySelectorAll('[role="radio"], [role="tab"], li, button');
  if (steps.length < 2) return null;
  const pick =
    group.querySelector('[aria-checked="true"], [aria-current="step"], [aria-current="true"]') ??
    group.querySelector('[role="radio"][aria-selected="true"], [role="tab"][aria-selected="true"]') ??
    group.querySelector('.slds-is-current, [class*="current" i], [class*="is-selected" i], [class*="active" i]');
  if (!pick) return null;
  // The step's name, not the days or the probability shown beside it.
  return stripGlyphs(
    clean(pick.getAttribute('data-value-label')) ??
      textOf(pick.querySelector('[class*="title" i], [class*="name" i], [class*="label" i]')) ??
      clean(pick.getAttribute('title')) ??
      textOf(pick),
  );
}

/** Text with block children joined by ", ": an address rendered as one line per part. */
export function linesOf(element: Element | null | undefined): string | null {
  if (!element) return null;
  const blocks = Array.from(element.querySelectorAll('div, p, span.slds-truncate, br + *')).filter(
    (el) => !el.querySelector('div, p') && !isHiddenByMarkup(el, element),
  );
  const parts = blocks.map((el) => clean(el.textContent)).filter((s): s is string => Boolean(s));
  return parts.length > 1 ? clean(Array.from(new Set(parts)).join(', ')) : textOf(element);
}

/**
 * An address written one part to an element or a line ("Calle Mayor 18" "Murcia" "30001"
 * "España", or lines cut by `<br>`): its parts joined with ", ". Else the value as shown.
 */
export function addressOf(element: Element): string | null {
  let box = element;
  while (box.children.length === 1 && !ownText(box)) box = box.children[0]!;
  const lines = box.querySelector('br')
    ? linesSplitByBreaks(box)
    : ownText(box)
      ? []
      : Array.from(box.children)
          .filter((el) => !hidesItself(el))
          .map(textOf);
  const parts = lines.filter((line): line is string => Boolean(line));
  if (parts.length > 1 && parts.length <= 8 && parts.every((part) => part.length <= 80)) return clean(Array.from(new Set(parts)).join(', '));
  return shownValue(element);
}

/** True when the element holds text of its own, outside its child elements. */
function ownText(element: Element): boolean {
  for (let node = element.firstChild; node; node = node.nextSibling) if (node.nodeType === 3 && clean(node.nodeValue)) return true;
  return false;
}

/** Splits a multi-value field ("Acme; Globex", "Acme, Globex") into its values. */
export function splitList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(/\s*[;\n|]\s*|\s*,\s+(?=[A-Z0-9])/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part.length <= 200);
}

/** Salutations and honorifics written before a name: "Mr.", "Sra.", "Dr.", "Dott.ssa", "Dhr.". */
const SALUTATION = /^(mr|mrs|ms|miss|mx|dr|prof|herr|frau|m|mme|mlle|sr|sra|srta|sig|sig\.ra|sigra|dott|dott\.ssa|ing|avv|dhr|mevr|sr\.ª|sra\.ª)\.?$/i;

/**
 * A person's name as a record shows it: a leading salutation dropped ("Sig.ra Giulia Conti" →
 * "Giulia Conti"), whitespace collapsed. A salutation alone is no name.
 */
export function personName(value: string | null | undefined): string | null {
  let name = clean(value);
  if (!name) return null;
  for (let i = 0; i < 2; i++) {
    const [head, ...rest] = name.split(' ');
    if (!head || !SALUTATION.test(head)) break;
    if (!rest.length) return null;
    name = rest.join(' ');
  }
  return name;
}
