import { z } from 'zod';
import { itemTagFields, vocabularyLists, type Catalog, type CatalogItem } from './types';

/**
 * The catalog format of ../shared/spec/catalog-format.md as a zod schema. The top level is
 * checked as a whole (a catalog that fails it is rejected and the cache stays as it was);
 * items are checked one by one so one bad item does not cost the rest.
 */

export function isAllowedItemUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const tagList = z
  .array(z.union([z.string(), z.number()]).transform((value) => String(value).trim()))
  .optional()
  .transform((values) => [...new Set((values ?? []).filter((value) => value !== ''))]);

/** ISO date, or an ISO date-time, normalised to YYYY-MM-DD. */
const isoDate = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10))), {
    message: 'is not an ISO date (YYYY-MM-DD)',
  })
  .transform((value) => value.slice(0, 10));

export const conceptSchema = z.object({
  id: z.union([z.string(), z.number()]).transform((value) => String(value).trim()).pipe(z.string().min(1)),
  label: z.string().trim().min(1),
  aliases: z.array(z.string().trim()).optional().transform((values) => (values ?? []).filter(Boolean)),
});

export const vocabularySchema = z
  .object(Object.fromEntries(vocabularyLists.map((list) => [list, z.array(conceptSchema).optional()])) as Record<
    (typeof vocabularyLists)[number],
    z.ZodOptional<z.ZodArray<typeof conceptSchema>>
  >)
  .partial();

export const itemSchema = z.object({
  id: z.union([z.string(), z.number()]).transform((value) => String(value).trim()).pipe(z.string().min(1, 'id is empty')),
  title: z.string({ error: 'title is missing' }).trim().min(1, 'title is empty').max(1000, 'title is longer than 1,000 characters'),
  url: z
    .string({ error: 'url is missing' })
    .trim()
    .refine(isAllowedItemUrl, { message: 'url must be an absolute https: URL (http: only for localhost)' }),
  type: z.string().trim().optional(),
  gated: z.boolean().optional().default(false),
  internalOnly: z.boolean().optional().default(false),
  description: z.string().max(5000, 'description is longer than 5,000 characters').optional(),
  keywords: tagList,
  ...(Object.fromEntries(itemTagFields.map((field) => [field, tagList])) as Record<(typeof itemTagFields)[number], typeof tagList>),
  updatedAt: isoDate.optional(),
  expiresAt: isoDate.nullish(),
});

export const catalogEnvelopeSchema = z.object({
  version: z.literal(1, { error: 'version must be 1' }),
  publisher: z.string().optional(),
  generatedAt: z.string().optional(),
  vocabulary: vocabularySchema.optional(),
  items: z.array(z.unknown(), { error: 'items must be an array' }),
});

export interface ItemProblem {
  /** "item 3" (JSON, 0-based index) or "row 5" (CSV, 1-based line). */
  where: string;
  reason: string;
}

export type ParseResult =
  | { ok: true; catalog: Catalog; problems: ItemProblem[] }
  | { ok: false; error: string };

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length && !issue.message.startsWith(String(issue.path[0])) ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates an already-parsed JSON value as a catalog; invalid items are skipped and listed. */
export function validateCatalog(value: unknown, where: (index: number) => string = (i) => `item ${i}`): ParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'The catalog is not a JSON object with "version" and "items".' };
  }
  const envelope = catalogEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, error: `The catalog is not valid: ${describe(envelope.error)}.` };
  const problems: ItemProblem[] = [];
  const items: CatalogItem[] = [];
  const seen = new Set<string>();
  envelope.data.items.forEach((raw, index) => {
    const parsed = itemSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ where: where(index), reason: describe(parsed.error) });
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ where: where(index), reason: `duplicate id "${parsed.data.id}"` });
      return;
    }
    seen.add(parsed.data.id);
    items.push(parsed.data as CatalogItem);
  });
  const { vocabulary, publisher, generatedAt } = envelope.data;
  return {
    ok: true,
    catalog: { version: 1, publisher, generatedAt, vocabulary: (vocabulary ?? {}) as Catalog['vocabulary'], items },
    problems,
  };
}

/** Parses catalog JSON text. */
export function parseCatalogJson(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, error: 'The catalog is empty.' };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `The catalog is not valid JSON: ${(error as Error).message}.` };
  }
  return validateCatalog(value);
}
