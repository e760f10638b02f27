/**
 * The SaaS CRMs that ./saas-crms.ts reads, by name and host: all the side panel needs to offer,
 * once, to read a CRM's records automatically from then on (components/panel/crm-offer.tsx),
 * without loading the readers themselves into the panel.
 */
export interface CrmHost {
  name: string;
  label: string;
  /** Match patterns: what the rep grants. */
  hosts: readonly string[];
  host: RegExp;
}

export const CRM_HOSTS: readonly CrmHost[] = [
  {
    name: 'pipedrive',
    label: 'Pipedrive',
    hosts: ['https://*.pipedrive.com/*'],
    host: /\.pipedrive\.com$/,
  },
  {
    name: 'zoho-crm',
    label: 'Zoho CRM',
    hosts: [
      'https://crm.zoho.com/*',
      'https://crm.zoho.eu/*',
      'https://crm.zoho.in/*',
      'https://crm.zoho.com.au/*',
      'https://crm.zoho.jp/*',
      'https://crm.zohocloud.ca/*',
    ],
    host: /^crm\.zoho(cloud)?\.[a-z.]+$/,
  },
  {
    name: 'sugarcrm',
    label: 'SugarCRM',
    hosts: ['https://*.sugarondemand.com/*'],
    host: /\.sugarondemand\.com$/,
  },
  {
    name: 'freshsales',
    label: 'Freshsales',
    hosts: ['https://*.myfreshworks.com/*', 'https://*.freshsales.io/*'],
    host: /\.(myfreshworks\.com|freshsales\.io)$/,
  },
  {
    name: 'close',
    label: 'Close',
    hosts: ['https://app.close.com/*'],
    host: /^app\.close\.com$/,
  },
  {
    name: 'odoo',
    label: 'Odoo',
    hosts: ['https://*.odoo.com/*'],
    host: /\.odoo\.com$/,
  },
  {
    name: 'copper',
    label: 'Copper',
    hosts: ['https://app.copper.com/*'],
    host: /^app\.copper\.com$/,
  },
  {
    name: 'insightly',
    label: 'Insightly',
    hosts: ['https://*.insightly.com/*'],
    host: /\.insightly\.com$/,
  },
];

/** The known SaaS CRM a URL belongs to (any page of its host), for the offer to read it automatically. */
export function knownCrmForUrl(href: string): { name: string; label: string; hosts: readonly string[] } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const crm = CRM_HOSTS.find((c) => url.protocol === 'https:' && c.host.test(url.hostname));
  return crm ? { name: crm.name, label: crm.label, hosts: crm.hosts } : null;
}
