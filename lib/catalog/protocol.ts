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
