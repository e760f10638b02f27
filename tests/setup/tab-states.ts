import type { ProspectContext } from '@/lib/context/schema';
import type { TabState } from '@/lib/messages';

const DEAL_URL = 'https://crm.example.com/deal/7';

/** A tab whose page was read: a CRM deal record with the given context fields (source and url are the deal's). */
export function readDeal(context: Omit<ProspectContext, 'source' | 'url'>, patch: Partial<TabState> = {}): TabState {
  return { status: 'read', url: DEAL_URL, recordKey: 'crm:deal:7', context: { source: 'generic', url: DEAL_URL, ...context }, at: 1000, ...patch };
}

/** Polls `probe` every 20 ms until it gives a truthy value; fails with what it waited for. */
export async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
