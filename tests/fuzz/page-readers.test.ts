// @vitest-environment node
/**
 * Property-based tests of every page reader, through the registry as the content script uses
 * it, on the saved record pages mutated at random: elements removed, duplicated, moved
 * elsewhere, their text replaced by random Unicode, wrapped 1,000 elements deep, attributes
 * dropped. For any page: no reader throws, no hang, and what the content script would send
 * is accepted by the background's message schema (or says "could not read").
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { readPage, readers } from '@/lib/context/registry';
import { contentMessageSchema } from '@/lib/messages';
import { bounded, params, report, slowest } from './support';

const PAGES = 'tests/fixtures/pages';

interface Page {
  name: string;
  url: string;
  html: string;
}

/** Each saved record page with the real URL its expectation file names. */
function pages(): Page[] {
  const out: Page[] = [];
  for (const dir of readdirSync(PAGES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(PAGES, dir.name)).filter((f) => f.endsWith('.html'))) {
      const expectation = join(PAGES, dir.name, file.replace(/\.html$/, '.expected.json'));
      if (!existsSync(expectation)) continue;
      out.push({
        name: `${dir.name}/${file}`,
        url: JSON.parse(readFileSync(expectation, 'utf8')).url,
        html: readFileSync(join(PAGES, dir.name, file), 'utf8'),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const all = pages();
/** Uniform over the pages (fc.constantFrom favours its first value). */
const anyPage = fc.nat(all.length - 1).map((i) => all[i]!);
const outcomes = new Map<string, number>();
const windows: Window[] = [];
afterAll(() => {
  windows.forEach((w) => w.close());
  report(
    `Page readers (slowest case ${Math.round(slowest.ms)} ms: ${slowest.what.replace(/"html":.*$/, '')}…; outcomes ${JSON.stringify(Object.fromEntries(outcomes))})`,
  );
});

/** One happy-dom window per page, scripts off; each case starts from a fresh copy of the page. */
const loaded = new Map<string, { window: Window; pristine: Node }>();
function fresh(page: Page): Document {
  let entry = loaded.get(page.name);
  if (!entry) {
    const window = new Window({
      url: page.url,
      settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
    });
    window.document.write(page.html);
    windows.push(window);
    entry = { window, pristine: window.document.documentElement.cloneNode(true) as unknown as Node };
    loaded.set(page.name, entry);
  }
  const document = entry.window.document as unknown as Document;
  // remove + append: happy-dom's replaceChild refuses to swap the document element.
  document.documentElement.remove();
  document.appendChild(entry.pristine.cloneNode(true));
  return document;
}

/**
 * happy-dom's selector engine and cloneNode recurse once per level, so a page thousands of
 * elements deep overflows the stack inside happy-dom itself, before any reader runs (Chromium's
 * do not recurse: tests/e2e/hostile.e2e.ts reads a record 5,000 elements deep in the real
 * browser). Here the depth is as deep as happy-dom goes, far past any real page (~60 levels).
 */
const NEST_DEPTH = Number(process.env.PITCHSIDE_FUZZ_NEST_DEPTH ?? 1000);

type Mutation =
  | { op: 'remove' | 'duplicate' | 'strip-attributes'; at: number }
  | { op: 'move'; at: number; to: number }
  | { op: 'text'; at: number; text: string }
  | { op: 'nest'; at: number; depth: number };

const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '\u200B', '\u202E', '<script>alert(1)</script>', 'x'.repeat(30_000)),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('remove', 'duplicate', 'strip-attributes'), at: fc.nat() }) as fc.Arbitrary<Mutation>,
  fc.record({ op: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('text' as const), at: fc.nat(), text: unicode }) },
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(20, 200) }),
);

function apply(document: Document, m: Mutation): void {
  const elements = Array.from(document.body?.querySelectorAll('*') ?? []);
  if (!elements.length) return;
  const el = elements[m.at % elements.length]!;
  switch (m.op) {
    case 'remove':
      el.remove();
      return;
    case 'duplicate':
      el.after(el.cloneNode(true));
      return;
    case 'strip-attributes':
      for (const name of el.getAttributeNames()) el.removeAttribute(name);
      return;
    case 'move': {
      const target = elements[m.to % elements.length]!;
      if (target === el || el.contains(target)) return;
      target.append(el);
      return;
    }
    case 'text': {
      const walker = document.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
      const texts: Text[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
      if (texts.length) texts[m.at % texts.length]!.data = m.text;
      else el.textContent = m.text;
      return;
    }
    case 'nest': {
      // Built iteratively: the HTML parser is not what is under test, the readers' walks are.
      const outer = document.createElement('div');
      let inner = outer;
      for (let i = 1; i < m.depth; i++) inner = inner.appendChild(document.createElement('div'));
      el.replaceWith(outer);
      inner.append(el);
      return;
    }
  }
}

function readAndCheck(document: Document, page: Page, mutations: Mutation[]): void {
  const url = new URL(page.url);
  // The registry swallows a reader's exception (so nothing reaches the page's console); call
  // every reader that would see this page itself too, so a throw is seen here, not hidden.
  for (const reader of readers.filter((r) => r.matches(url))) {
    try {
      reader.read(document, url);
    } catch (error) {
      throw new Error(`${reader.name} threw on ${page.name} after ${JSON.stringify(mutations).slice(0, 300)}: ${(error as Error)?.stack ?? error}`);
    }
  }
  const result = readPage(document, page.url);
  outcomes.set(result.status, (outcomes.get(result.status) ?? 0) + 1);
  const message = contentMessageSchema.safeParse({ type: 'context:result', result, recordKey: 'k', messageBox: false });
  if (!message.success) throw new Error(`The background would drop what was read on ${page.name}: ${JSON.stringify(result).slice(0, 400)}`);
}

describe('page readers on mutated record pages', () => {
  it('covers every reader with at least one saved page', () => {
    const covered = new Set(
      all.map((p) => {
        const r = readPage(fresh(p), p.url);
        return r.status === 'read' ? r.context.source : null;
      }),
    );
    expect([...readers.map((r) => r.name)].filter((name) => !covered.has(name))).toEqual([]);
  });

  it('reads each unmutated page (the baseline the mutations start from)', () => {
    for (const page of all) expect(readPage(fresh(page), page.url).status, page.name).toBe('read');
  });

  it('never throws, never hangs, and sends only what the background accepts', async () => {
    await fc.assert(
      fc.asyncProperty(anyPage, fc.array(mutation, { minLength: 1, maxLength: 6 }), async (page, mutations) => {
        const document = fresh(page);
        for (const m of mutations) apply(document, m);
        await bounded(
          () => readAndCheck(document, page, mutations),
          () => `${page.name} ${JSON.stringify(mutations.map((m) => ('text' in m ? { ...m, text: m.text.length } : m)))}`,
        );
      }),
      params('mutated pages', 1),
    );
  }, 120_000);

  it(`a whole record ${NEST_DEPTH.toLocaleString('en')} elements deep`, async () => {
    await fc.assert(
      fc.asyncProperty(anyPage, async (page) => {
        const document = fresh(page);
        apply(document, { op: 'nest', at: 0, depth: NEST_DEPTH });
        await bounded(
          () => readAndCheck(document, page, [{ op: 'nest', at: 0, depth: NEST_DEPTH }]),
          () => page.name,
        );
      }),
      params(`pages nested ${NEST_DEPTH.toLocaleString('en')} deep`, 0.1),
    );
  }, 120_000);
});
