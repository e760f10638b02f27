/**
 * Pages where Pitchside reads automatically, without a click. Everywhere else the toolbar
 * button reads the page under activeTab, and admins can grant further CRM hosts.
 */
export const contentScriptMatches = ['https://www.linkedin.com/*', 'https://linkedin.com/*'];
