/**
 * Pages where Pitchside reads automatically, without a click. Everywhere else the toolbar
 * button reads the page under activeTab, and admins can grant further CRM hosts.
 */
export const contentScriptMatches = [
  // LinkedIn, and the country hosts of public profiles in search results (uk.linkedin.com/in/…).
  'https://*.linkedin.com/*',
  // Salesforce Lightning; classic My Domain hosts redirect there.
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  // HubSpot: app.hubspot.com and regional app-eu1/app-na2 hosts (no pattern can say "app*").
  'https://*.hubspot.com/*',
  // Dynamics 365 online: <org>.crm<N>.dynamics.com.
  'https://*.dynamics.com/*',
];

/**
 * Hosts whose pages belong to a site reader: where that reader does not know a page (a list
 * view, setup, the feed) the generic readers stay out too, since a table of many records would
 * otherwise read as one.
 */
export const siteReaderHosts =
  /(^|\.)(linkedin\.com|force\.com|force\.mil|salesforce\.com|hubspot\.com|dynamics\.com|pipedrive\.com|sugarondemand\.com|myfreshworks\.com|freshsales\.io|close\.com|odoo\.com|copper\.com|insightly\.com)$|^crm\.zoho(cloud)?\./;
