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
