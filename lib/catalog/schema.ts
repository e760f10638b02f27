import { z } from 'zod';
import { english, failure, msg, type CatalogMessage, type Failure } from './messages';
import { allOf, EXPECT_DATE, EXPECT_HTTPS_URL, issueMessage, issuesMessage } from './issues';
import { itemTagFields, LOCAL_HOSTS, vocabularyLists, type Catalog, type CatalogItem } from './types';

/**
 * The catalog format of /work/shared/spec/catalog-format.md (version 1) as zod schemas.
 *
 * - The top level is checked as a whole: a catalog that fails it (not an object, wrong
 *   `version`, `items` not an array) is rejected with one message and the cache stays as it was.
 * - Items are checked one by one: an item whose required field is invalid (id, title, url) or
 *   whose id repeats an earlier one is skipped and reported; the valid items are kept.
 * - An invalid *optional* field (a date in another format, a description over 5,000
 *   characters, a tag list that is not a list) costs only that field: it is dropped (or the
 *   description shortened) and reported as a warning, the item is kept.
 *
 * Decisions the spec leaves open, documented here and in the tests:
 * - Dates: `YYYY-MM-DD`, or an ISO 8601 date-time (normalised to its date). Any other format
 *   ("09/01/2026", "1 Sep 2026") is *not* guessed (09/01 is September in the US and January
 *   in Europe): the field is dropped with a warning naming the expected format.
 * - HTML in titles and descriptions is kept literally and always shown as text (never
 *   innerHTML); a title with markup gets a warning so marketing can clean its export.
 * - `http:` URLs are accepted only for localhost, 127.0.0.1 and [::1]; `javascript:`,
 *   `data:` and every other scheme are errors.
 */

export { LOCAL_HOSTS };

export function isAllowedItemUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname);
}

export const URL_RULE = 'url must be an absolute https: URL (http: only for localhost)';

const idValue = z
  .union([z.string(), z.number()], { error: 'id is missing' })
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, 'id is empty').max(500, 'id is longer than 500 characters'));

const tagList = z
  .array(
    z.union([z.string(), z.number()]).transform((value) => String(value).trim()),
    { error: 'must be a list' },
  )
  .transform((values) => [...new Set(values.filter((value) => value !== ''))]);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** True for a real calendar date written YYYY-MM-DD (optionally with an ISO time). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** ISO date, or an ISO date-time, normalised to YYYY-MM-DD. */
export const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .trim()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD' })
  .transform((value) => value.slice(0, 10));

export const conceptSchema = z.object({
  id: idValue,
  label: z.string({ error: 'label is missing' }).trim().min(1, 'label is empty'),
  aliases: z
    .array(z.string().trim())
    .optional()
    .transform((values) => [...new Set((values ?? []).filter(Boolean))]),
});

export const vocabularySchema = z
  .object(
    Object.fromEntries(vocabularyLists.map((list) => [list, z.array(conceptSchema).optional()])) as Record<
      (typeof vocabularyLists)[number],
      z.ZodOptional<z.ZodArray<typeof conceptSchema>>
    >,
  )
  .partial();

export const MAX_DESCRIPTION = 5000;
export const MAX_TITLE = 1000;

/** One item, exactly as the spec's table says. Unknown fields are ignored. */
export const itemSchema = z.object({
  id: idValue,
  title: z
    .string({ error: 'title is missing' })
    .trim()
    .min(1, 'title is empty')
    .max(MAX_TITLE, `title is longer than ${MAX_TITLE.toLocaleString('en')} characters`),
  url: z.string({ error: 'url is missing' }).trim().refine(isAllowedItemUrl, { message: URL_RULE }),
  type: z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .optional(),
  gated: z.boolean({ error: 'gated must be true or false' }).optional().default(false),
  internalOnly: z.boolean({ error: 'internalOnly must be true or false' }).optional().default(false),
  description: z
    .string({ error: 'must be text' })
    .max(MAX_DESCRIPTION, `is longer than ${MAX_DESCRIPTION.toLocaleString('en')} characters`)
    .optional(),
  keywords: tagList.optional().default([]),
  ...(Object.fromEntries(itemTagFields.map((field) => [field, tagList.optional().default([])])) as Record<
    (typeof itemTagFields)[number],
    z.ZodDefault<z.ZodOptional<typeof tagList>>
  >),
  updatedAt: isoDate.optional(),
  expiresAt: isoDate.nullish(),
});

