import type { z } from 'zod';
import { detail, msg, type CatalogMessage } from './messages';

/**
 * What is wrong with one field of a catalog item, from zod's issue: a message descriptor
 * ("{field} must be {expected}") rather than zod's own English ("Invalid input"), so the
 * options page can say it in the rep's language. The field names stay as the catalog format
 * spells them (`url`, `updatedAt`): they are what marketing finds in its export.
 *
 * zod 4 names the codes of zod 3 differently: `invalid_string` is `invalid_format`,
 * `invalid_enum_value` and `invalid_literal` are `invalid_value`, an invalid date is
 * `invalid_type` with `expected: "date"`.
 */

/** What a value must be, by the type zod expected. */
const expectedType: Partial<Record<string, CatalogMessage>> = {
  string: msg('catalog.expectText'),
  number: msg('catalog.expectNumber'),
  int: msg('catalog.expectNumber'),
  bigint: msg('catalog.expectNumber'),
  boolean: msg('catalog.expectTrueFalse'),
  array: msg('catalog.expectList'),
  object: msg('catalog.expectObject'),
  date: msg('catalog.expectDate'),
};

/** What a string must look like, by zod's format name. */
const expectedFormat: Partial<Record<string, CatalogMessage>> = {
  url: msg('catalog.expectUrl'),
  email: msg('catalog.expectEmail'),
  date: msg('catalog.expectDate'),
  datetime: msg('catalog.expectDate'),
};

export const EXPECT_DATE = msg('catalog.expectDate');
export const EXPECT_HTTPS_URL = msg('catalog.expectHttpsUrl');

/** "text or a number": the alternatives of a union, when each branch said what it expected. */
function either(alternatives: CatalogMessage[]): CatalogMessage | undefined {
  const unique = alternatives.filter((one, i) => alternatives.findIndex((other) => other.key === one.key) === i);
  if (unique.length === 0) return undefined;
  return unique.reduceRight((rest, one) => msg('catalog.expectEither', { first: one, second: rest }));
}

function unionExpected(issue: z.core.$ZodIssueInvalidUnion): CatalogMessage | undefined {
  const branches = issue.errors.map((branch) => (branch.length === 1 && branch[0]!.code === 'invalid_type' ? expectedType[branch[0]!.expected] : undefined));
  return branches.every((one) => one !== undefined) ? either(branches as CatalogMessage[]) : undefined;
}

/** `keywords[0]`, `vocabulary.industries`: the field, then the issue's path inside it. */
function fieldName(field: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : `${name}.${String(part)}`), field);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const part of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[part] : undefined;
  return at;
}

const grouped = (limit: number | bigint) => ({ grouped: Number(limit) });

export interface IssueContext {
  /** The item field checked (`title`); the issue's own path is added to it. */
  field: string;
  /** The field's value as the catalog gave it. */
  value: unknown;
  /** What the field must be when zod cannot say it (a refinement, a date kept as a string). */
  expected?: CatalogMessage;
}

/** One zod issue as a message. */
export function issueMessage(issue: z.core.$ZodIssue, { field: name, value, expected: hint }: IssueContext): CatalogMessage {
  const field = fieldName(name, issue.path);
  const at = valueAt(value, issue.path);
  // The hint speaks for the field itself, not for what is inside it (an entry of a list).
  const expected = issue.path.length === 0 ? hint : undefined;
  const mustBe = (what: CatalogMessage | undefined) => (what ? msg('catalog.fieldMustBe', { field, expected: what }) : msg('catalog.fieldInvalid', { field }));
  switch (issue.code) {
    case 'invalid_type':
      if (at === undefined || at === null) return msg('catalog.fieldMissing', { field });
      return mustBe(expected ?? expectedType[issue.expected]);
    case 'invalid_union':
      if (at === undefined || at === null) return msg('catalog.fieldMissing', { field });
      return mustBe(expected ?? unionExpected(issue));
    case 'too_small': {
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 && inclusive
          ? msg('catalog.fieldEmpty', { field })
          : msg('catalog.fieldTooShort', { field, limit: grouped(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('catalog.fieldTooFew', { field, limit: grouped(issue.minimum) });
      return msg(inclusive ? 'catalog.fieldAtLeast' : 'catalog.fieldMoreThan', { field, limit: grouped(issue.minimum) });
    }
    case 'too_big': {
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string') return msg('catalog.fieldTooLong', { field, limit: grouped(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('catalog.fieldTooMany', { field, limit: grouped(issue.maximum) });
      return msg(inclusive ? 'catalog.fieldAtMost' : 'catalog.fieldLessThan', { field, limit: grouped(issue.maximum) });
    }
    case 'invalid_format':
      return mustBe(expected ?? expectedFormat[issue.format]);
    case 'invalid_value':
      // A literal or an enum: the values themselves, as the catalog would write them.
      return mustBe(
        issue.values.length === 1
          ? detail(JSON.stringify(issue.values[0]) ?? String(issue.values[0]))
          : msg('catalog.expectOneOf', { values: issue.values.map((one) => JSON.stringify(one) ?? String(one)).join(', ') }),
      );
    case 'custom':
      return mustBe(expected);
    default:
      // not_multiple_of, unrecognized_keys, invalid_key, invalid_element: the schema has none of them.
      return msg('catalog.fieldInvalid', { field });
  }
}

/**
 * The issues of an object (a catalog's envelope) as one message, each named from the object's
 * top: the first `limit` of them and how many more, so a broken file cannot swamp it.
 * `annotate` may add to one issue's message (a wrong version says what it is).
 */
export function issuesMessage(
  error: z.ZodError,
  value: unknown,
  limit = Infinity,
  annotate: (issue: z.core.$ZodIssue, message: CatalogMessage) => CatalogMessage = (_, message) => message,
): CatalogMessage {
  const top = (value ?? {}) as Record<PropertyKey, unknown>;
  const messages = error.issues.slice(0, limit).map((issue) => {
    const [first, ...rest] = issue.path;
    const message =
      first === undefined
        ? msg('catalog.fieldInvalid', { field: 'catalog' })
        : issueMessage({ ...issue, path: rest }, { field: String(first), value: top[first] });
    return annotate(issue, message);
  });
  const more = error.issues.length - messages.length;
  return allOf(more > 0 ? [...messages, msg('catalog.moreProblems', undefined, more)] : messages);
}

/** "title is missing; url must be …": several problems of one item as one reason. */
export function allOf(reasons: readonly CatalogMessage[]): CatalogMessage {
  return reasons.reduceRight((rest, one) => msg('catalog.problemAnd', { first: one, rest }));
}
