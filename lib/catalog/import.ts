import { MAX_CATALOG_BYTES, parseCatalogText, tooLargeMessage } from './parse';
import { plural, storeParsed, type SyncEnv, type SyncOutcome } from './sync';
import type { CatalogSource } from '../db/database';

/** Id of the source a file becomes: importing the same file name again replaces its items. */
export const fileSourceId = (name: string) => `file:${name}`;

/**
 * Imports a catalog file (JSON, CSV or a saved feed) as a source of its own. The size is
 * checked before the file is read; a file that fails leaves an earlier import of the same name
 * as it was.
 */
export async function importCatalogFile(
  env: SyncEnv,
  file: { name: string; size: number; type?: string; text(): Promise<string> },
): Promise<SyncOutcome> {
  const id = fileSourceId(file.name);
  const existing = await env.database.sources.get(id);
  const source: CatalogSource = existing ?? { id, kind: 'file', name: file.name, vocabulary: {}, itemCount: 0 };
  const fail = (error: string): SyncOutcome => ({
    sourceId: id,
    ok: false,
    itemCount: existing?.itemCount ?? 0,
    error,
    message: `${file.name}: not imported. ${error}${existing?.itemCount ? ` The ${plural(existing.itemCount, 'item')} imported before are kept.` : ''}`,
  });
  if (file.size > MAX_CATALOG_BYTES) return fail(tooLargeMessage(file.size));
  if (file.size === 0) return fail('The file is empty.');
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return fail(`The file could not be read (${(error as Error).message}).`);
  }
  env.onProgress?.({ sourceId: id, phase: 'checking', done: 0, total: 0 });
  const result = await parseCatalogText(text, {
    name: file.name,
    contentType: file.type,
    onProgress: (done, total) => env.onProgress?.({ sourceId: id, phase: 'checking', done, total }),
    yieldEvery: env.yieldEvery,
  });
  if (!result.ok) return fail(result.error);
  return storeParsed(env, source, result, { format: result.format });
}
