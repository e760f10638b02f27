import { clean, pageLanguage } from '../dom';
import { siteReaderHosts } from '../hosts';
import type { PageReader } from '../reader';
import type { ProspectContext } from '../schema';

/**
 * schema.org JSON-LD (Person, Organization and their subtypes, also inside `@graph`),
 * OpenGraph and plain meta tags. Public LinkedIn pages, company websites and many CRMs' public
 * views carry them; the generic reader uses them to fill what label/value pairs miss.
 */
type Json = Record<string, unknown>;

const ORG_TYPES =
  /^(Organization|Corporation|LocalBusiness|Company|NGO|EducationalOrganization|MedicalOrganization|GovernmentOrganization|Hospital|Store|ProfessionalService|FinancialService|Brand)$/;

function str(value: unknown): string | null {
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return str(value[0]);
  if (value && typeof value === 'object') return str((value as Json).name);
  return null;
}

function types(node: Json): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/#]/, ''));
}

function nodesOf(value: unknown, out: Json[] = [], depth = 0): Json[] {
  if (depth > 4 || !value) return out;
  if (Array.isArray(value)) for (const item of value.slice(0, 50)) nodesOf(item, out, depth + 1);
  else if (typeof value === 'object') {
    const node = value as Json;
    if (node['@type']) out.push(node);
    if (node['@graph']) nodesOf(node['@graph'], out, depth + 1);
    // A ProfilePage or WebPage wraps the Person in mainEntity.
    if (node.mainEntity) nodesOf(node.mainEntity, out, depth + 1);
  }
  return out;
}

function address(value: unknown): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  if (typeof one === 'string') return clean(one);
  if (!one || typeof one !== 'object') return null;
  const a = one as Json;
  const parts = [str(a.addressLocality), str(a.addressRegion), str(a.addressCountry)].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

function employees(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (!value || typeof value !== 'object') return null;
  const q = value as Json;
  if (q.value !== undefined) return String(q.value);
  if (q.minValue !== undefined && q.maxValue !== undefined) return `${q.minValue}-${q.maxValue} employees`;
  if (q.minValue !== undefined) return `${q.minValue}+ employees`;
  return null;
}

function meta(document: Document, key: string): string | null {
  const el = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  return clean(el?.getAttribute('content'));
}

/** The schema.org nodes of the page's JSON-LD blocks; broken blocks are skipped. */
export function jsonLdNodes(document: Document): Json[] {
  const out: Json[] = [];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]')).slice(0, 20)) {
    try {
      nodesOf(JSON.parse(script.textContent ?? ''), out);
    } catch {
      // a page's broken JSON-LD is the page's business
    }
  }
  return out;
}

/** Fields from structured data, without source/url; empty when there is none. */
export function readStructuredFields(document: Document): Partial<ProspectContext> {
  const nodes = jsonLdNodes(document);
  const person = nodes.find((n) => types(n).includes('Person'));
  const org = nodes.find((n) => types(n).some((t) => ORG_TYPES.test(t)));
  const out: Partial<ProspectContext> = {};
  if (person) {
    out.name = str(person.name) ?? (clean(`${str(person.givenName) ?? ''} ${str(person.familyName) ?? ''}`) || null);
    out.title = str(person.jobTitle);
    const worksFor = Array.isArray(person.worksFor) ? person.worksFor[0] : person.worksFor;
    out.company = str(worksFor) ?? (org ? str(org.name) : null);
    out.location = address(person.address) ?? str(person.homeLocation);
    out.text = str(person.description);
  } else if (org) {
    out.name = str(org.name);
    out.company = str(org.name);
    out.location = address(org.address) ?? address(org.location);
    out.companySize = employees(org.numberOfEmployees);
    out.industry = str(org.industry) ?? str(org.knowsAbout);
    out.text = str(org.description) ?? str(org.slogan);
  }
  if (org && !out.companySize) out.companySize = employees(org.numberOfEmployees);

  // OpenGraph and meta tags: a profile's names, or the site a company page belongs to.
  const ogType = meta(document, 'og:type');
  if (!out.name) {
    const first = meta(document, 'profile:first_name');
    const last = meta(document, 'profile:last_name');
    if (first || last) out.name = clean(`${first ?? ''} ${last ?? ''}`);
    else if (ogType === 'profile') out.name = meta(document, 'og:title');
  }
  if (!out.company && !person && (!ogType || /^(website|business\.business|company)$/.test(ogType))) {
    out.company = meta(document, 'og:site_name') ?? (ogType === 'business.business' ? meta(document, 'og:title') : null);
  }
  out.text ??= meta(document, 'og:description') ?? meta(document, 'description');
  return out;
}

export const structuredData: PageReader = {
  name: 'structured-data',
  label: 'this page’s structured data',
  hosts: [],
  fixtures: 'structured-data',

  matches(url) {
    return (url.protocol === 'https:' || url.protocol === 'http:') && !siteReaderHosts.test(url.hostname);
  },

  recordKey(url) {
    return `${url.origin}${url.pathname}`;
  },

  read(document, url) {
    const fields = readStructuredFields(document);
    if (!fields.name && !fields.company) return null;
    return { source: 'structured-data', url: url.href, ...fields, language: pageLanguage(document), recordKey: `${url.origin}${url.pathname}` };
  },
};
