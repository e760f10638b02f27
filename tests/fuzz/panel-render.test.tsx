// @vitest-environment happy-dom
/**
 * Nothing from a catalog or a page reaches innerHTML, dangerouslySetInnerHTML or a link that
 * is not https: arbitrary catalog items (validated as every import validates them) and
 * arbitrary page contexts (parsed as the background parses them) are ranked by the real
 * matcher and rendered by the panel's suggestion and prospect components in happy-dom.
 *
 * The components are imported through the two stable exports below; when the panel is
 * restructured, re-point these two lines.
 */
import fc from 'fast-check';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/panel/prospect-card';
import { SuggestionItem } from '@/components/panel/suggestion-item';
import { validateCatalog, LOCAL_HOSTS } from '@/lib/catalog/schema';
import { prospectContextSchema, type ProspectContext } from '@/lib/context/schema';
import { rank, type Suggestion } from '@/lib/match/suggest';
import type { StoredItem } from '@/lib/db/database';
import { params, report } from './support';

const drawn = { links: 0, rejectedItems: 0 };
afterAll(() =>
  report(`Panel rendering (${drawn.links} links drawn, all https; ${drawn.rejectedItems} hostile items refused by the schema before reaching the panel)`),
);

/** The markup the components draw themselves; anything else came from the data. */
const OWN_TAGS = new Set([
  'ul',
  'li',
  'div',
  'span',
  'a',
  'p',
  'button',
  'svg',
  'path',
  'section',
  'header',
  'h2',
  'dl',
  'dt',
  'dd',
  'strong',
  'form',
  'label',
  'input',
]);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data'];

/** Counts writes to every HTML sink while the panel renders. */
const sinks: string[] = [];
const restore: Array<() => void> = [];
beforeEach(() => {
  sinks.length = 0;
  const proto = Element.prototype as unknown as Record<string, unknown>;
  for (const name of ['innerHTML', 'outerHTML']) {
    const descriptor =
      Object.getOwnPropertyDescriptor(Element.prototype, name) ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Element.prototype), name);
    if (!descriptor?.set) continue;
    Object.defineProperty(Element.prototype, name, {
      configurable: true,
      get: descriptor.get,
      set(value: string) {
        sinks.push(`${name}=${String(value).slice(0, 80)}`);
        descriptor.set!.call(this, value);
      },
    });
    restore.push(() => delete (Element.prototype as unknown as Record<string, unknown>)[name] && Object.defineProperty(Element.prototype, name, descriptor));
  }
  const insert = proto.insertAdjacentHTML as (...args: unknown[]) => void;
  proto.insertAdjacentHTML = function (this: Element, ...args: unknown[]) {
    sinks.push(`insertAdjacentHTML(${String(args[1]).slice(0, 80)})`);
    return insert.apply(this, args);
  };
  restore.push(() => {
    proto.insertAdjacentHTML = insert;
  });
  const write = document.write;
  document.write = (...args: string[]) => void sinks.push(`document.write(${args.join('').slice(0, 80)})`);
  restore.push(() => {
    document.write = write;
  });
});
afterEach(() => {
  while (restore.length) restore.pop()!();
});

function allowedHref(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname));
  } catch {
    return false;
  }
}

/** What must hold of any rendering of untrusted data. */
function assertInert(root: HTMLElement, what: () => string): void {
  expect(sinks, `an HTML sink was written: ${what()}`).toEqual([]);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (!OWN_TAGS.has(tag)) throw new Error(`<${tag}> was injected: ${what()}`);
    for (const attr of el.getAttributeNames()) {
      if (/^on/i.test(attr)) throw new Error(`${attr}= on <${tag}>: ${what()}`);
      if (URL_ATTRIBUTES.includes(attr.toLowerCase()) && !allowedHref(el.getAttribute(attr)!)) {
        throw new Error(`${attr}="${el.getAttribute(attr)}" is not https: ${what()}`);
      }
    }
  }
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=alert(1)>',
    '</a><a href="javascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>">',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'http://evil.example/',
    '//evil.example/',
    'https://ok.example/a?q=<b>',
    'https://ok.example/a"onmouseover="x',
    'http://localhost:8080/local',
    '&lt;b&gt;entity&lt;/b&gt;',
    '\u202Eevil',
  ),
);

const rawItem = fc.record(
  {
    id: fc.oneof(fc.uuid(), hostile),
    title: hostile,
    url: fc.oneof(hostile, fc.webUrl({ validSchemes: ['https', 'http', 'ftp', 'javascript', 'data'] })),
    type: hostile,
    description: hostile,
    keywords: fc.array(hostile, { maxLength: 3 }),
    industries: fc.array(hostile, { maxLength: 3 }),
    gated: fc.boolean(),
    internalOnly: fc.boolean(),
  },
  { requiredKeys: ['id', 'title', 'url'], noNullPrototype: true },
);

