/**
 * Sites a rep or admin granted Pitchside to read automatically (a self-hosted CRM), kept in
 * storage.local as match patterns. The background registers the content script on each one
 * (lib/background/site-access.ts); the options page adds and removes them.
 */
import { browser } from 'wxt/browser';

export const GRANTED_SITES_KEY = 'grantedSites';
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';
const SCRIPT_ID_PREFIX = 'pitchside-site:';

/**
 * The match pattern for what a rep typed: "crm.example.com", "https://crm.example.com/app/#/x",
 * "*.crm.example.com". HTTPS only, except localhost and 127.0.0.1 (the manifest's optional
 * host permissions allow nothing else). Null when it is no host.
 */
export function sitePattern(input: string): string | null {
  let text = input.trim();
  if (!text) return null;
  if (!/^[a-z]+:\/\//i.test(text)) text = `https://${text}`;
  const wildcard = /^([a-z]+:\/\/)\*\./i.exec(text);
  let url: URL;
  try {
    url = new URL(wildcard ? text.replace('*.', '') : text);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const local = host === 'localhost' || host === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
  if (!local && !/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/.test(host)) return null;
  return `${url.protocol}//${wildcard ? '*.' : ''}${host}/*`;
}

/** The registered content script's id for a pattern. */
export function scriptId(pattern: string): string {
  return `${SCRIPT_ID_PREFIX}${pattern}`;
}

export function isSiteScriptId(id: string): boolean {
  return id.startsWith(SCRIPT_ID_PREFIX);
}

export async function getGrantedSites(): Promise<string[]> {
  const stored = (await browser.storage.local.get(GRANTED_SITES_KEY))[GRANTED_SITES_KEY];
  return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string' && sitePattern(p.replace(/\/\*$/, '')) === p) : [];
}

export async function setGrantedSites(patterns: readonly string[]): Promise<void> {
  await browser.storage.local.set({ [GRANTED_SITES_KEY]: Array.from(new Set(patterns)).sort() });
}
