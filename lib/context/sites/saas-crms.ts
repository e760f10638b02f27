import { clean } from '../dom';
import { defineReader, type PageReader } from '../reader';
import { traceField } from '../trace';
import { CRM_HOSTS } from './crm-hosts';
import { readGeneric, type PairOptions } from './generic';

export { knownCrmForUrl } from './crm-hosts';

/**
 * SaaS CRMs without a reader of their own, known by their URLs: the record type and id come
 * from the route, `source` is the CRM's name, the fields come from the label/value reader
 * (with the CRM's own API-name attribute where it has one). Their names and hosts are in
 * ./crm-hosts.ts, which the panel's offer (components/panel/crm-offer.tsx) loads without the readers.
 */

interface Route {
  recordType: string;
  id: string;
}

interface Crm {
  /** The name in ./crm-hosts.ts, which holds its label and hosts. */
  name: string;
  route(url: URL): Route | null;
  options?: PairOptions & { root?: (document: Document) => Element | null };
  /** CRM-specific touches after the generic read. */
  finish?(context: NonNullable<ReturnType<typeof readGeneric>>, document: Document): void;
}

const TYPE_WORDS: Record<string, string> = {
  deal: 'Deal',
  deals: 'Deal',
  opportunity: 'Opportunity',
  opportunities: 'Opportunity',
  potentials: 'Opportunity',
  person: 'Contact',
  people: 'Contact',
  persons: 'Contact',
  contact: 'Contact',
  contacts: 'Contact',
  organization: 'Account',
  organisation: 'Account',
  organizations: 'Account',
  organisations: 'Account',
  companies: 'Account',
  company: 'Account',
  accounts: 'Account',
  account: 'Account',
  lead: 'Lead',
  leads: 'Lead',
};

const typeOf = (word: string | undefined): string | null => (word ? (TYPE_WORDS[word.toLowerCase()] ?? null) : null);

function pathRoute(pattern: RegExp, url: URL, source = url.pathname): Route | null {
  const m = pattern.exec(source);
  const recordType = typeOf(m?.[1]);
  return m && recordType && m[2] ? { recordType, id: m[2] } : null;
}

/** Odoo's partner display name "Company, Person": the company is the parent, the person its contact. */
function splitPartner(value: string | null | undefined): { company: string; person: string } | null {
  const m = /^(.+?),\s+(.+)$/.exec(value ?? '');
  if (!m) return null;
  // "Acme, Inc." is one company.
  if (/^(inc|ltd|llc|gmbh|sa|sas|sarl|srl|spa|bv|nv|ag|plc|co)\.?$/i.test(m[2]!)) return null;
  return /^\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*)+$/u.test(m[2]!) ? { company: m[1]!, person: m[2]! } : null;
}

const CRMS: readonly Crm[] = [
  {
    name: 'pipedrive',
    route: (url) => pathRoute(/^\/(deal|person|organization|lead)s?\/(?:inbox\/)?(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?:[/?#]|$)/, url),
  },
  {
    name: 'zoho-crm',
    route: (url) => pathRoute(/^\/crm\/[\w-]+\/tab\/(Leads|Contacts|Accounts|Potentials|Deals)\/(\d+)/i, url),
  },
  {
    name: 'sugarcrm',
    route: (url) => pathRoute(/^#\/?(Accounts|Contacts|Leads|Opportunities)\/([\w-]{8,})/i, url, url.hash),
  },
  {
    name: 'freshsales',
    route: (url) => pathRoute(/^(?:\/crm\/sales)?\/(leads|contacts|deals|accounts)\/(\d+)/, url),
    // The record page: its summary column (name, stage pills) sits beside the main column.
    options: { root: (document) => document.querySelector('.fs-page, [id$="-details"][data-lead-id], [id$="-details"]') },
  },
  {
    name: 'close',
    route: (url) => pathRoute(/^\/(lead|contact|opportunity)\/((?:lead|cont|oppo)_\w+)/, url),
    finish(context) {
      // In Close a lead is the company, its contacts the people (help.close.com, "Leads").
      if (context.recordType === 'Lead' && !context.company && context.name) {
        context.company = context.name;
        traceField('company', 'a Close lead is a company: its name');
      }
    },
  },
  {
    name: 'odoo',
    route(url) {
      // Odoo 17.2+: /odoo/crm/<id>, /odoo/contacts/<id>; older: /web#id=<id>&model=crm.lead.
      const m = /^\/odoo\/(crm|contacts|action-crm[\w.]*)\/(\d+)/.exec(url.pathname);
      if (m) return { recordType: m[1] === 'contacts' ? 'Contact' : 'Opportunity', id: m[2]! };
      const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
      const model = hash.get('model');
      const id = hash.get('id');
      if (url.pathname.startsWith('/web') && id && /^\d+$/.test(id) && (model === 'crm.lead' || model === 'res.partner'))
        return { recordType: model === 'crm.lead' ? 'Opportunity' : 'Contact', id };
      return null;
    },
    // Field widgets carry the model's field names: stage_id, partner_id, expected_revenue.
    options: {
      apiSelector: '.o_field_widget[name]',
      apiAttribute: 'name',
      root: (document) => document.querySelector('.o_form_view .o_form_sheet_bg, .o_form_view'),
    },
    finish(context) {
      const partner = splitPartner(context.company);
      if (partner) {
        context.company = partner.company;
        traceField('company', 'partner display name “Company, Person”: the company part');
      }
    },
  },
  {
    name: 'copper',
    route(url) {
      // A hash route: "#/browse/list/people/default?fullProfile=people-184920337".
      const profile = /[?&]fullProfile=(people|companies|deals|leads|opportunities)-(\d+)/.exec(url.hash);
      if (profile) return { recordType: profile[1] === 'people' ? 'Person' : (typeOf(profile[1]) ?? 'Record'), id: profile[2]! };
      return pathRoute(/^#\/(people|companies|opportunities|leads)\/(\d+)/, url, url.hash);
    },
    // The record opens as a panel over the list it was picked from.
    options: { root: (document) => document.querySelector('.FullProfile, [class*="FullProfile"], [role="dialog"][aria-label*="profile" i]') },
  },
  {
    name: 'insightly',
    route: (url) => pathRoute(/^\/details\/(Contact|Organi[sz]ation|Opportunity|Lead)\/(\d+)/i, url),
  },
];

function reader(crm: Crm): PageReader {
  const known = CRM_HOSTS.find((host) => host.name === crm.name);
  if (!known) throw new Error(`${crm.name} is missing from crm-hosts.ts`);
  return defineReader<Route>({
    name: crm.name,
    label: known.label,
    hosts: known.hosts,
    fixtures: 'saas-crms',
    parse: (url) => (url.protocol === 'https:' && known.host.test(url.hostname) ? crm.route(url) : null),
    key: (route, url) => `${crm.name}:${url.hostname}:${route.recordType.toLowerCase()}:${route.id}`,
    read(document, url, route) {
      const root = crm.options?.root?.(document) ?? undefined;
      const context = readGeneric(document, url, crm.name, { ...crm.options, root, recordType: route.recordType, recordKey: null });
      if (!context) return null;
      crm.finish?.(context, document);
      if (crm.name === 'copper' && context.name && /^copper$/i.test(clean(context.name) ?? '')) context.name = null;
      return context;
    },
  });
}

export const saasCrms: readonly PageReader[] = CRMS.map(reader);
