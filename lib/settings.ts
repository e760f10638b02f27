import { browser } from 'wxt/browser';
import { z } from 'zod';

/**
 * Settings a rep (storage.local) or IT (managed storage, Chrome enterprise policy) sets.
 * When IT sets `locked`, the managed values win and the options page shows them read-only.
 */
export const settingsSchema = z.object({
  catalogUrls: z.array(z.string()).default([]),
  feedUrls: z.array(z.string()).default([]),
  syncIntervalHours: z.number().min(0.25).max(24 * 7).default(6),
  trackingTemplate: z.string().max(2000).default(''),
  locked: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

export const SETTINGS_KEY = 'settings';

export const defaultSettings: Settings = settingsSchema.parse({});

async function readManaged(): Promise<Partial<Settings>> {
  try {
    const managed = await browser.storage.managed.get(null);
    const parsed = settingsSchema.partial().safeParse(managed);
    return parsed.success ? parsed.data : {};
  } catch {
    // No policy, or a browser without managed storage (Firefox without a policy file).
    return {};
  }
}

export async function getSettings(): Promise<Settings & { managed: Partial<Settings> }> {
  const [stored, managed] = await Promise.all([browser.storage.local.get(SETTINGS_KEY), readManaged()]);
  const local = settingsSchema.partial().safeParse(stored[SETTINGS_KEY]);
  const merged = settingsSchema.parse({ ...(local.success ? local.data : {}), ...managed });
  if (!managed.locked && local.success) {
    // Unlocked policy values are defaults: the rep's own URLs come on top of IT's.
    merged.catalogUrls = [...new Set([...(managed.catalogUrls ?? []), ...(local.data.catalogUrls ?? [])])];
  }
  return { ...merged, managed };
}

export async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  const local = settingsSchema.partial().safeParse(stored[SETTINGS_KEY]);
  await browser.storage.local.set({ [SETTINGS_KEY]: { ...(local.success ? local.data : {}), ...patch } });
}
