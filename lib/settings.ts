import { browser } from 'wxt/browser';
// zod/mini: the panel loads this module, and full zod is most of its script (bundle size, issue 10).
import { z } from 'zod/mini';
import { catalogUrlIssue, normaliseCatalogUrl } from './catalog/sources';

/**
 * Settings a rep (storage.local) or IT (managed storage, Chrome enterprise policy; schema in
 * public/managed-schema.json, sample in docs/enterprise-policy.md) sets.
 *
 * - Without `locked`, IT's values are defaults: the rep's interval and template win, and the
 *   rep's catalog and feed URLs come on top of IT's.
 * - With `locked`, IT's values win and the options page shows them read-only; the rep's own
 *   URLs are not synced.
 * Each policy value is checked on its own: one malformed value costs only itself.
 */
const urlList = z.pipe(
  z.array(z.string()),
  z.transform((urls: string[]) => [...new Set(urls.filter((url) => !catalogUrlIssue(url)).map(normaliseCatalogUrl))]),
);

/** The tracking template of a fresh install: `{id}` is the item's id. An empty template switches tracking off. */
export const DEFAULT_TRACKING_TEMPLATE = 'utm_source=pitchside&utm_medium=sales&utm_content={id}';

export const settingsSchema = z.object({
  catalogUrls: z._default(urlList, []),
  feedUrls: z._default(urlList, []),
  syncIntervalHours: z._default(z.number().check(z.gte(0.25), z.lte(24 * 7)), 6),
  // Shared links say where they came from unless the rep or IT empties the template.
  trackingTemplate: z._default(z.string().check(z.maxLength(2000)), DEFAULT_TRACKING_TEMPLATE),
  locked: z._default(z.boolean(), false),
});

export type Settings = z.infer<typeof settingsSchema>;
type SettingsKey = keyof Settings;

export const SETTINGS_KEY = 'settings';

export const defaultSettings: Settings = settingsSchema.parse({});

/** The fields of `value` that are valid, each checked on its own. */
export function validFields(value: unknown): Partial<Settings> {
  if (!value || typeof value !== 'object') return {};
  const out: Partial<Record<SettingsKey, unknown>> = {};
  for (const key of Object.keys(settingsSchema.shape) as SettingsKey[]) {
    const raw = (value as Record<string, unknown>)[key];
    if (raw === undefined) continue;
    const parsed = settingsSchema.shape[key].safeParse(raw);
    if (parsed.success) out[key] = parsed.data;
    else console.warn(`Pitchside: setting ${key} ignored`, raw);
  }
  return out as Partial<Settings>;
}

async function readManaged(): Promise<Partial<Settings> | undefined> {
  try {
    return validFields(await browser.storage.managed.get(null));
  } catch {
    // No policy, or a browser without managed storage (Firefox without a policy file).
    return undefined;
  }
}

export async function readLocal(): Promise<Partial<Settings>> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return validFields(stored[SETTINGS_KEY]);
}

/** Merges the rep's and IT's settings (pure, for tests). */
export function mergeSettings(local: Partial<Settings>, managed: Partial<Settings>): Settings {
  if (managed.locked) return settingsSchema.parse({ ...local, catalogUrls: [], feedUrls: [], ...managed });
  const merged = settingsSchema.parse({ ...managed, ...local });
  merged.catalogUrls = [...new Set([...(managed.catalogUrls ?? []), ...(local.catalogUrls ?? [])])];
  merged.feedUrls = [...new Set([...(managed.feedUrls ?? []), ...(local.feedUrls ?? [])])];
  merged.locked = false;
  return merged;
}

/**
 * The settings in effect. `managedRead` is false when managed storage could not be read at all
 * (then policy-set sources must not be taken for removed).
 */
export async function getSettings(): Promise<Settings & { managed: Partial<Settings>; managedRead: boolean }> {
  const [local, read] = await Promise.all([readLocal(), readManaged()]);
  const managed = read ?? {};
  return { ...mergeSettings(local, managed), managed, managedRead: read !== undefined };
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const local = await readLocal();
  await browser.storage.local.set({ [SETTINGS_KEY]: { ...local, ...patch } });
}
