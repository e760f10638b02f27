import { describe, expect, it } from 'vitest';
import { companyFromHeadline } from '@/lib/context/sites/linkedin-profile';

describe('LinkedIn headline wording', () => {
  it.each([
    ['Chief Financial Officer at Northwind Health | Revenue cycle', 'Northwind Health'],
    ['Leiter Einkauf bei Nordhafen Shipping GmbH', 'Nordhafen Shipping GmbH'],
    ['Directeur financier chez Clinique Saint-Laurent', 'Clinique Saint-Laurent'],
    ['Helping CFOs at hospitals grow margins', null],
    ['Head of Digital Transformation | Retail banking', null],
  ])('%s → %s', (headline, company) => {
    expect(companyFromHeadline(headline)).toBe(company);
  });
});

describe('LinkedIn company top card facts, unlabelled', () => {
  it.each([
    [
      ['Technology, Information and Internet', 'Mountain View, California', '2M followers', '10K+ employees'],
      'Technology, Information and Internet',
      'Mountain View, California',
    ],
    [['Austin, Texas', '48K followers'], null, 'Austin, Texas'],
    [['Software Development', '12 followers'], 'Software Development', null],
  ])('%j', async (facts, industry, location) => {
    const { Window } = await import('happy-dom');
    const { readPage } = await import('@/lib/context/registry');
    const url = 'https://www.linkedin.com/company/acme/';
    const window = new Window({ url });
    window.document.write(
      `<main><div class="org-top-card"><h1 class="org-top-card-summary__title">Acme</h1><div class="org-top-card-summary-info-list">${facts
        .map((f) => `<div class="org-top-card-summary-info-list__info-item">${f}</div>`)
        .join('')}</div></div></main>`,
    );
    const result = readPage(window.document as unknown as Document, url);
    await window.happyDOM.close();
    expect(result.status === 'read' && [result.context.industry ?? null, result.context.location ?? null]).toEqual([industry, location]);
  });
});

describe('LinkedIn server-driven top card lines, by shape', () => {
  it.each([['Elle'], ['Sie'], ['She/Her']])('a pronoun line (%s) is not the headline', async (pronoun) => {
    const { Window } = await import('happy-dom');
    const { readPage } = await import('@/lib/context/registry');
    const url = 'https://www.linkedin.com/in/camille-roux/';
    const window = new Window({ url });
    window.document.write(
      `<main><section data-view-name="profile-top-card"><a href="/in/camille-roux/"><p class="n">Camille Roux</p></a><p class="m">${pronoun}</p><p class="m">· 2e</p>
       <p class="h">Directrice des achats chez Vernaison Emballages</p><p class="m">Lyon, Auvergne-Rhône-Alpes, France</p></section></main>`,
    );
    const result = readPage(window.document as unknown as Document, url);
    await window.happyDOM.close();
    expect(result.status === 'read' && result.context.title).toBe('Directrice des achats chez Vernaison Emballages');
  });
});
