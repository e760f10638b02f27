import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseVocabularyCsv } from './csv';
import { parseCatalogText } from './parse';
import type { ItemProblem, ParseResult } from './schema';
import type { Vocabulary } from './types';

/** Reading catalog and vocabulary files in Node, for `pitchside check` and `pitchside convert` (never bundled into the extension). */

export async function readText(cwd: string, path: string): Promise<string> {
  const full = resolve(cwd, path);
  const info = await stat(full).catch(() => {
    throw new Error(`${path}: no such file`);
  });
  // Node's strings stop at about 512 MB; a catalog of 250,000 items is well under that.
  if (info.size > 500 * 1024 * 1024) throw new Error(`${path}: the file is larger than 500 MB.`);
  return readFile(full, 'utf8');
}

export async function readVocabulary(cwd: string, path: string): Promise<{ vocabulary: Vocabulary; problems: ItemProblem[] }> {
  const text = await readText(cwd, path);
  if (/^\s*[{[]/.test(text.replace(/^\uFEFF/, ''))) {
    // A JSON catalog's vocabulary will do too.
    const result = await parseCatalogText(text, { name: path });
    if (!result.ok) throw new Error(`${path}: ${result.error}`);
    return { vocabulary: result.catalog.vocabulary, problems: [] };
  }
  const result = parseVocabularyCsv(text);
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  return result;
}

export async function readCatalog(cwd: string, path: string): Promise<ParseResult> {
  return parseCatalogText(await readText(cwd, path), { name: path });
}
