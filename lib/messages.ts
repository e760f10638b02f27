import { z } from 'zod/mini';
import { prospectContextSchema } from './context/schema';

/**
 * Every message between content scripts, background and panel, in one place. Each side
 * parses what arrives with these schemas: content scripts run next to hostile pages, so their
 * messages are untrusted input.
 */

const url = z.string().check(z.maxLength(4096));
const short = (max: number) => z.string().check(z.maxLength(max));

export const readResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('read'), context: prospectContextSchema }),
  z.object({ status: z.literal('unreadable'), source: short(64), url }),
  z.object({ status: z.literal('unsupported'), url }),
]);

/** Content script → background. */
export const contentMessageSchema = z.discriminatedUnion('type', [
  /** The page moved to another record; whatever the panel shows is stale until the next read. */
  z.object({ type: z.literal('context:reading'), url, recordKey: short(600) }),
  z.object({
    type: z.literal('context:result'),
    result: readResultSchema,
    recordKey: short(600),
    /** Whether the page has a message box open that Insert can write into. */
    messageBox: z.optional(z.boolean()),
  }),
]);

/** Background → content script. */
export const pageMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page:read-now') }),
  z.object({ type: z.literal('page:insert'), text: short(10_000) }),
]);

/** Panel or options page → background. */
export const panelMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('panel:refresh'), tabId: z.int() }),
  z.object({ type: z.literal('panel:insert'), tabId: z.int(), text: short(10_000) }),
  z.object({ type: z.literal('catalog:sync'), sourceId: z.optional(z.string()) }),
  /** The options page imported or removed a source: the background refreshes the matching snapshot. */
  z.object({ type: z.literal('catalog:changed') }),
  /**
   * The options page lost the background mid-sync (the worker stopped): the answer is what the
   * next worker did at its start with the work left unfinished since `since` (CatalogSyncAnswer).
   */
  z.object({ type: z.literal('catalog:resume'), since: z.number() }),
  /**
   * An options page imports a file (sent at the start and every few seconds while it runs, which
   * keeps the worker awake): should the page close before the end, the background redoes the
   * import from its staged copy. `by` is the page's instance id, its Web Lock's name.
   */
  z.object({ type: z.literal('catalog:importing'), by: short(100) }),
  /**
   * An options page opened on an interrupted import: the answer (CatalogSyncAnswer) is what the
   * background did with the imports left unfinished, not yet told to any page.
   */
  z.object({ type: z.literal('catalog:recover') }),
  /**
   * The rep voted, undid a vote, edited a prospect or cleared their data (after the mark of
   * lib/ready.ts): the background makes every tab's ready suggestions again, so the next panel
   * opened shows them at once instead of ranking first.
   */
  z.object({ type: z.literal('records:changed') }),
]);

export type ReadResultMessage = z.infer<typeof readResultSchema>;
export type ContentMessage = z.infer<typeof contentMessageSchema>;
export type PageMessage = z.infer<typeof pageMessageSchema>;
export type PanelMessage = z.infer<typeof panelMessageSchema>;

/** Answer of the content script to `page:insert`, and of the background to `panel:insert`. */
export const insertAnswerSchema = z.object({ inserted: z.boolean(), reason: z.optional(z.string().check(z.maxLength(500))) });
export type InsertAnswer = z.infer<typeof insertAnswerSchema>;

/**
 * What the background answers to each panel message that expects a reply, parsed where the
 * reply arrives (`askBackground`): a reply that does not fit is treated as no reply.
 * `catalog:sync` answers with `catalogSyncAnswerSchema` (lib/catalog/protocol.ts), which the
 * options page parses.
 */
export const panelReplySchemas = {
  'panel:refresh': z.object({ ok: z.boolean() }),
  'panel:insert': insertAnswerSchema,
  'catalog:changed': z.object({ refreshed: z.boolean() }),
} as const;
type Replied = keyof typeof panelReplySchemas;
export type PanelReply<T extends Replied> = z.infer<(typeof panelReplySchemas)[T]>;

/**
 * Sends a panel message and parses the reply with its schema: null when the background did not
 * answer (stopped, reloading) or answered something else.
 */
export async function askBackground<T extends Replied>(
  message: Extract<PanelMessage, { type: T }>,
  send: (message: PanelMessage) => Promise<unknown>,
): Promise<PanelReply<T> | null> {
  let raw: unknown;
  try {
    raw = await send(message);
  } catch {
    return null;
  }
  const parsed = (panelReplySchemas[(message as { type: T }).type] as z.ZodMiniType).safeParse(raw);
  return parsed.success ? (parsed.data as PanelReply<T>) : null;
}

/**
 * What the panel shows for a tab, kept by the background in `storage.session` under
 * `tabStateKey(tabId)`: it survives the service worker being stopped, and the panel follows
 * it through `storage.onChanged`.
 */
export const tabStateSchema = z.object({
  status: z.enum(['reading', 'read', 'unreadable', 'unsupported']),
  url,
  recordKey: short(600),
  context: z.optional(prospectContextSchema),
  /** The page has a message box open: the panel offers Insert. */
  messageBox: z.optional(z.boolean()),
  /** Selected text the rep asked collateral for, through the context menu. */
  query: z.optional(short(1000)),
  at: z.number(),
});
export type TabState = z.infer<typeof tabStateSchema>;

export const tabStateKey = (tabId: number) => `tab:${tabId}`;
