/**
 * Where each value came from, for `pitchside read --explain`: readers note the element or
 * label a field was read from while a trace is active. Off (one null check) during normal reads.
 */
export interface TraceEntry {
  field: string;
  /** How the value was found: "label “Job title”", "API name Opportunity.StageName", "top card heading". */
  how: string;
  /** A short CSS-like path of the element read. */
  element: string | null;
}

let active: TraceEntry[] | null = null;

/** Runs `read` with tracing on and returns its result with what was noted, first note per field first. */
export function withTrace<T>(read: () => T): { result: T; trace: TraceEntry[] } {
  const previous = active;
  active = [];
  try {
    const result = read();
    return { result, trace: active };
  } finally {
    active = previous;
  }
}

/** Notes where `field` was read from; a no-op unless a trace is active. */
export function traceField(field: string, how: string, element?: Element | null): void {
  if (!active || active.length > 500) return;
  active.push({ field, how, element: element ? describe(element) : null });
}

export function tracing(): boolean {
  return active !== null;
}

/** `section[data-view-name=profile-top-card] > h2`, at most four levels. */
export function describe(element: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = element; el && parts.length < 4 && el.tagName !== 'BODY' && el.tagName !== 'HTML'; el = el.parentElement) {
    let part = el.tagName.toLowerCase();
    const id = el.getAttribute('id');
    if (id && id.length < 40) part += `#${id}`;
    for (const attr of [
      'data-id',
      'data-test-id',
      'data-selenium-test',
      'data-view-name',
      'data-anonymize',
      'name',
      'field-label',
      'data-field-name',
      'aria-label',
      'role',
    ]) {
      const value = el.getAttribute(attr);
      if (value && value.length < 60) {
        part += `[${attr}="${value}"]`;
        break;
      }
    }
    if (!part.includes('[') && !part.includes('#')) {
      const cls = el
        .getAttribute('class')
        ?.split(/\s+/)
        .find((c) => c && c.length < 40);
      if (cls) part += `.${cls}`;
    }
    parts.unshift(part);
  }
  return parts.join(' > ');
}
