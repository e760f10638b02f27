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
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.matches('.visually-hidden, .sr-only, .a11y-text, .slds-assistive-text, .assistiveText, script, style, template, svg, [hidden]')) continue;
        walk(el);
        // Open shadow roots (LWC components rendered natively) hold the text in their own tree.
        const shadow = (el as Element & { shadowRoot?: ShadowRoot | null }).shadowRoot;
        if (shadow) walk(shadow);
        if (/^(P|DIV|LI|BR|H\d|DD|DT|TR)$/.test(el.tagName)) out += ' ';
      }
    }
  };
  walk(element);
  return clean(out);
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
 * happy-dom have none. Stops at `stopAt` (exclusive) when given.
 */
export function isHiddenByMarkup(element: Element | null, stopAt?: Element | null): boolean {
  for (let el: Element | null = element; el && el !== stopAt; el = el.parentElement) {
    if (el.hasAttribute('hidden')) return true;
    const style = el.getAttribute('style');
    if (style && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
    const cls = el.getAttribute('class');
    // `hidden`/`d-none` beside a responsive override (Tailwind `hidden lg:block`, Bootstrap
    // `d-none d-md-flex`) is shown on a desktop screen.
    if (cls && /(^|\s)(slds-hide|slds-hidden|is-hidden|hidden|hide|d-none)(\s|$)/.test(cls) && !/(:|-)(block|flex|grid|inline|table|contents)\b/.test(cls)) return true;
  }
  return false;
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
export function valueOf(element: Element | null | undefined): string | null {
  if (!element) return null;
  const tag = element.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA') {
    const input = element as HTMLInputElement;
    const raw = input.value || input.getAttribute('value') || input.getAttribute('title') || '';
    // A multi-line address ("1 Quay Street\nBristol BS1 4DJ\nUnited Kingdom") reads as one line.
    const lines = raw.split(/\s*\n\s*/).filter(Boolean);
    if (lines.length > 1 && lines.length <= 6 && lines.every((line) => line.length <= 60 && !/[.!?]$/.test(line))) return clean(lines.join(', '));
    return clean(raw);
  }
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    const option = select.selectedOptions?.[0] ?? select.querySelector('option[selected]');
    const text = clean(option?.textContent);
    return text && !/^-+\s*select\s*-+$|^---$/i.test(text) ? text : clean(select.getAttribute('title'));
  }
  const control = element.querySelector('input:not([type="hidden"]):not([type="checkbox"]), textarea, select');
  if (control && !textOf(element)) return valueOf(control);
  return textOf(element) ?? clean(element.getAttribute('title'));
}

/** Text with block children joined by ", ": an address rendered as one line per part. */
export function linesOf(element: Element | null | undefined): string | null {
  if (!element) return null;
  const blocks = Array.from(element.querySelectorAll('div, p, span.slds-truncate, br + *')).filter((el) => !el.querySelector('div, p'));
  const parts = blocks.map((el) => clean(el.textContent)).filter((s): s is string => Boolean(s));
  return parts.length > 1 ? clean(Array.from(new Set(parts)).join(', ')) : textOf(element);
}

/** Splits a multi-value field ("Acme; Globex", "Acme, Globex") into its values. */
export function splitList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(/\s*[;\n|]\s*|\s*,\s+(?=[A-Z0-9])/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part.length <= 200);
}
