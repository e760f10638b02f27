import { afterAll, describe, expect, it } from 'vitest';
import { readPage } from '@/lib/context/registry';
import { load } from '../fixtures';

const windows: { close(): void }[] = [];
afterAll(() => windows.forEach((w) => w.close()));

function read(html: string, url: string) {
  const { window, document } = load(html, url);
  windows.push(window);
  return readPage(document, url);
}

describe('bad input: the read stays bounded, values are truncated, nothing is thrown', () => {
  it('a 100,000-node page still reads its record', () => {
    const rows = '<div class="row"><span>filler</span></div>'.repeat(50_000);
    const html = `<main><h1>Kai Lindqvist</h1><dl><dt>Company</dt><dd>Fjord Freight AB</dd><dt>Title</dt><dd>Head of Logistics</dd></dl>${rows}</main>`;
    const result = read(html, 'https://crm.example.com/contacts/1');
    expect(result.status).toBe('read');
    if (result.status === 'read') expect(result.context).toMatchObject({ company: 'Fjord Freight AB', title: 'Head of Logistics' });
    // happy-dom alone takes seconds to build this page: the limit is room for it, not a speed bound.
  }, 60_000);

  it('deep nesting does not overflow the stack', () => {
    const deep = `${'<div>'.repeat(5_000)}deep${'</div>'.repeat(5_000)}`;
    const html = `<main><dl><dt>Company</dt><dd>${deep}</dd><dt>Industry</dt><dd>Shipping</dd></dl></main>`;
    expect(() => read(html, 'https://crm.example.com/accounts/2')).not.toThrow();
  });

  it('a megabyte field value is truncated, never passed whole', () => {
    const huge = 'x'.repeat(1_000_000);
    const html = `<main><h1>Mira Okafor</h1><dl><dt>Company</dt><dd>Okafor Textiles</dd><dt>Description</dt><dd>${huge}</dd><dt>Products</dt><dd><span class="chip">${huge}</span><span class="chip">Loom Planner</span></dd></dl><input aria-label="Title" value="${huge}"></main>`;
    const result = read(html, 'https://crm.example.com/contacts/3');
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(JSON.stringify(result.context).length).toBeLessThan(30_000);
    expect(result.context.company).toBe('Okafor Textiles');
    expect(result.context.products).toEqual(['Loom Planner']);
  });
});
