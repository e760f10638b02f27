import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { getGrantedSites } from '@/lib/context/granted-sites';
import { acceptCrmOffer, answerCrmOffer, shouldOfferCrm } from '@/lib/background/site-access';
import { knownCrmForUrl } from '@/lib/context/sites/saas-crms';
import { readerFor } from '@/lib/context/registry';

/** fakeBrowser has no permissions implementation: one where the rep answers the prompt. */
function permissions(granted: Set<string>, answer: boolean) {
  const asked: string[][] = [];
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)),
    request: async ({ origins }: { origins: string[] }) => {
      asked.push(origins);
      if (answer) origins.forEach((o) => granted.add(o));
      return answer;
    },
  });
  return asked;
}

describe('known SaaS CRMs by URL', () => {
  it.each([
    ['https://acme.pipedrive.com/deal/118', 'pipedrive', 'Deal'],
    ['https://crm.zoho.eu/crm/org1/tab/Contacts/4200000001', 'zoho-crm', 'Contact'],
    ['https://acme.sugarondemand.com/#Opportunities/7b2c3d4e-5f60', 'sugarcrm', 'Opportunity'],
    ['https://acme.myfreshworks.com/crm/sales/leads/16000412873', 'freshsales', 'Lead'],
    ['https://app.close.com/lead/lead_8fKq2ZpRw1x/', 'close', 'Lead'],
    ['https://acme.odoo.com/odoo/crm/1842', 'odoo', 'Opportunity'],
    ['https://acme.odoo.com/web#id=77&model=res.partner&view_type=form', 'odoo', 'Contact'],
    ['https://app.copper.com/companies/1/app#/browse/list/people/default?fullProfile=people-2', 'copper', 'Person'],
    ['https://crm.na1.insightly.com/details/Organisation/991', 'insightly', 'Account'],
  ])('%s is a %s record', (href, name, type) => {
    const reader = readerFor(new URL(href))!;
    expect(reader.name).toBe(name);
    expect(reader.recordKey!(new URL(href))).toContain(type.toLowerCase());
    expect(knownCrmForUrl(href)?.name).toBe(name);
  });

  it('list views of those CRMs are no record', () => {
    for (const href of [
      'https://acme.pipedrive.com/deals/list',
      'https://app.copper.com/companies/1/app#/browse/list/people/default',
      'https://acme.odoo.com/odoo/crm',
    ]) {
      expect(readerFor(new URL(href))?.name ?? null, href).toBeNull();
    }
  });
});

describe('the offer to read a CRM automatically', () => {
  beforeEach(() => fakeBrowser.reset());
  const odoo = knownCrmForUrl('https://acme.odoo.com/odoo/crm/1')!;

  it('asks for the host only on the click, grants it as a site, and never offers again', async () => {
    const granted = new Set<string>();
    const asked = permissions(granted, true);
    expect(await shouldOfferCrm(odoo)).toBe(true);
    expect(asked).toEqual([]);
    expect(await acceptCrmOffer(odoo)).toBe(true);
    expect(asked).toEqual([['https://*.odoo.com/*']]);
    expect(await getGrantedSites()).toEqual(['https://*.odoo.com/*']);
    expect(await shouldOfferCrm(odoo)).toBe(false);
  });

  it('a no, in the prompt or on "Not now", is remembered too', async () => {
    permissions(new Set(), false);
    expect(await acceptCrmOffer(odoo)).toBe(false);
    expect(await getGrantedSites()).toEqual([]);
    expect(await shouldOfferCrm(odoo)).toBe(false);
    const copper = knownCrmForUrl('https://app.copper.com/companies/1/app')!;
    await answerCrmOffer(copper.name, 'declined');
    expect(await shouldOfferCrm(copper)).toBe(false);
  });
});
