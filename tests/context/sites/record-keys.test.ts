import { describe, expect, it } from 'vitest';
import { readerFor, recordKeyOf } from '@/lib/context/registry';

const readerName = (href: string) => readerFor(new URL(href))?.name ?? null;

describe('which reader reads a URL', () => {
  it.each([
    ['https://www.linkedin.com/in/maria-gonzalez-4b2a1/', 'linkedin-profile'],
    ['https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/details/experience/', 'linkedin-profile'],
    ['https://www.linkedin.com/company/northwind-health/about/', 'linkedin-company'],
    ['https://www.linkedin.com/company/1234/people/', 'linkedin-company'],
    ['https://www.linkedin.com/sales/lead/ACwAAA1b2C3,NAME_SEARCH,qX9z', 'sales-navigator'],
    ['https://www.linkedin.com/sales/people/ACwAAA1b2C3,NAME_SEARCH,qX9z', 'sales-navigator'],
    ['https://www.linkedin.com/sales/company/223344', 'sales-navigator'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdEIAV/view', 'salesforce'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/00QDn000003xYzQ/view', 'salesforce'],
    ['https://acme.lightning.force.com/lightning/r/Account/001Dn00000Kq7aBIAR/related/Contacts/view', 'salesforce'],
    ['https://acme.lightning.force.com/one/one.app#/sObject/006Dn00000AbCdEIAV/view', 'salesforce'],
    ['https://app.hubspot.com/contacts/4411223/record/0-1/51200301', 'hubspot'],
    ['https://app-eu1.hubspot.com/contacts/145002/record/0-3/33021987/view/1', 'hubspot'],
    ['https://app.hubspot.com/contacts/4411223/company/9120044', 'hubspot'],
    ['https://org.crm4.dynamics.com/main.aspx?etn=lead&pagetype=entityrecord&id=%7B6B1E0F4C-2D3A-F011-B4CB-6045BDD8E0A1%7D', 'dynamics'],
    ['https://crm.zoho.eu/crm/org20071234/tab/Potentials/512300000004567012', 'zoho-crm'],
    ['https://crm.example.com/#Accounts/7b2c3d4e', 'generic'],
  ])('%s → %s', (href, name) => expect(readerName(href)).toBe(name));

  it.each([
    'https://www.linkedin.com/feed/',
    'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
    'https://app.hubspot.com/contacts/4411223/objects/0-1/views/all/list',
    'https://org.crm4.dynamics.com/main.aspx?pagetype=entitylist&etn=lead',
  ])('a list or feed on a site with a reader is not a record: %s', (href) => {
    expect(readerName(href)).toBeNull();
  });
});

describe('record keys follow the record, not the URL decoration', () => {
  it('Salesforce: the 15- and 18-character ids and the console ws parameter name one record', () => {
    const a = recordKeyOf('https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdEIAV/view');
    expect(recordKeyOf('https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdE/view?ws=%2Flightning%2Fr%2FAccount%2F001%2Fview')).toBe(a);
    expect(recordKeyOf('https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdEIAV/edit')).toBe(a);
    expect(recordKeyOf('https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000ZzZzZIAV/view')).not.toBe(a);
  });

  it('HubSpot: object type and record id; the tab in the path does not matter', () => {
    const a = recordKeyOf('https://app.hubspot.com/contacts/1/record/0-3/33021987');
    expect(recordKeyOf('https://app.hubspot.com/contacts/1/record/0-3/33021987/view/2')).toBe(a);
    expect(recordKeyOf('https://app.hubspot.com/contacts/1/record/0-2/33021987')).not.toBe(a);
  });

  it('Dynamics: etn and id in any order, braces and case aside', () => {
    const a = recordKeyOf('https://o.crm.dynamics.com/main.aspx?appid=x&pagetype=entityrecord&etn=lead&id=%7BABC-1%7D');
    expect(recordKeyOf('https://o.crm.dynamics.com/main.aspx?id=abc-1&etn=lead&pagetype=entityrecord&forceUCI=1')).toBe(a);
    expect(recordKeyOf('https://o.crm.dynamics.com/main.aspx?etn=lead&id=abc-2&pagetype=entityrecord')).not.toBe(a);
  });

  it('Sales Navigator: the lead id without the search context', () => {
    expect(recordKeyOf('https://www.linkedin.com/sales/lead/ACwAAA1,NAME_SEARCH,abc')).toBe(
      recordKeyOf('https://www.linkedin.com/sales/lead/ACwAAA1,SEARCH,xyz'),
    );
  });

  it('LinkedIn company: every tab of one company is one record', () => {
    expect(recordKeyOf('https://www.linkedin.com/company/acme/about/')).toBe(recordKeyOf('https://www.linkedin.com/company/acme/people/'));
  });

  it('hash-routed CRMs: the record in the hash', () => {
    const a = recordKeyOf('https://crm.example.com/#Accounts/7b2c3d4e-5f60');
    expect(recordKeyOf('https://crm.example.com/#Accounts/9f9f9f9f-0000')).not.toBe(a);
    expect(recordKeyOf('https://crm.example.com/#Accounts/7b2c3d4e-5f60')).toBe(a);
  });
});

describe('more URL shapes', () => {
  it.each([
    ['https://lakeside.my.salesforce.com/001Dn00000LkSdeIAB', 'salesforce'],
    ['https://crm.contoso.com/Contoso/main.aspx?pagetype=entityrecord&etn=account&id=%7B1%7D', 'dynamics'],
    ['https://crm.contoso.com/Contoso/main.aspx?pagetype=dashboard', 'generic'],
  ])('%s → %s', (href, name) => expect(readerFor(new URL(href))?.name ?? null).toBe(name));
});
