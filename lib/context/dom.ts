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
        if (el.matches('.visually-hidden, .sr-only, .a11y-text, script, style, template, [hidden]')) continue;
        walk(el);
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
