import { first, firstText, isShown, pageLanguage, textOf } from '../dom';
import { fieldForLabel, type LabelField } from '../labels';
import { defineReader } from '../reader';
import type { ProspectContext } from '../schema';
import { readStructuredFields } from './structured-data';

/** LinkedIn company pages, every tab (/about/, /people/, /posts/…), logged in and public. */

const COMPANY_PATH = /^\/(company|school|showcase)\/([^/?#]+)/;

const TOP_CARD = [
  '.org-top-card', // logged-in Ember layout
  '[data-view-name="organization-top-card"]', // server-driven layout
  'section[componentkey*="TopCard" i]',
  '.top-card-layout', // public, logged-out page
  'main header',
];

const NAME = [
  'h1.org-top-card-summary__title', // logged in
  '.top-card-layout__title', // public
  'h1',
  'h2',
];

/** The unlabelled info line: industry, headquarters, followers, employees, classified by content. */
const INFO_ITEMS = [
  '.org-top-card-summary-info-list__info-item', // logged in
  '.org-top-card-summary-info-list > *',
  '.top-card-layout__first-subline > *', // public
];

/** The About tab's definition list (Website, Industry, Company size, Headquarters…). */
const ABOUT_LIST = [
  'dl.overflow-hidden', // logged-in /about/
  '.org-page-details-module__card-spacing dl',
  '[data-view-name="organization-about"] dl',
  '[data-test-id="about-us"] dl', // public
  'main dl',
];

const OVERVIEW = [
  '.org-page-details-module__card-spacing p.break-words', // logged-in /about/ Overview
  '.org-about-module__description', // logged-in home tab About card
  'section.org-about-module p.break-words',
  '.org-about-us-organization-description__text',
  '[data-test-id="about-us__description"]', // public
  '.org-top-card-summary__tagline',
];

const SIZE = /\b(employees|mitarbeiter|employés|empleados)\b/i;
const NOT_INDUSTRY = /\b(followers?|employees|associated members|abonnés|follower|seguidores|mitarbeiter)\b|\d/i;

function slugOf(url: URL): string | null {
  const m = COMPANY_PATH.exec(url.pathname);
  if (!m?.[2]) return null;
  try {
    return decodeURIComponent(m[2]).toLowerCase();
  } catch {
    return m[2].toLowerCase();
  }
}

function aboutPairs(root: ParentNode): Partial<Record<LabelField | 'headquarters', string>> {
  const out: Partial<Record<LabelField | 'headquarters', string>> = {};
  const list = first(root, ABOUT_LIST);
  if (!list) return out;
  for (const dt of Array.from(list.querySelectorAll('dt'))) {
    const label = textOf(dt);
    if (!label) continue;
    // The first dd after the term: Company size has a second one with "associated members".
    let dd = dt.nextElementSibling;
    while (dd && dd.tagName !== 'DD' && dd.tagName !== 'DT') dd = dd.nextElementSibling;
    if (dd?.tagName !== 'DD') continue;
    const value = textOf(dd);
    const field = /^(headquarters|hauptsitz|siège social|sede)$/i.test(label) ? 'location' : fieldForLabel(label);
    if (field && value && !out[field]) out[field] = value;
  }
  return out;
}

export const linkedinCompany = defineReader<string>({
  name: 'linkedin-company',
  label: 'LinkedIn company page',
  hosts: ['https://*.linkedin.com/*'],
  fixtures: 'linkedin-company',
  parse: (url) => (/(^|\.)linkedin\.com$/.test(url.hostname) ? slugOf(url) : null),
  key: (slug) => `linkedin:company:${slug}`,

  read(document, url) {
    const main = document.querySelector('main') ?? document.body;
    if (!main) return null;
    const card = TOP_CARD.map((s) => main.querySelector(s) ?? document.querySelector(s)).find((el) => el && isShown(el)) ?? null;
    const structured = readStructuredFields(document);
    const name = (card ? firstText(card, NAME) : null) ?? structured.name ?? null;
    if (!name) return null;

    let industry: string | null = null;
    let companySize: string | null = null;
    let location: string | null = null;
    // Unlabelled, in LinkedIn's order: industry, headquarters, followers, employees. Industries
    // may hold commas ("Technology, Information and Internet"), so order decides, not commas.
    const facts: string[] = [];
    for (const item of INFO_ITEMS.flatMap((s) => (card ? Array.from(card.querySelectorAll(s)) : []))) {
      const value = textOf(item);
      if (!value || value.length > 120) continue;
      if (SIZE.test(value) && !/associated/i.test(value)) companySize ??= value;
      else if (!NOT_INDUSTRY.test(value) && !facts.includes(value)) facts.push(value);
    }
    if (facts.length >= 2) [industry, location] = [facts[0]!, facts[1]!];
    // A lone fact shaped like "Austin, Texas" is the headquarters.
    else if (facts.length === 1) {
      if (/^[\p{Lu}][\p{L} .'-]+(, [\p{Lu}][\p{L} .'-]+)+$/u.test(facts[0]!) && !/\band\b|&/.test(facts[0]!)) location = facts[0]!;
      else industry = facts[0]!;
    }
    const about = aboutPairs(main);
    // Public pages label their facts with data-test-id.
    const publicFact = (key: string) => textOf(document.querySelector(`[data-test-id="about-us__${key}"] dd`));

    const context: ProspectContext = {
      source: 'linkedin-company',
      url: url.href,
      name,
      company: name,

      industry: about.industry ?? publicFact('industry') ?? industry ?? structured.industry,
      companySize: about.companySize ?? publicFact('size') ?? companySize ?? structured.companySize,
      location: about.location ?? publicFact('headquarters') ?? location ?? structured.location,
      text: firstText(main, OVERVIEW) ?? structured.text,
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});
