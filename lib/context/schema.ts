import { z } from 'zod/mini';

/**
 * The prospect context of ../shared/spec/prospect-context.md, version 1.
 * Every field but `source` and `url` is optional: a page shows what it shows.
 * Content scripts run next to hostile pages, so whatever arrives is parsed with this schema;
 * strings are bounded so a page cannot flood the panel or the matcher.
 * zod/mini keeps the content script small: it runs on every LinkedIn and CRM page load.
 */
const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const optionalText = (max: number) => z.nullish(text(max));

export const prospectContextSchema = z.object({
  source: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  url: z.string().check(z.maxLength(4096)),
  name: optionalText(300),
  title: optionalText(500),
  company: optionalText(300),
  industry: optionalText(200),
  location: optionalText(300),
  companySize: optionalText(100),
  recordType: optionalText(100),
  stage: optionalText(200),
  amount: optionalText(100),
  products: z.nullish(z.array(text(200)).check(z.maxLength(50))),
  competitors: z.nullish(z.array(text(200)).check(z.maxLength(50))),
  text: optionalText(20_000),
  /** Optional addition: the deal's expected close date, as the CRM writes it. */
  closeDate: optionalText(100),
  /** Optional addition: the page's language (BCP 47, e.g. "de"), used to prefer content in it. */
  language: optionalText(35),
  /** Optional addition: a stable key for the record (CRM record id or profile slug) used to remember edits. */
  recordKey: optionalText(500),
});

export type ProspectContext = z.infer<typeof prospectContextSchema>;

/** The fields a rep sees and can edit, in the order of the UI contract's Prospect region. */
export const contextFields = [
  ['name', 'Name'],
  ['title', 'Title'],
  ['company', 'Company'],
  ['industry', 'Industry'],
  ['location', 'Location'],
  ['companySize', 'Company size'],
  ['recordType', 'Record'],
  ['stage', 'Stage'],
  ['amount', 'Amount'],
  ['products', 'Products'],
  ['competitors', 'Competitors'],
] as const satisfies ReadonlyArray<readonly [keyof ProspectContext, string]>;

export type ContextField = (typeof contextFields)[number][0];

/** Human names of the readers, for "Read from LinkedIn profile". */
export const sourceLabels: Record<string, string> = {
  'linkedin-profile': 'LinkedIn profile',
  'linkedin-company': 'LinkedIn company page',
  'sales-navigator': 'Sales Navigator',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  dynamics: 'Dynamics 365',
  pipedrive: 'Pipedrive',
  'zoho-crm': 'Zoho CRM',
  sugarcrm: 'SugarCRM',
  freshsales: 'Freshsales',
  close: 'Close',
  odoo: 'Odoo',
  copper: 'Copper',
  insightly: 'Insightly',
  generic: 'this page',
  'structured-data': 'this page’s structured data',
  manual: 'your entry',
  selection: 'selected text',
};

export function sourceLabel(source: string): string {
  return sourceLabels[source] ?? source;
}

/** True when a context carries anything beyond where it came from. */
export function hasProspect(context: ProspectContext): boolean {
  return contextFields.some(([field]) => {
    const value = context[field];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
}

/** Removes empty values, so `{ company: '' }` and `{}` mean the same. */
export function compactContext(context: ProspectContext): ProspectContext {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as ProspectContext;
}
