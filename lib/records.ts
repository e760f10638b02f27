import type { ProspectContext } from './context/schema';
export { mergeEdits } from './context/merge';
import type { ContextEdit, Feedback, PitchsideDb, Share, StoredItem } from './db/database';
import { recordEvents, type ProspectKind, type UsageEvent } from './events';

/** The matcher's reading of a prospect, loaded on first use: the panel paints without it. */
const eventContext = () => import('./event-context');
import type { CatalogView, Suggestion } from './match';
import { t } from './i18n';

/**
 * The rep's own records, per CRM record or profile (`recordKey`): hand edits of the prospect,
 * votes on items, and shares. Every read and write of them goes through here, and each write
 * also records its usage event (lib/events.ts) for the Insights page.
 */

export interface RecordHistory {
  recordKey: string;
  edit: ContextEdit | undefined;
  /** This record's votes, by item key. */
  votes: Map<string, Feedback>;
  /** When each item was last shared on this record. */
  shares: Map<string, number>;
}

export const feedbackKey = (recordKey: string, itemKey: string) => `${recordKey}\u001f${itemKey}`;

export async function loadHistory(database: PitchsideDb, recordKey: string): Promise<RecordHistory> {
  const [edit, votes, shares] = await Promise.all([
    database.edits.get(recordKey),
    database.feedback.where('recordKey').equals(recordKey).toArray(),
    database.shares.where('recordKey').equals(recordKey).toArray(),
  ]);
  const last = new Map<string, number>();
  for (const share of shares) last.set(share.itemKey, Math.max(last.get(share.itemKey) ?? 0, share.at));
  return { recordKey, edit, votes: new Map(votes.map((vote) => [vote.itemKey, vote])), shares: last };
}

/** Keeps only the fields that differ from what the page said, so a later read still shows through. */
export async function saveEdit(
  database: PitchsideDb,
  recordKey: string,
  base: ProspectContext | undefined,
  fields: Partial<ProspectContext>,
  now = Date.now(),
): Promise<ContextEdit> {
  const changed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const before = base?.[field as keyof ProspectContext];
    if (JSON.stringify(before ?? (Array.isArray(value) ? [] : '')) !== JSON.stringify(value)) changed[field] = value;
  }
  const edit: ContextEdit = { recordKey, fields: changed as Partial<ProspectContext>, updatedAt: now };
  await database.edits.put(edit);
  return edit;
}

/** What the panel knows when the rep acts on an item: the record, the prospect, the catalog. */
export interface ActionContext {
  database: PitchsideDb;
  recordKey: string;
  context: ProspectContext | null;
  catalog: CatalogView | null;
  now?: number;
}

async function kindOf(action: ActionContext): Promise<ProspectKind> {
  return action.context && action.catalog ? (await eventContext()).prospectKind(action.context, action.catalog) : {};
}

/**
 * Usage events go to lib/events.ts; a failure there (a full disk, a closed database) never
 * costs the rep the action itself.
 */
async function record(database: PitchsideDb, events: UsageEvent[]): Promise<void> {
  await recordEvents(events, { database }).catch((error: unknown) => console.warn('Pitchside: usage events', error));
}

const cleanReason = (reason: string | undefined) => reason?.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;

/**
 * A vote on an item for this record. Voting again with another reason replaces the vote: the
 * old one is taken back in the events, so the Insights page counts one vote with its reason.
 */
export async function vote(action: ActionContext, item: StoredItem, useful: boolean, reason?: string): Promise<Feedback> {
  const { database, recordKey } = action;
  const key = feedbackKey(recordKey, item.key);
  const before = await database.feedback.get(key);
  const kind = await kindOf(action);
  const next: Feedback = {
    key,
    recordKey,
    itemKey: item.key,
    useful,
    at: action.now ?? Date.now(),
    ...(cleanReason(reason) ? { reason: cleanReason(reason) } : {}),
    ...kind,
  };
  await database.feedback.put(next);
  const base = (await eventContext()).eventBase(recordKey, action.context, item, action.catalog);
  const events: UsageEvent[] = [];
  if (before) events.push({ ...base, action: 'rated', useful: before.useful, reason: before.reason, undone: true });
  events.push({ ...base, action: 'rated', useful, reason: next.reason });
  await record(database, events);
  return next;
}

/** Takes the vote back (Undo, or pressing the same vote again). */
export async function undoVote(action: ActionContext, item: StoredItem): Promise<void> {
  const key = feedbackKey(action.recordKey, item.key);
  const before = await action.database.feedback.get(key);
  if (!before) return;
  await action.database.feedback.delete(key);
  const base = (await eventContext()).eventBase(action.recordKey, action.context, item, action.catalog);
  await record(action.database, [{ ...base, action: 'rated', useful: before.useful, reason: before.reason, undone: true }]);
}

export async function recordShare(action: ActionContext, item: StoredItem, url: string, how: Share['how']): Promise<number> {
  const at = action.now ?? Date.now();
  await action.database.shares.add({ recordKey: action.recordKey, itemKey: item.key, url, at, how });
  const { eventBase } = await eventContext();
  await record(action.database, [{ ...eventBase(action.recordKey, action.context, item, action.catalog), action: 'shared', how }]);
  return at;
}

