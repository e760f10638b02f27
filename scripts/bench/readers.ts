/**
 * Page readers: read time per fixture (happy-dom, and Chromium when it can be launched) and
 * field-level accuracy against each fixture's `.expected.json`.
 *
 *   npx tsx scripts/bench/readers.ts [--no-browser] [--reads N]
 *
 * Accuracy = fields read exactly right / fields the expectation names with a value. Fields an
 * expectation sets to null must stay empty; a value there counts as spurious. Times are printed,
 * never asserted (shared machines are noisy); the unit tests hold a loose bound.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { readPage } from '../../lib/context/registry';
import { fixtures, load, type Fixture } from '../../tests/context/fixtures';

const args = process.argv.slice(2);
const READS = Number(args[args.indexOf('--reads') + 1]) || 50;
const withBrowser = !args.includes('--no-browser');

function stats(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! };
}

const fmt = (ms: number) => ms.toFixed(2).padStart(6);
const name = (f: Fixture) => f.file.replace(/^.*pages\//, '');

interface Score {
  right: number;
  present: number;
  spurious: number;
  wrong: string[];
}

function score(fixture: Fixture, context: Record<string, unknown> | null): Score {
  const out: Score = { right: 0, present: 0, spurious: 0, wrong: [] };
  for (const [field, expected] of Object.entries(fixture.expected)) {
    const got = context?.[field] ?? null;
    const empty = got === null || (Array.isArray(got) && got.length === 0);
    if (expected === null) {
      if (!empty) {
        out.spurious++;
        out.wrong.push(`${field}: expected none, read ${JSON.stringify(got)}`);
      }
      continue;
    }
    out.present++;
    if (JSON.stringify(got) === JSON.stringify(expected)) out.right++;
    else out.wrong.push(`${field}: expected ${JSON.stringify(expected)}, read ${JSON.stringify(got)}`);
  }
  if (fixture.textContains?.length) {
    out.present++;
    const text = String(context?.text ?? '');
    if (fixture.textContains.every((part) => text.includes(part))) out.right++;
    else out.wrong.push(`text: expected to contain ${JSON.stringify(fixture.textContains)}`);
  }
  return out;
}

const all = fixtures();
console.log(`${all.length} fixture pages, ${new Set(all.map((f) => f.reader)).size} readers\n`);

// 1. happy-dom: read time and accuracy.
console.log(`happy-dom, ${READS} reads per page after 3 warm-up reads (ms)`);
console.log(`${'page'.padEnd(48)} median    p95  fields`);
const bySource = new Map<string, Score>();
const total: Score = { right: 0, present: 0, spurious: 0, wrong: [] };
const medians: number[] = [];
for (const fixture of all) {
  const { window, document } = load(fixture.html, fixture.url);
  for (let i = 0; i < 3; i++) readPage(document, fixture.url);
  const times: number[] = [];
  let result = readPage(document, fixture.url);
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    result = readPage(document, fixture.url);
    times.push(performance.now() - start);
  }
  await window.happyDOM.close();
  const { median, p95 } = stats(times);
  medians.push(median);
  const context = result.status === 'read' ? (result.context as Record<string, unknown>) : null;
  const s = score(fixture, context);
  const source = bySource.get(fixture.reader) ?? { right: 0, present: 0, spurious: 0, wrong: [] };
  for (const acc of [source, total]) {
    acc.right += s.right;
    acc.present += s.present;
    acc.spurious += s.spurious;
    acc.wrong.push(...s.wrong.map((w) => `${name(fixture)} ${w}`));
  }
  bySource.set(fixture.reader, source);
  console.log(`${name(fixture).padEnd(48)} ${fmt(median)} ${fmt(p95)}  ${s.right}/${s.present}${s.spurious ? ` (+${s.spurious} spurious)` : ''}`);
}
// A large page (a 3,000-row table and 3,000 paragraphs, ~12k text nodes) read by the generic reader.
{
  const rows = Array.from({ length: 3000 }, (_, i) => `<tr><td>Item ${i}</td><td>Status</td><td>Company ${i}</td><td>Row ${i} text</td></tr>`).join('');
  const html = `<main><h1>Acme</h1><dl><dt>Industry</dt><dd>Chemicals</dd><dt>Company</dt><dd>Acme</dd></dl><table>${rows}</table><div>${'<p>Lorem ipsum dolor sit amet.</p>'.repeat(3000)}</div></main>`;
  const url = 'https://crm.example.com/accounts/1';
  const { window, document } = load(html, url);
  for (let i = 0; i < 3; i++) readPage(document, url);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    readPage(document, url);
    times.push(performance.now() - start);
  }
  await window.happyDOM.close();
  const { median, p95 } = stats(times);
  console.log(`${'(synthetic) 12k text nodes, generic'.padEnd(48)} ${fmt(median)} ${fmt(p95)}`);
}
const overall = stats(medians);
console.log(`\nmedian of medians ${overall.median.toFixed(2)} ms, slowest page median ${Math.max(...medians).toFixed(2)} ms`);

console.log('\nField-level accuracy (fields read exactly right / fields present)');
for (const [source, s] of bySource)
  console.log(`  ${source.padEnd(18)} ${s.right}/${s.present}  ${((100 * s.right) / s.present).toFixed(1)}%${s.spurious ? `, ${s.spurious} spurious` : ''}`);
console.log(`  ${'all'.padEnd(18)} ${total.right}/${total.present}  ${((100 * total.right) / total.present).toFixed(1)}%, ${total.spurious} spurious`);
for (const wrong of total.wrong) console.log(`  ✗ ${wrong}`);

// 2. Chromium: the same reader code, bundled as the content script bundles it, in a real page.
const bundlePath = join(process.env.PITCHSIDE_OUT_DIR ?? '.output', 'chrome-mv3/content-scripts/content.js');
if (existsSync(bundlePath)) console.log(`\nBuilt content script: ${(statSync(bundlePath).size / 1024).toFixed(1)} kB (${bundlePath})`);

if (withBrowser) {
  try {
    const puppeteer = (await import('puppeteer')).default;
    const bundle = await build({
      stdin: {
        contents: "import { readPage } from './lib/context/registry'; (globalThis as any).__readers = { readPage };",
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      write: false,
      minify: true,
      target: 'chrome120',
    });
    const code = bundle.outputFiles[0]!.text;
    console.log(
      `Reader bundle for the page (esbuild, minified, whole of zod included; the real content script above tree-shakes): ${(code.length / 1024).toFixed(1)} kB`,
    );
    const browser = await puppeteer.launch({ headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(true);
      let current: Fixture | null = null;
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (current && request.url().split('#')[0] === current.url.split('#')[0]) {
          // The page's own scripts (JSON-LD aside) are left out: the readers see the saved DOM.
          void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: current.html });
        } else void request.respond({ status: 204, body: '' });
      });
      console.log(`\nChromium ${await browser.version()}, ${READS} reads per page after 3 warm-up reads (ms)`);
      console.log(`${'page'.padEnd(48)} median    p95  fields`);
      const chromeMedians: number[] = [];
      for (const fixture of all) {
        current = fixture;
        await page.goto(fixture.url, { waitUntil: 'domcontentloaded' });
        await page.addScriptTag({ content: code });
        const { times, context } = await page.evaluate(
          (href: string, reads: number) => {
            const { readPage: read } = (globalThis as any).__readers;
            for (let i = 0; i < 3; i++) read(document, href);
            const times: number[] = [];
            let result = read(document, href);
            for (let i = 0; i < reads; i++) {
              const start = performance.now();
              result = read(document, href);
              times.push(performance.now() - start);
            }
            return { times, context: result.status === 'read' ? result.context : null };
          },
          fixture.url,
          READS,
        );
        const { median, p95 } = stats(times);
        chromeMedians.push(median);
        const s = score(fixture, context);
        console.log(`${name(fixture).padEnd(48)} ${fmt(median)} ${fmt(p95)}  ${s.right}/${s.present}`);
      }
      console.log(
        `\nChromium: median of medians ${stats(chromeMedians).median.toFixed(2)} ms, slowest page median ${Math.max(...chromeMedians).toFixed(2)} ms`,
      );

      // The pages written outside the team (../shared/pages, when present) and bad input.
      const extra: { label: string; url: string; html: string }[] = [];
      const shared = join(process.env.PITCHSIDE_SHARED ?? join(process.cwd(), '..', 'shared'), 'pages');
      if (existsSync(shared)) {
        for (const file of readdirSync(shared)
          .filter((f) => /^\d+-.*\.json$/.test(f))
          .sort()) {
          const spec = JSON.parse(readFileSync(join(shared, file), 'utf8')) as { url: string };
          extra.push({
            label: `shared/${file.replace(/\.json$/, '')}`,
            url: spec.url,
            html: readFileSync(join(shared, file.replace(/\.json$/, '.html')), 'utf8'),
          });
        }
      } else console.log(`\n(${shared} absent: shared pages not timed; set PITCHSIDE_SHARED)`);
      const huge = 'x'.repeat(1_000_000);
      extra.push(
        {
          label: '(bad input) 100,000 elements',
          url: 'https://crm.example.com/contacts/1',
          html: `<main><h1>Kai Lindqvist</h1><dl><dt>Company</dt><dd>Fjord Freight AB</dd></dl>${'<div class="row"><span>filler</span></div>'.repeat(50_000)}</main>`,
        },
        {
          label: '(bad input) 5,000 levels deep',
          url: 'https://crm.example.com/contacts/2',
          html: `<main><dl><dt>Company</dt><dd>${'<div>'.repeat(5000)}deep${'</div>'.repeat(5000)}</dd></dl></main>`,
        },
        {
          label: '(bad input) a megabyte field value',
          url: 'https://crm.example.com/contacts/3',
          html: `<main><h1>Mira Okafor</h1><dl><dt>Company</dt><dd>Okafor Textiles</dd><dt>Description</dt><dd>${huge}</dd></dl></main>`,
        },
      );
      console.log(`\n${'page'.padEnd(48)} median    p95  (Chromium, ms)`);
      const extraMedians: [string, number][] = [];
      for (const page_ of extra) {
        current = { url: page_.url, html: page_.html } as Fixture;
        await page.goto(page_.url, { waitUntil: 'domcontentloaded' });
        await page.addScriptTag({ content: code });
        const times = await page.evaluate(
          (href: string, reads: number) => {
            const { readPage: read } = (globalThis as any).__readers;
            for (let i = 0; i < 3; i++) read(document, href);
            const times: number[] = [];
            for (let i = 0; i < reads; i++) {
              const start = performance.now();
              read(document, href);
              times.push(performance.now() - start);
            }
            return times;
          },
          page_.url,
          Math.min(READS, 10),
        );
        const { median, p95 } = stats(times);
        extraMedians.push([page_.label, median]);
        console.log(`${page_.label.padEnd(48)} ${fmt(median)} ${fmt(p95)}`);
      }
      const slowest = extraMedians.reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0] as [string, number]);
      console.log(`Slowest read: ${slowest[0]}, median ${slowest[1].toFixed(2)} ms`);
    } finally {
      await browser.close();
    }
  } catch (error) {
    console.log(`\nChromium figures skipped: ${(error as Error).message}`);
  }
}