/** Fields whose failure skips the item. A flag misread as false could share an internal-only item. */
const requiredFields = new Set(['id', 'title', 'url', 'gated', 'internalOnly']);

export const catalogEnvelopeSchema = z.object({
  version: z.literal(1, { error: 'version must be 1' }),
  publisher: z.string({ error: 'publisher must be text' }).optional(),
  generatedAt: z.string({ error: 'generatedAt must be text' }).optional(),
  vocabulary: vocabularySchema.optional(),
  items: z.array(z.unknown(), { error: 'items must be an array' }),
});

export interface ItemProblem {
  /** Where: `items[3] (id "x")` in JSON (0-based index), `row 5` in CSV (the header is row 1). */
  where: string;
  /** The same place as a descriptor when it has words (`row 5`, `part 2, items[3]`); a JSON path has none. */
  whereI18n?: CatalogMessage;
  /** In English: what the CLI prints, and what a record from before `reasonI18n` holds alone. */
  reason: string;
  /** The same reason as a message descriptor, which the options page shows in the rep's language. */
  reasonI18n?: CatalogMessage;
  /** A warning: only a field was dropped or shortened, the item is kept. Absent: the item was skipped. */
  warning?: boolean;
}

/** Where an item stands: a JSON path as it is (`items[3] (id "x")`), or a message (`row 5`). */
export type Place = string | CatalogMessage;

/**
 * A problem with its place and reason both as descriptors and in English. A reason given as text
 * (a warning kept in English by an older manifest) stays text.
 */
export function itemProblem(where: Place, reason: CatalogMessage | string, warning?: boolean): ItemProblem {
  const problem: ItemProblem = typeof where === 'string' ? { where, reason: '' } : { where: english(where), whereI18n: where, reason: '' };
  if (typeof reason === 'string') problem.reason = reason;
  else Object.assign(problem, { reason: english(reason), reasonI18n: reason });
  if (warning) problem.warning = true;
  return problem;
}

export const rowPlace = (row: number) => msg('catalog.whereRow', { row });

export type ParseResult = { ok: true; catalog: Catalog; problems: ItemProblem[]; total: number } | Failure;

const HTML_TAG = /<\/?[a-z][^>]*>/i;
const HTML_WARNING = msg('catalog.titleHtml');

/** What a field must be where zod's issue cannot say it: a refinement, or a date read as a string. */
const expectedOf: Partial<Record<string, CatalogMessage>> = { url: EXPECT_HTTPS_URL, updatedAt: EXPECT_DATE, expiresAt: EXPECT_DATE };

/** What is wrong with one field: its first issue (a field with several says the first, as before). */
function fieldProblem(field: string, value: unknown, error: z.ZodError): CatalogMessage {
  return issueMessage(error.issues[0]!, { field, value, expected: expectedOf[field] });
}

export type ItemCheck = { item: CatalogItem; warnings: CatalogMessage[] } | { error: CatalogMessage };

