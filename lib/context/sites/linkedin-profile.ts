import { clean, first, firstText, pageLanguage, textOf, titleParts } from '../dom';
import { traceField } from '../trace';
import { defineReader } from '../reader';
import { readStructuredFields } from './structured-data';
import type { ProspectContext } from '../schema';

const PROFILE_PATH = /^\/in\/([^/?#]+)\/?/;

/** The top card: the prospect's own block, never the nav, rails or overlays. */
const TOP_CARD = [
  '[data-view-name="profile-top-card"]', // 2025-26 server-driven UI
  'section[componentkey*="Topcard" i]', // SDUI, alternative key
  'section[data-member-id]', // classic Ember layout
  'main .pv-top-card', // older classic layout
  '.top-card-layout', // public, logged-out profile
  'main section:has(h1)', // classic layout without the known hooks: the section holding the name
];

const NAME = [
  'h1', // classic and public layouts
  'h2', // SDUI
  'a[href*="/in/"] > p, p[class]:first-of-type', // SDUI variant with the name as a <p> link
];

/** The current employer shown in the top card ("Current company: Northwind Health"). */
const CURRENT_COMPANY = [
  'button[aria-label^="Current company"]', // classic
  'a[aria-label^="Current company"]',
  '[data-field="experience_company_logo"]', // SDUI top card company link
  '[data-section="currentPositionsDetails"] .top-card-link__description', // public, logged-out profile
];

/** The first Experience entry's company line, "Northwind Health · Full-time". */
const EXPERIENCE_COMPANY = [
  'section:has(> #experience) li [data-field="experience_company_logo"]', // classic
  'section:has(> #experience) li .t-14.t-normal:not(.t-black--light)', // classic, no data-field
];

/** SDUI Experience entries: title, "Company · Full-time", dates as <p> lines. */
const SDUI_EXPERIENCE_COMPANY = [
  '[data-view-name="profile-card-experience"] li p:nth-of-type(2)', // SDUI
  'section[componentkey$="Experience"] li p:nth-of-type(2)', // SDUI, alternative key
];

const HEADLINE = [
  '.text-body-medium.break-words', // classic
  '.top-card-layout__headline', // public
  '[data-generated-suggestion-target*="headline"]',
];

const LOCATION = [
  'span.text-body-small.inline.t-black--light.break-words', // classic
  '.top-card__subline-item', // public, 2021-23
  '.top-card-layout__first-subline .not-first-middot > span:first-child', // public, 2024+
  '.profile-info-subheader .not-first-middot > span:first-child', // public, mobile web
];

/** Lines in the top card that hold the school/company summary, "Northwind Health · University of Texas". */
const EMPLOYMENT_TYPE =
  /\s·\s(full-time|part-time|self-employed|freelance|contract|internship|apprenticeship|seasonal|vollzeit|teilzeit|temps plein|jornada completa)$/i;

const ABOUT = [
  '#about ~ .display-flex .inline-show-more-text span[aria-hidden="true"]', // classic
  '[data-view-name="profile-card-about"] [data-testid="expandable-text-box"]', // SDUI
  'section[componentkey$="About"] [data-testid="expandable-text-box"]', // SDUI
  '.core-section-container.summary .core-section-container__content', // public
];

/** Lines of the SDUI top card that are not name, headline or location. */
/**
 * By shape, so every UI language is covered: a degree marker ("· 3rd", "· 2.", "· 2º"), pronouns
 * ("She/Her", "Sie/ihr", "Elle/Lui", a lone "Elle" or "Sie": one short word is no headline), counts ("2,318 followers · 500+ connections",
 * "1.204 Follower:innen · 500+ Kontakte"), and the English words where no shape tells.
 */
const NOISE_LINE =
  /^·\s*\S{1,6}$|^[\p{L}]{2,6}\/[\p{L}]{2,6}(\/[\p{L}]{2,6})?$|^\p{Lu}\p{Ll}{1,3}$|^[\d.,\s]+\+?\s*\S+(\s\S+)?\s*·\s*[\d.,]+\+?\s*\S+$|\bfollowers?\b|\bconnections?\b|^contact info$|^·$/iu;

function slugOf(url: URL): string | null {
  const match = PROFILE_PATH.exec(url.pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

export const linkedinProfile = defineReader<string>({
  name: 'linkedin-profile',
  label: 'LinkedIn profile',
  hosts: ['https://*.linkedin.com/*'],
  fixtures: 'linkedin-profile',
  parse: (url) => (/(^|\.)linkedin\.com$/.test(url.hostname) ? slugOf(url) : null),
  key: (slug) => `linkedin:in:${slug.toLowerCase()}`,

  read(document, url) {
    const main = document.querySelector('main') ?? document.body;
    // Profile sub-pages (/details/experience/, contact-info overlay) have no top card.
    if (!main) return null;
    const card = first(main, TOP_CARD) ?? first(document, TOP_CARD);
    if (!card) return null;

    // The page title, "(3) Maria Gonzalez | LinkedIn", when the card's name line is not rendered yet.
    const fromTitle = card.textContent?.trim()
      ? (titleParts(document)
          .slice(0, -1)
          .find((part) => !/linkedin/i.test(part)) ?? null)
      : null;
    const name = firstText(card, NAME) ?? fromTitle;
    if (!name) return null;

    let title = firstText(card, HEADLINE);
    let location = firstText(card, LOCATION);
    let sduiCompany: string | null = null;
    if (!title || !location) {
      // Server-driven layout: hashed classes, so the card's text lines after the name, in order:
      // headline, "Company · School", location, "Contact info", follower counts.
      const all = Array.from(card.querySelectorAll('p')).map(lineOf);
      const contactInfo = all.findIndex((line) => line !== null && /^contact info$/i.test(line));
      const lines = all.filter((line): line is string => Boolean(line) && line !== name && !NOISE_LINE.test(line!));
      title ??= lines[0] ?? null;
      const beforeContact =
        contactInfo > 0
          ? all
              .slice(0, contactInfo)
              .reverse()
              .find((line) => line && line !== title && !NOISE_LINE.test(line))
          : null;
      location ??=
        (beforeContact && !beforeContact.includes(' · ') ? beforeContact : null) ??
        lines.find((line, index) => index > 0 && line.includes(',') && !line.includes(' · ')) ??
        lines.find((line, index) => index > 0 && !line.includes(' · ') && !/^\d/.test(line)) ??
        null;
      sduiCompany = lines.find((line, index) => index > 0 && line.includes(' · '))?.split(' · ')[0] ?? null;
    }
    const experience = textOf(first(document, EXPERIENCE_COMPANY));
    const button = first(card, CURRENT_COMPANY);
    const current =
      clean(
        button
          ?.getAttribute('aria-label')
          ?.replace(/^Current company:\s*/i, '')
          .replace(/\.\s.*$/, ''),
      ) ?? textOf(button);
    // The headline's "… at Northwind Health" is what the member says now; the first Experience
    // entry may lag behind it. A lower-case "at hospitals" names a market, not an employer.
    const company =
      companyFromHeadline(title) ??
      clean(experience?.replace(EMPLOYMENT_TYPE, '').split(' · ')[0]) ??
      current ??
      sduiCompany ??
      clean(textOf(first(document, SDUI_EXPERIENCE_COMPANY))?.replace(EMPLOYMENT_TYPE, '').split(' · ')[0]) ??
      // Public profiles embed a schema.org Person with worksFor.
      readStructuredFields(document).company ??
      null;

    const context: ProspectContext = {
      source: 'linkedin-profile',
      url: url.href,
      name,
      title,
      company,
      location: location ?? readStructuredFields(document).location ?? null,
      text: firstText(document, ABOUT) ?? aboutText(main),
      language: pageLanguage(document),
      recordKey: null,
    };
    return context;
  },
});

/** Headings of the About card in LinkedIn's UI languages. */
const ABOUT_HEADING = /^(about|acerca de|info|infos|à propos|sobre|over|informazioni|om|o mnie|hakkında|概要|简介)$/i;

/**
 * The About card by structure: the section with the `#about` anchor, else the section whose
 * heading says About in the UI's language; its text is the longest text block under the heading.
 */
function aboutText(main: Element): string | null {
  const anchor = main.querySelector('#about');
  let section = anchor?.closest('section') ?? null;
  if (!section) {
    for (const heading of Array.from(main.querySelectorAll('section h2, section h3')).slice(0, 40)) {
      if (ABOUT_HEADING.test(textOf(heading) ?? '')) {
        section = heading.closest('section');
        break;
      }
    }
  }
  if (!section || section.closest('aside, [data-view-name="profile-browsemap"]')) return null;
  let best: string | null = null;
  for (const block of Array.from(section.querySelectorAll('span[aria-hidden="true"], [data-testid="expandable-text-box"], p, div:not(:has(div, p))')).slice(
    0,
    100,
  )) {
    if (block.closest('h2, h3, button')) continue;
    const text = textOf(block);
    if (text && (!best || text.length > best.length)) best = text;
  }
  if (best) traceField('text', 'About section, longest text block', section);
  return best && best.length >= 20 ? best : null;
}

/** A top-card line without its "Contact info" link: "Toronto, Ontario, Canada · Contact info". */
function lineOf(p: Element): string | null {
  const links = p.querySelectorAll('a[href*="contact-info"], a[href*="overlay"]');
  if (!links.length) return textOf(p);
  let text = textOf(p) ?? '';
  for (const link of Array.from(links)) {
    const own = textOf(link);
    if (own) text = text.replace(own, '');
  }
  return clean(text.replace(/[\s·•|]+$/u, ''));
}

/** "CFO at Northwind Health" → "Northwind Health". */
export function companyFromHeadline(headline: string | null): string | null {
  if (!headline) return null;
  const match = /\s(?:at|@|bei|chez|en|presso)\s+(.+)$/i.exec(headline.split(/\s[|·•,]\s|\s[-–—]\s/)[0] ?? '');
  const company = clean(match?.[1] ?? null);
  return company && /^[\p{Lu}\p{N}]/u.test(company) ? company : null;
}

// Exported for the page-title fallback used by later readers.
export { titleParts };
