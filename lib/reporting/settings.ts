import { browser } from 'wxt/browser';
// zod/mini: the options page and the panel's shared chunk load this file (full zod: ~15 KB gzipped).
import { z } from 'zod/mini';

/**
 * Team reporting settings. Off until an endpoint is set: by IT through policy (managed storage,
 * keys in public/managed-schema.json), or by the rep on the options page. A policy endpoint
 * wins over the rep's. Whether prospect identities (names, profile URLs, record ids) go into
 * reports is a policy-only switch: an admin decides it, never a default.
 */
export const LOCAL_KEY = 'reporting';
export const STATUS_KEY = 'reportingStatus';
export const INSTALL_ID_KEY = 'reportingInstallId';

const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

/** Why an endpoint cannot be used, or undefined when it can: https, or http on this machine (tests). */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a full address starting with https://';
  }
  if (url.username || url.password) return 'Put the write key in its own field, not in the address.';
  if (url.protocol === 'https:' && url.hostname) return undefined;
  if (url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname)) return undefined;
  return 'The reporting endpoint must use https:// (http:// only for localhost or 127.0.0.1).';
}

const endpoint = z.pipe(
  z.string().check(
    z.maxLength(2000),
    z.refine((value) => value === '' || !endpointProblem(value)),
  ),
  z.transform((value: string) => (value ? new URL(value.trim()).href : '')),
);
const writeKey = z.string().check(z.maxLength(500));

export interface ReportingSettings {
  /** Where batches are posted; '' when reporting is off. */
  endpoint: string;
  /** Sent as HTTP Basic user name (Segment, RudderStack): `Authorization: Basic base64(key + ':')`. */
  writeKey: string;
  /** Admin (policy) only: put record ids, prospect names and profile URLs into reports. */
  includeProspectIdentities: boolean;
  /** Which of the above IT set by policy (the options page shows them read-only). */
  managed: { endpoint: boolean; writeKey: boolean; includeProspectIdentities: boolean };
}

/** The policy and local values merged (pure, for tests). Invalid values count as unset. */
export function mergeReporting(local: unknown, managed: unknown): ReportingSettings {
  const pick = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (!parsed.success) console.warn('Pitchside: reporting setting ignored', value);
    return parsed.success ? parsed.data : undefined;
  };
  const l = (local && typeof local === 'object' ? local : {}) as Record<string, unknown>;
  const m = (managed && typeof managed === 'object' ? managed : {}) as Record<string, unknown>;
  const managedEndpoint = pick(endpoint, m.reportingEndpoint) || undefined;
  const managedKey = pick(writeKey, m.reportingWriteKey);
  const identities = pick(z.boolean(), m.reportingIncludeProspectIdentities);
  return {
    endpoint: managedEndpoint ?? pick(endpoint, l.endpoint) ?? '',
    // A rep's key never goes to IT's endpoint, nor IT's key to the rep's.
    writeKey: managedEndpoint ? (managedKey ?? '') : (pick(writeKey, l.writeKey) ?? ''),
    includeProspectIdentities: identities ?? false,
    managed: { endpoint: Boolean(managedEndpoint), writeKey: managedKey !== undefined, includeProspectIdentities: identities !== undefined },
  };
}

export async function readManagedReporting(): Promise<Record<string, unknown> | undefined> {
  try {
    return await browser.storage.managed.get(['reportingEndpoint', 'reportingWriteKey', 'reportingIncludeProspectIdentities']);
  } catch {
    // No policy, or a browser without managed storage.
    return undefined;
  }
}

export async function getReportingSettings(): Promise<ReportingSettings> {
  const [local, managed] = await Promise.all([browser.storage.local.get(LOCAL_KEY), readManagedReporting()]);
  return mergeReporting(local[LOCAL_KEY], managed ?? {});
}

export async function saveReportingSettings(patch: { endpoint?: string; writeKey?: string }): Promise<void> {
  const stored = (await browser.storage.local.get(LOCAL_KEY))[LOCAL_KEY];
  const current = stored && typeof stored === 'object' ? stored : {};
  await browser.storage.local.set({ [LOCAL_KEY]: { ...current, ...patch } });
}

/** A random id for this browser profile (Segment's anonymousId): no person, no machine name. */
export async function installId(): Promise<string> {
  const stored = (await browser.storage.local.get(INSTALL_ID_KEY))[INSTALL_ID_KEY];
  if (typeof stored === 'string' && stored) return stored;
  const id = crypto.randomUUID();
  await browser.storage.local.set({ [INSTALL_ID_KEY]: id });
  return id;
}

/** Delivery state, kept across service worker restarts; shown on the options page. */
export const reportingStatusSchema = z.object({
  failures: z._default(z.int().check(z.gte(0)), 0),
  nextAttemptAt: z.optional(z.number()),
  /** 'unreachable', 'timeout' or 'HTTP <status> <text>': words for each come from the locale. */
  lastError: z.optional(z.string()),
  lastSentAt: z.optional(z.number()),
  sent: z._default(z.int().check(z.gte(0)), 0),
  dropped: z._default(z.int().check(z.gte(0)), 0),
});
export type ReportingStatus = z.infer<typeof reportingStatusSchema>;

export async function getReportingStatus(): Promise<ReportingStatus> {
  const parsed = reportingStatusSchema.safeParse((await browser.storage.local.get(STATUS_KEY))[STATUS_KEY] ?? {});
  return parsed.success ? parsed.data : reportingStatusSchema.parse({});
}

export async function setReportingStatus(patch: Partial<ReportingStatus>): Promise<ReportingStatus> {
  const next = { ...(await getReportingStatus()), ...patch };
  await browser.storage.local.set({ [STATUS_KEY]: next });
  return next;
}
