import { readCatalogChunks } from './parse';
import { ItemCollector } from './collect';
import type { StreamOutcome } from './stream';
import { manifestEntries, readManifest } from './store';
import { said, storeStreamed, type SyncEnv, type SyncOutcome } from './sync';
import { english, msg, type CatalogMessage } from './messages';
import type { CatalogSource } from '../db/database';

/** Id of the source a file becomes: importing the same file name again replaces its items. */
export const fileSourceId = (name: string) => `file:${name}`;

export interface CatalogFile {
  name: string;
  size: number;
  type?: string;
  text(): Promise<string>;
  /** A Blob's stream: read in pieces, so a file of any size is never held whole. */
  stream?(): ReadableStream<Uint8Array>;
}

async function* decoded(stream: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
    yield decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

/**
 * Imports a catalog file (JSON, CSV or a saved feed) as a source of its own, read as a stream
 * and stored as a difference from an earlier import of the same name. A file that fails leaves
 * that earlier import as it was.
 */
export async function importCatalogFile(env: SyncEnv, file: CatalogFile): Promise<SyncOutcome> {
  const id = fileSourceId(file.name);
  const existing = await env.database.sources.get(id);
  const source: CatalogSource = existing ?? { id, kind: 'file', name: file.name, vocabulary: {}, itemCount: 0 };
  const fail = (error: CatalogMessage): SyncOutcome => ({
    sourceId: id,
    ok: false,
    itemCount: existing?.itemCount ?? 0,
    error: english(error),
    errorI18n: error,
    ...said(
      msg('catalog.importFailed', { name: file.name, error, kept: existing?.itemCount ? msg('catalog.keptImported', undefined, existing.itemCount) : '' }),
    ),
  });
  if (file.size === 0) return fail(msg('catalog.fileEmpty'));
  const manifest = existing ? await readManifest(env.database, existing) : undefined;
  const collector = new ItemCollector({ reuse: manifest ? new Map(manifestEntries(manifest).map((entry) => [entry.hash, entry])) : undefined });
  env.onProgress?.({ sourceId: id, phase: 'checking', done: 0, total: 0 });
  let out: StreamOutcome;
  try {
    const chunks = file.stream ? decoded(file.stream()) : [await file.text()];
    out = await readCatalogChunks(chunks, {
      collector,
      name: file.name,
      contentType: file.type,
      size: file.size,
      onProgress: (done, total) => env.onProgress?.({ sourceId: id, phase: 'checking', done, total }),
      yieldEvery: env.yieldEvery,
    });
  } catch (error) {
    return fail(msg('catalog.fileUnreadable', { error: (error as Error).message }));
  }
  if (!out.ok) return fail(out.errorI18n);
  if (out.parts) return fail(msg('catalog.fileIsIndex'));
  return storeStreamed(env, source, out, { format: out.format });
}
