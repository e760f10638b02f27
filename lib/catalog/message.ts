/**
 * The message descriptor of the catalog library (./messages.ts): its shape, how one is made,
 * checked and rendered. Apart from the English table, so the pages that only render messages
 * (the panel shares lib/i18n.ts) do not carry that table.
 */
import type { CatalogMessageKey } from './messages';

/** A number written with the language's digit grouping ("250,000", "250.000"). */
export interface Grouped {
  grouped: number;
}

/** A substitution: text as it is, a number as digits, or another message (a list joins with ", "). */
export type MessageParam = string | number | Grouped | CatalogMessage | readonly CatalogMessage[];

export interface CatalogMessage {
  key: CatalogMessageKey;
  params?: Readonly<Record<string, MessageParam>>;
  /** For plural messages: picks the form and fills `$1`. */
  count?: number;
}

export function msg(key: CatalogMessageKey, params?: Record<string, MessageParam>, count?: number): CatalogMessage {
  return { key, ...(params ? { params } : {}), ...(count === undefined ? {} : { count }) };
}

/** Text that is not ours (an exception's message) carried as a message. */
export const detail = (text: string): CatalogMessage => msg('catalog.detail', { text });

/** Looks one message up in a language: its text with `params` filled in, '' when the key is unknown. */
export type MessageLookup = (key: CatalogMessageKey, params: Record<string, string>, count?: number) => string;

export interface RenderOptions {
  formatNumber?: (n: number) => string;
}

/** A message as text, its substitutions rendered first (a message inside a message). */
export function renderMessage(message: CatalogMessage, lookup: MessageLookup, options: RenderOptions = {}): string {
  const formatNumber = options.formatNumber ?? ((n: number) => n.toLocaleString('en'));
  const param = (value: MessageParam): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return value.map((part: CatalogMessage) => renderMessage(part, lookup, options)).join(', ');
    if ('grouped' in value) return formatNumber(value.grouped);
    return renderMessage(value as CatalogMessage, lookup, options);
  };
  const params = Object.fromEntries(Object.entries(message.params ?? {}).map(([name, value]) => [name, param(value)]));
  return lookup(message.key, params, message.count);
}

const NAMED = /\{([A-Za-z0-9_]+)\}/g;

/** Fills `{name}` once, as @wxt-dev/i18n does: a substituted value is never read again. */
export function fillNamed(template: string, params: Record<string, string>): string {
  return template.replace(NAMED, (match, name: string) => (Object.hasOwn(params, name) ? params[name]! : match));
}

/**
 * True for a well-formed descriptor: used on what comes from storage or another context, where
 * an older or newer version of Pitchside may have written something else.
 */
export function isCatalogMessage(value: unknown, depth = 0): value is CatalogMessage {
  // Deep enough for a failed import whose only items each broke several fields (importFailed >
  // noneValid > firstProblem > one problemAnd per field > fieldMustBe > expectEither > its
  // alternatives), shallow enough that a hostile record cannot exhaust the stack.
  if (depth > 16 || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { key, params, count } = value as Record<string, unknown>;
  // The shape only, not the key against the table: pages that render messages do not carry the
  // English table (a key this version lacks renders as '' and its caller shows the fallback).
  if (typeof key !== 'string' || !/^catalog\.[A-Za-z0-9]+$/.test(key)) return false;
  if (count !== undefined && (typeof count !== 'number' || !Number.isFinite(count))) return false;
  if (params === undefined) return true;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false;
  return Object.values(params).every(
    (param) =>
      typeof param === 'string' ||
      (typeof param === 'number' && Number.isFinite(param)) ||
      (Array.isArray(param) ? param.every((part) => isCatalogMessage(part, depth + 1)) : isGrouped(param) || isCatalogMessage(param, depth + 1)),
  );
}

const isGrouped = (value: unknown): value is Grouped =>
  value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as Grouped).grouped === 'number';
