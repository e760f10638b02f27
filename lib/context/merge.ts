import { compactContext, type ProspectContext } from './schema';
import type { ContextEdit } from '../db/database';

/**
 * The context read from the page with the rep's corrections on top. Pure, and apart from
 * lib/records.ts, so that the panel's first paint can show the prospect before the database
 * code has loaded.
 */
export function mergeEdits(context: ProspectContext | undefined, edit: ContextEdit | undefined, url: string): ProspectContext | null {
  if (!context && !edit) return null;
  const base: ProspectContext = context ?? { source: 'manual', url };
  return edit ? compactContext({ ...base, ...edit.fields, source: base.source, url: base.url }) : base;
}
