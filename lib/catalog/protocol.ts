import { z } from 'zod';

/** What the background answers to `{ type: 'catalog:sync' }` (lib/messages.ts). */
export const catalogSyncAnswerSchema = z.object({
  outcomes: z.array(
    z.object({
      sourceId: z.string(),
      ok: z.boolean(),
      itemCount: z.number(),
      message: z.string(),
      error: z.string().optional(),
    }),
  ),
});
export type CatalogSyncAnswer = z.infer<typeof catalogSyncAnswerSchema>;

/** storage.session key where the background reports a running sync's progress (null when done). */
export const PROGRESS_KEY = 'catalog:progress';

export const syncProgressSchema = z
  .object({
    sourceId: z.string(),
    phase: z.enum(['downloading', 'checking', 'storing']),
    done: z.number(),
    total: z.number(),
  })
  .nullable();