/** Checks one raw item field by field: required fields fail the item, optional ones only themselves. */
export function checkItem(raw: unknown): ItemCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: msg('catalog.itemNotObject') };
  // Fast path: most items pass the whole schema at once (a third of the time of field by field).
  const whole = itemSchema.safeParse(raw);
  if (whole.success) {
    const item = whole.data as CatalogItem;
    if (item.type === '') delete item.type;
    if (item.description === '') delete item.description;
    return { item, warnings: HTML_TAG.test(item.title) ? [HTML_WARNING] : [] };
  }
  const input = raw as Record<string, unknown>;
  const errors: CatalogMessage[] = [];
  const warnings: CatalogMessage[] = [];
  const out: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(itemSchema.shape) as Array<[string, z.ZodType]>) {
    let value = input[field];
    if (field === 'description' && typeof value === 'string' && value.length > MAX_DESCRIPTION) {
      warnings.push(msg('catalog.problemShortened', { reason: msg('catalog.fieldTooLong', { field, limit: { grouped: MAX_DESCRIPTION } }) }));
      value = value.slice(0, MAX_DESCRIPTION);
    }
    if (value === '' && !requiredFields.has(field)) value = undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) out[field] = parsed.data;
      continue;
    }
    const reason = fieldProblem(field, value, parsed.error);
    if (requiredFields.has(field)) errors.push(reason);
    else {
      warnings.push(msg('catalog.problemIgnored', { reason, value: JSON.stringify(value)?.slice(0, 60) ?? '' }));
      const fallback = schema.safeParse(undefined);
      if (fallback.success && fallback.data !== undefined) out[field] = fallback.data;
    }
  }
  if (errors.length) return { error: allOf(errors) };
  const item = out as unknown as CatalogItem;
  if (HTML_TAG.test(item.title)) warnings.push(HTML_WARNING);
  return { item, warnings };
}

/** Where an item stands, for a problem's message: its index and (shortened) id. */
export function place(index: number, raw: unknown): string {
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') return `items[${index}]`;
  // Shortened: a hostile or broken id (thousands of characters) must not swamp the message.
  const shown = String(id).length > 80 ? `${String(id).slice(0, 80)}…` : String(id);
  return `items[${index}] (id ${JSON.stringify(shown)})`;
}

export interface ValidateOptions {
  /** Names an item's place in the input; JSON default: `items[3] (id "x")`. */
  where?: (index: number, raw: unknown) => Place;
  /** Called every `chunk` items with how many were checked. */
  onProgress?: (done: number, total: number) => void;
  /** Awaited between chunks so a page stays responsive (e.g. `() => new Promise(r => setTimeout(r))`). */
  yieldEvery?: () => Promise<void>;
  chunk?: number;
}

/** The envelope's problem as one message: a wrong version says which it is, other problems are listed. */
export function envelopeProblem(error: z.ZodError, envelope: unknown, shown: (value: unknown) => string): CatalogMessage {
  const version = envelope && typeof envelope === 'object' ? (envelope as { version?: unknown }).version : undefined;
  const isVersion = (issue: z.core.$ZodIssue) => issue.path.length === 1 && issue.path[0] === 'version';
  // The usual case, a wrong or missing version alone.
  if (error.issues.length === 1 && isVersion(error.issues[0]!))
    return version === undefined ? msg('catalog.versionMissing') : msg('catalog.versionNot1', { value: shown(version) });
  if (error.issues.length === 1 && error.issues[0]!.path.join('.') === 'items') return msg('catalog.itemsNotArray');
  const detail = issuesMessage(error, envelope, 3, (issue, message) =>
    isVersion(issue) ? msg('catalog.problemWas', { reason: message, value: version === undefined ? msg('catalog.valueMissing') : shown(version) }) : message,
  );
  return msg('catalog.notValid', { detail });
}

function checkEnvelope(value: unknown): { envelope: z.infer<typeof catalogEnvelopeSchema> } | { error: CatalogMessage } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: msg('catalog.notObject') };
  if (!('items' in value)) return { error: msg('catalog.itemsMissing') };
  const envelope = catalogEnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    return { error: envelopeProblem(envelope.error, value, (v) => JSON.stringify(v)?.slice(0, 40) ?? 'missing') };
  }
  return { envelope: envelope.data };
}