const rawContext = fc.record(
  {
    source: fc.oneof(fc.constantFrom('linkedin-profile', 'salesforce', 'generic'), hostile),
    url: hostile,
    name: hostile,
    title: hostile,
    company: hostile,
    industry: hostile,
    location: hostile,
    stage: hostile,
    products: fc.array(hostile, { maxLength: 3 }),
    competitors: fc.array(hostile, { maxLength: 3 }),
    text: hostile,
  },
  { requiredKeys: ['source', 'url'], noNullPrototype: true },
);

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  (window as unknown as { __pwned?: number }).__pwned = undefined;
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/**
 * Enumerable keys on Object.prototype, removed so each case starts clean. A run once found
 * Preact's vnode fields (__, __b, __i, __u) there, which broke the matcher's for…in loops
 * ("stopwordSets[language].has is not a function"); this finds the input that does it.
 */
function cleanPrototype(): string[] {
  const keys: string[] = [];
  for (const key in {}) keys.push(key);
  for (const key of keys) delete (Object.prototype as Record<string, unknown>)[key];
  return keys;
}

function suggestionsFor(items: StoredItem[], context: ProspectContext, reasons: string[]): Suggestion[] {
  const ranked = rank(context, { items, vocabulary: {} }, { limit: 10 });
  // Every item also rendered directly, so items the matcher would not pick are drawn too.
  return [...ranked, ...items.map((item, i) => ({ item, score: 1, reasons: reasons.slice(0, (i % 3) + 1), shareable: !item.internalOnly }))];
}

describe('panel rendering of arbitrary catalogs and pages', () => {
  it('draws only its own markup, links only to https, and writes no HTML sink', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rawItem, { minLength: 1, maxLength: 6 }),
        rawContext,
        fc.array(hostile, { maxLength: 4 }),
        hostile,
        async (raws, contextRaw, reasons, typeLabel) => {
          cleanPrototype();
          const validated = validateCatalog({ version: 1, items: raws });
          const items: StoredItem[] = validated.ok ? validated.catalog.items.map((item) => ({ ...item, key: `s\u001f${item.id}`, sourceId: 's' })) : [];
          const parsed = prospectContextSchema.safeParse(contextRaw);
          const context = parsed.success ? parsed.data : ({ source: 'manual', url: 'https://example.com/' } as ProspectContext);
          const what = () => JSON.stringify({ raws, contextRaw, reasons }).slice(0, 600);

          await act(() => {
            render(
              h(
                'div',
                null,
                h(ProspectCard, { context, edited: new Set(['name']), status: 'read', onSave: () => undefined }),
                h(
                  'ul',
                  null,
                  suggestionsFor(items, context, reasons).map((suggestion, i) =>
                    h(SuggestionItem, {
                      key: i,
                      index: i,
                      suggestion,
                      typeLabel: typeLabel || null,
                      sharedAt: i % 2 ? Date.now() - 3_600_000 : null,
                      feedback: null,
                      canInsert: true,
                      top: i < 3,
                      onCopy: () => undefined,
                      onCopyMessage: () => undefined,
                      onInsert: () => undefined,
                      onFeedback: () => undefined,
                    }),
                  ),
                ),
              ),
              root,
            );
          });
          // The edit form too: every field's value goes into an input.
          const edit = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Edit prospect');
          await act(() => edit?.click());
          assertInert(root, what);
          const polluted = cleanPrototype();
          if (polluted.length) throw new Error(`Rendering put ${polluted.join(', ')} on Object.prototype: ${what()}`);
          drawn.links += root.querySelectorAll('a[href]').length;
          drawn.rejectedItems += raws.length - items.length;
          // What the data said is there, as text.
          for (const item of items) expect(root.textContent).toContain(item.title);
          expect((window as unknown as { __pwned?: number }).__pwned, what()).toBeUndefined();
        },
      ),
      params('panel renderings', 0.5),
    );
  }, 60_000);

  it('the check itself catches an injected element, an on* handler and a javascript: link', () => {
    root.innerHTML = '<a href="javascript:alert(1)">x</a>';
    sinks.length = 0;
    expect(() => assertInert(root, () => 'probe')).toThrow(/not https/);
    root.replaceChildren(Object.assign(document.createElement('img'), { src: 'https://a.example/x.png' }));
    expect(() => assertInert(root, () => 'probe')).toThrow(/<img> was injected/);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'x()');
    root.replaceChildren(button);
    expect(() => assertInert(root, () => 'probe')).toThrow(/onclick/);
    root.replaceChildren();
    root.innerHTML = '<b>x</b>';
    expect(sinks).toEqual(['innerHTML=<b>x</b>']);
    sinks.length = 0;
  });
});