/** The suggestions shown: lib/events.ts keeps one impression per record, item and day. */
export async function recordImpressions(action: ActionContext, suggestions: readonly Suggestion[]): Promise<void> {
  if (!action.context || !action.catalog || !suggestions.length) return;
  const { impressionEvents } = await eventContext();
  await record(action.database, impressionEvents(action.recordKey, action.context, suggestions, action.catalog));
}

/** The items this rep shares most, most first (for the panel without a prospect). */
export async function mostShared(database: PitchsideDb, limit = 5): Promise<string[]> {
  const counts = new Map<string, number>();
  await database.shares.each((share) => void counts.set(share.itemKey, (counts.get(share.itemKey) ?? 0) + 1));
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key]) => key);
}

export async function allVotes(database: PitchsideDb): Promise<Feedback[]> {
  return database.feedback.toArray();
}

// ---------------------------------------------------------------------------------------------
// Feedback that counts: the rep's votes turned into the matcher's adjustments.

export type Adjustments = Map<string, { factor: number; reason?: string }>;

/**
 * How far one vote from a similar prospect moves an item: a vote from a prospect alike in every
 * known facet (industry, persona, stage) multiplies the score by 1 + STEP ("useful") or
 * 1 − STEP ("not useful"); alike in one of three, by a third of that. Votes compound, within
 * [MIN_FACTOR, MAX_FACTOR], so no amount of history buries an item or pins one on top.
 */
export const STEP = 0.35;
export const MIN_FACTOR = 0.3;
export const MAX_FACTOR = 2;

const FACETS = ['industry', 'persona', 'stage'] as const;
type Facet = (typeof FACETS)[number];
const LISTS: Record<Facet, 'industries' | 'personas' | 'stages'> = { industry: 'industries', persona: 'personas', stage: 'stages' };

/** A concept's label in the catalog's vocabulary ("Healthcare" for `healthcare`). */
export function conceptLabel(catalog: CatalogView | null, facet: Facet, id: string): string {
  return catalog?.vocabulary[LISTS[facet]]?.find((concept) => concept.id === id)?.label ?? id;
}

/**
 * The adjustments for ranking on `recordKey`, whose prospect is of `kind`:
 * - this record's "not useful" removes the item (factor 0); its "useful" raises it;
 * - votes on other records count where the prospect shares a facet with this one, as much as
 *   it shares; votes from unlike prospects do not count at all.
 * Each adjusted item says why: "You marked this useful for Healthcare".
 */
export function feedbackAdjustments(
  votes: readonly Feedback[],
  recordKey: string,
  kind: ProspectKind,
  label: (facet: Facet, id: string) => string = (_, id) => id,
): Adjustments {
  const out: Adjustments = new Map();
  const known = FACETS.filter((facet) => kind[facet]);
  const byItem = new Map<string, Feedback[]>();
  for (const v of votes) byItem.set(v.itemKey, [...(byItem.get(v.itemKey) ?? []), v]);
  for (const [itemKey, list] of byItem) {
    const own = list.find((v) => v.recordKey === recordKey);
    if (own && !own.useful) {
      out.set(itemKey, { factor: 0 });
      continue;
    }
    let factor = 1;
    // The reason names the most recent, most alike vote that moved the item.
    let why: { useful: boolean; shared: Facet[]; at: number } | null = null;
    if (own) {
      factor *= 1 + STEP;
      why = { useful: true, shared: [], at: Infinity };
    }
    for (const v of list) {
      if (v === own || !known.length) continue;
      const shared = known.filter((facet) => v[facet] === kind[facet]);
      if (!shared.length) continue;
      const weight = shared.length / known.length;
      factor *= v.useful ? 1 + STEP * weight : 1 - STEP * weight;
      if (!why || shared.length > why.shared.length || (shared.length === why.shared.length && v.at > why.at)) {
        why = { useful: v.useful, shared, at: v.at };
      }
    }
    if (!why || Math.abs(factor - 1) < 1e-9) continue;
    factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
    // The direction the votes add up to decides the words.
    const useful = factor > 1;
    const words = why.shared.length
      ? t(useful ? 'feedback.usefulFor' : 'feedback.notUsefulFor', { who: why.shared.map((facet) => label(facet, kind[facet]!)).join(', ') })
      : t('feedback.usefulHere');
    out.set(itemKey, { factor, reason: words });
  }
  return out;
}

/** The adjustments for the panel's ranking: every vote of this rep, this record's prospect. */
export async function adjustmentsFor(
  votes: readonly Feedback[],
  recordKey: string,
  context: ProspectContext | null,
  catalog: CatalogView | null,
): Promise<Adjustments> {
  if (votes.length === 0) return new Map();
  const kind = context && catalog ? (await eventContext()).prospectKind(context, catalog) : {};
  return feedbackAdjustments(votes, recordKey, kind, (facet, id) => conceptLabel(catalog, facet, id));
}
