import { clean, firstText, isShown, pageLanguage, textOf, titleParts } from '../dom';
import { defineReader } from '../reader';
import type { ProspectContext } from '../schema';
import { companyFromHeadline } from './linkedin-profile';

/**
 * Sales Navigator lead and account pages. Classes are per-build hashes; `data-anonymize`,
 * `data-x--*` and `data-sn-view-name` are the stable hooks. The same hooks repeat in side panels
 * and "similar leads" lists, so every query is scoped to the top card.
 */

const LEAD_PATH = /^\/sales\/(?:lead|people)\/([^,/?#]+)/;
const ACCOUNT_PATH = /^\/sales\/company\/(\d+)/;

const LEAD_CARD = [
  '[data-sn-view-name="feature-lead-top-card"]', // 2024+ lead page
  '#profile-card-section', // lead page, older build
  '[data-x--lead--top-card]',
  'section[class*="profile-topcard"]', // 2022-23 build
  'section:has(h1[data-x--lead--name])', // any build: the section around the visible name
  'main section:has([data-anonymize="person-name"]):not(aside *)',
];

const ACCOUNT_CARD = [
  '[data-sn-view-name="feature-account-top-card"]',
  '[data-x--account--top-card]',
  '#account-top-card',
  'header[class*="account-top-card"], section[class*="account-top-card"], div[class*="account-top-card"]',
];

const LEAD_NAME = [
  'h1[data-x--lead--name]', // the visible name; a bare h1 can be an accessibility-only page title
  '[data-anonymize="person-name"]',
  'h1',
];

const LEAD_TITLE = [
  '[data-anonymize="job-title"]', // on lead pages: the current title (on search rows: years in role)
  '[data-anonymize="title"]',
];

const LEAD_HEADLINE = ['[data-anonymize="headline"]'];
const COMPANY = ['[data-anonymize="company-name"]', 'a[href*="/sales/company/"]'];
const LOCATION = ['[data-anonymize="location"]'];
const INDUSTRY = ['[data-anonymize="industry"]', '[data-anonymize="company-industry"]'];

const ABOUT = [
  '[data-sn-view-name="feature-about-lead"] [data-anonymize="person-blurb"]',
  '[data-sn-view-name="feature-about-lead"]',
  '#about-section [data-anonymize="person-blurb"]',
];

const ACCOUNT_ABOUT = ['[data-anonymize="company-blurb"]', '[data-sn-view-name="feature-account-about"]', '[data-sn-view-name*="about"] p'];

function card(document: Document, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = Array.from(document.querySelectorAll(selector)).find((el) => isShown(el));
    if (found) return found;
  }
  return null;
}

export const salesNavigator = defineReader<{ kind: 'lead' | 'account'; id: string }>({
  name: 'sales-navigator',
  label: 'Sales Navigator',
  hosts: ['https://www.linkedin.com/*'],
  fixtures: 'sales-navigator',
  parse(url) {
    if (!/(^|\.)linkedin\.com$/.test(url.hostname)) return null;
    const lead = LEAD_PATH.exec(url.pathname);
    if (lead) return { kind: 'lead', id: lead[1]! };
    const account = ACCOUNT_PATH.exec(url.pathname);
    return account ? { kind: 'account', id: account[1]! } : null;
  },
  /** The lead id without the search context after the comma (",NAME_SEARCH,xxxx"). */
  key: ({ kind, id }) => `sales-navigator:${kind}:${id}`,

  read(document, url) {
    if (ACCOUNT_PATH.test(url.pathname)) return readAccount(document, url);
    const top = card(document, LEAD_CARD);
    if (!top) return null;
    const name = firstText(top, LEAD_NAME);
    if (!name) return null;
    const headline = firstText(top, LEAD_HEADLINE);
    const title = firstText(top, LEAD_TITLE) ?? headline;
    const context: ProspectContext = {
      source: 'sales-navigator',
      url: url.href,
      name,
      title,
      company: firstText(top, COMPANY) ?? companyFromHeadline(headline),
      location: firstText(top, LOCATION),
      industry: firstText(top, INDUSTRY),
      text: firstText(document, ABOUT) ?? (headline !== title ? headline : null),
      recordType: 'Lead',
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});

function readAccount(document: Document, url: URL): ProspectContext | null {
  const top = card(document, ACCOUNT_CARD) ?? document.querySelector('main');
  if (!top) return null;
  const name = firstText(top, ['[data-anonymize="company-name"]', 'h1', 'h2']) ?? titleParts(document)[0] ?? null;
  if (!name || /sales navigator/i.test(name)) return null;
  // Headcount is unlabelled: "1K–5K employees", "2,340 employees on LinkedIn".
  let companySize: string | null = null;
  for (const el of Array.from(top.querySelectorAll('a, span, div, li'))) {
    if (el.children.length > 1) continue;
    const text = textOf(el);
    if (text && text.length < 60 && /\bemployees\b/i.test(text)) {
      companySize = text;
      break;
    }
  }
  const context: ProspectContext = {
    source: 'sales-navigator',
    url: url.href,
    name,
    company: name,
    industry: firstText(top, INDUSTRY),
    location: firstText(top, ['[data-anonymize="location"]', '[data-anonymize="company-location"]']),
    companySize: clean(companySize),
    recordType: 'Account',
    text: firstText(document, ACCOUNT_ABOUT),
    language: pageLanguage(document),
    recordKey: null,
  };
  return context;
}
