import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../wxt.config';
import { contentScriptMatches } from '@/lib/context/hosts';

type ManifestFn = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;
const manifest = (browser: string) => (config.manifest as unknown as ManifestFn)({ browser, manifestVersion: 3, mode: 'production', command: 'build' });

/** Each permission is one a rep can be told about in a sentence; a new one must be added here on purpose. */
const allowed = new Set(['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting', 'contextMenus', 'clipboardWrite', 'sidePanel']);

describe('house conventions', () => {
  it.each(['chrome', 'firefox'])('%s manifest asks only for allow-listed permissions, no host access up front', (browser) => {
    const m = manifest(browser);
    for (const permission of m.permissions as string[]) expect(allowed, permission).toContain(permission);
    // Only this machine, for catalogs served locally while testing them.
    expect(m.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
    // LinkedIn probes pages for extensions' web-accessible resources: expose none.
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
  });

  it('reads automatically only on the sites Pitchside knows, never everywhere', () => {
    for (const pattern of contentScriptMatches) {
      expect(pattern).toMatch(/^https:\/\/[^*/]*[a-z0-9-]+\.[a-z]+\/\*$|^https:\/\/\*\.[a-z0-9.-]+\/\*$/);
      expect(pattern).not.toContain('<all_urls>');
    }
  });

  it('keeps entrypoints thin: wiring only, logic in lib/ and components/', () => {
    const files = readdirSync('entrypoints', { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.tsx?$/.test(f.name));
    for (const file of files) {
      const lines = readFileSync(`${file.parentPath}/${file.name}`, 'utf8').split('\n').length;
      expect(lines, `${file.name} has ${lines} lines`).toBeLessThan(60);
    }
  });

  it('opens the database only from the background and extension pages, never from a content script', () => {
    const reachable = new Set<string>();
    const visit = (path: string) => {
      if (reachable.has(path)) return;
      reachable.add(path);
      const source = readFileSync(path, 'utf8');
      for (const [, spec] of source.matchAll(/from '(@\/[^']+|\.{1,2}\/[^']+)'/g)) {
        const base = spec!.startsWith('@/') ? spec!.slice(2) : new URL(spec!, `file:///${path}`).pathname.slice(1);
        for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
          try {
            readFileSync(candidate);
            visit(candidate);
            break;
          } catch {
            // not this extension
          }
        }
      }
    };
    visit('entrypoints/content.ts');
    expect(reachable).toContain('lib/context/registry.ts');
    expect([...reachable].filter((file) => file.startsWith('lib/db/') || file.includes('dexie'))).toEqual([]);
  });
});