/** "None of the 1,000 items is valid (row 2: title is missing)." */
export function noneValid(total: number, problems: ItemProblem[]): CatalogMessage {
  const first = problems.find((p) => !p.warning);
  const reason = first && (first.reasonI18n ?? first.reason);
  const where = first && (first.whereI18n ?? first.where);
  return msg('catalog.noneValid', { total: { grouped: total }, first: first ? msg('catalog.firstProblem', { where: where!, reason: reason! }) : '' });
}

function finish(envelope: z.infer<typeof catalogEnvelopeSchema>, items: CatalogItem[], problems: ItemProblem[]): ParseResult {
  const total = envelope.items.length;
  if (total > 0 && items.length === 0) return failure(noneValid(total, problems));
  const { vocabulary, publisher, generatedAt } = envelope;
  return {
    ok: true,
    catalog: { version: 1, publisher, generatedAt, vocabulary: (vocabulary ?? {}) as Catalog['vocabulary'], items },
    problems,
    total,
  };
}

export const duplicateId = (id: string) => msg('catalog.duplicateId', { id });

function createChecker(where: NonNullable<ValidateOptions['where']>) {
  const seen = new Set<string>();
  const items: CatalogItem[] = [];
  const problems: ItemProblem[] = [];
  return {
    items,
    problems,
    check(raw: unknown, index: number) {
      const result = checkItem(raw);
      if ('error' in result) {
        problems.push(itemProblem(where(index, raw), result.error));
        return;
      }
      if (seen.has(result.item.id)) {
        problems.push(itemProblem(where(index, raw), duplicateId(result.item.id)));
        return;
      }
      seen.add(result.item.id);
      items.push(result.item);
      for (const reason of result.warnings) problems.push(itemProblem(where(index, raw), reason, true));
    },
  };
}

/**
 * Validates an already-parsed JSON value as a catalog. A catalog whose items are all invalid
 * is rejected as a whole (storing nothing in place of a working catalog); an empty `items`
 * array is a valid, empty catalog.
 */
export function validateCatalog(value: unknown, options: Pick<ValidateOptions, 'where'> = {}): ParseResult {
  const checked = checkEnvelope(value);
  if ('error' in checked) return failure(checked.error);
  const { envelope } = checked;
  const checker = createChecker(options.where ?? place);
  envelope.items.forEach((raw, index) => checker.check(raw, index));
  return finish(envelope, checker.items, checker.problems);
}

/** As validateCatalog, in chunks with progress, yielding between chunks. */
export async function validateCatalogAsync(value: unknown, options: ValidateOptions = {}): Promise<ParseResult> {
  const checked = checkEnvelope(value);
  if ('error' in checked) return failure(checked.error);
  const { envelope } = checked;
  const checker = createChecker(options.where ?? place);
  const chunk = options.chunk ?? 2000;
  const total = envelope.items.length;
  for (let start = 0; start < total; start += chunk) {
    const end = Math.min(total, start + chunk);
    for (let index = start; index < end; index++) checker.check(envelope.items[index], index);
    options.onProgress?.(end, total);
    if (end < total) await options.yieldEvery?.();
  }
  return finish(envelope, checker.items, checker.problems);
}

/** Parses JSON text, with one clear message for what is not JSON. */
export function parseJsonText(text: string): { ok: true; value: unknown } | Failure {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return failure(msg('catalog.empty'));
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    const start = body.trimStart().slice(0, 15).toLowerCase();
    if (start.startsWith('<!doctype') || start.startsWith('<html')) {
      return failure(msg('catalog.htmlNotJson'));
    }
    return failure(msg('catalog.notJson', { error: (error as Error).message }));
  }
}

/** Parses catalog JSON text. */
export function parseCatalogJson(text: string): ParseResult {
  const json = parseJsonText(text);
  return json.ok ? validateCatalog(json.value) : json;
}
