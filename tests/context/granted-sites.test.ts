import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { getGrantedSites, setGrantedSites, sitePattern, scriptId } from '@/lib/context/granted-sites';
import { startSiteAccess, syncSiteScripts } from '@/lib/background/site-access';

describe('sitePattern', () => {
  it.each([
    ['crm.example.com', 'https://crm.example.com/*'],
    ['https://CRM.example.com/app/#/Accounts/1', 'https://crm.example.com/*'],
    ['*.crm.example.com', 'https://*.crm.example.com/*'],
    ['http://localhost:8080/crm', 'http://localhost/*'],
    ['http://127.0.0.1', 'http://127.0.0.1/*'],
  ])('%s → %s', (input, pattern) => expect(sitePattern(input)).toBe(pattern));

  it.each(['', 'not a host', 'http://crm.example.com', 'ftp://crm.example.com', 'localhost-ish', 'https://*/'])('refuses %j', (input) => {
    expect(sitePattern(input)).toBeNull();
  });
});

function event() {
  const listeners: ((arg: unknown) => unknown)[] = [];
  return {
    addListener: (listener: (arg: unknown) => unknown) => void listeners.push(listener),
    trigger: async (arg: unknown) => Promise.all(listeners.map((l) => l(arg))),
  };
}

/** fakeBrowser has no scripting or permissions implementation: a small in-memory one. */
function fakeScripting(granted: Set<string>) {
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[]; persistAcrossSessions?: boolean }>();
  Object.assign(fakeBrowser.scripting, {
    getRegisteredContentScripts: async () => Array.from(registered.values()),
    registerContentScripts: async (scripts: { id: string }[]) => {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => registered.delete(id)),
  });
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)),
    onAdded: event(),
    onRemoved: event(),
  });
  return registered;
}

describe('site access in the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('registers the content script, persisted, on each granted site and drops it on removal', async () => {
    const granted = new Set(['https://crm.example.com/*', 'https://sugar.example.org/*']);
    const registered = fakeScripting(granted);
    await setGrantedSites(['https://crm.example.com/*', 'https://sugar.example.org/*', 'https://not-granted.example.net/*']);
    await syncSiteScripts();
    expect([...registered.keys()].sort()).toEqual([scriptId('https://crm.example.com/*'), scriptId('https://sugar.example.org/*')]);
    const script = registered.get(scriptId('https://crm.example.com/*'))!;
    expect(script).toMatchObject({ matches: ['https://crm.example.com/*'], js: ['/content-scripts/content.js'], persistAcrossSessions: true });

    await setGrantedSites(['https://sugar.example.org/*']);
    await syncSiteScripts();
    expect([...registered.keys()]).toEqual([scriptId('https://sugar.example.org/*')]);
    // Idempotent: a second sync (each start-up) registers nothing twice.
    await syncSiteScripts();
    expect(registered.size).toBe(1);
  });

  it('follows the list and the browser: a permission revoked in the browser removes the site', async () => {
    const granted = new Set(['https://crm.example.com/*']);
    const registered = fakeScripting(granted);
    startSiteAccess();
    await setGrantedSites(['https://crm.example.com/*']);
    await expect.poll(() => registered.size).toBe(1);

    granted.clear();
    await (fakeBrowser.permissions.onRemoved as unknown as ReturnType<typeof event>).trigger({ origins: ['https://crm.example.com/*'], permissions: [] });
    await expect.poll(() => getGrantedSites()).toEqual([]);
    await expect.poll(() => registered.size).toBe(0);
  });
});
