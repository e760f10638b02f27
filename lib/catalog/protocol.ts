// zod/mini: this file reaches the options page and the panel's shared chunk, where full zod
// would cost about 15 KB gzipped.
import { z } from 'zod/mini';
import { isCatalogMessage, type CatalogMessage } from './message';

/** What the background answers to `{ type: 'catalog:sync' }` (lib/messages.ts). */
export const catalogSyncAnswerSchema = z.object({
  outcomes: z.array(
    z.object({
      sourceId: z.string(),
      ok: z.boolean(),
      itemCount: z.number(),
      /** In English; `messageI18n` is the same outcome for the page to render in its language. */
      message: z.string(),
      messageI18n: z.optional(z.custom<CatalogMessage>(isCatalogMessage)),
      error: z.optional(z.string()),
    }),
  ),
});
export type CatalogSyncAnswer = z.infer<typeof catalogSyncAnswerSchema>;

/** storage.session key where the background reports a running sync's progress (null when done). */
export const PROGRESS_KEY = 'catalog:progress';

export const syncProgressSchema = z.nullable(
  z.object({
    sourceId: z.string(),
    phase: z.enum(['downloading', 'checking', 'storing']),
    done: z.number(),
    total: z.number(),
  }),
);

/**
 * storage.local keys `catalog:running:<sourceId>`: a sync (in the service worker) or an import
 * (in an options page) under way, written before it starts and removed when it ends, however it
 * ends. One left behind means its worker or page died mid-work (lib/background/interrupted.ts).
 * One key per source, so the worker and a page never rewrite each other's marks.
 */
export const RUNNING_PREFIX = 'catalog:running:';

export const runningMarkSchema = z.object({
  sourceId: z.string(),
  kind: z.enum(['sync', 'import']),
  startedAt: z.number(),
  /** 1 for a sync or import the rep or a schedule started, 2 for its redo after an interruption. */
  attempts: z.number(),
  /** The worker or page instance doing it (a random id each start). */
  by: z.string(),
  /**
   * An import whose file has a staged copy (lib/catalog/staged.ts), so it can be redone; false
   * (or absent, in marks written before) when staging failed and it cannot.
   */
  staged: z.optional(z.boolean()),
});
export type RunningMark = z.infer<typeof runningMarkSchema>;
