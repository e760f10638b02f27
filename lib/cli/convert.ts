import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readText, readVocabulary } from '../catalog/node-files';
import { parseCatalogCsv } from '../catalog/csv';
import type { CatalogItem } from '../catalog/types';
import type { Command } from './io';

/**
 * `pitchside convert <items.csv> --vocabulary <vocabulary.csv> [--out catalog.json] [--publisher name]`
 *
 * Writes a JSON catalog (stdout by default) from the item CSV and the vocabulary CSV. Invalid
 * rows are left out and listed on stderr with their row; the exit status is then 1, so a
 * publishing script stops, though the catalog of valid items is still written (it is what the
 * extension would keep anyway). Empty lists and false flags are left out: they are the defaults.
 */

function compact(item: CatalogItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out;
}

export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { vocabulary: { type: 'string' }, out: { type: 'string' }, publisher: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    io.err('Usage: pitchside convert <items.csv> --vocabulary <vocabulary.csv> [--out catalog.json] [--publisher name]');
    return 2;
  }
  const [path] = positionals as [string];
  const vocabulary = values.vocabulary ? await readVocabulary(io.cwd, values.vocabulary) : { vocabulary: {}, problems: [] };
  if (!values.vocabulary) io.err('No --vocabulary given: the catalog will have no vocabulary.');
  const result = parseCatalogCsv(await readText(io.cwd, path), vocabulary.vocabulary);
  if (!result.ok) {
    io.err(`${path}: ${result.error}`);
    return 1;
  }
  const problems = [...vocabulary.problems, ...result.problems];
  for (const problem of problems) io.err(`${problem.where}: ${problem.warning ? 'warning: ' : ''}${problem.reason}`);
  const catalog = {
    version: 1,
    ...(values.publisher ? { publisher: values.publisher } : {}),
    generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    vocabulary: result.catalog.vocabulary,
    items: result.catalog.items.map(compact),
  };
  const json = `${JSON.stringify(catalog, null, 2)}\n`;
  if (values.out) {
    await writeFile(resolve(io.cwd, values.out), json);
    io.err(`Wrote ${values.out}: ${catalog.items.length} items.`);
  } else io.out(json.trimEnd());
  const invalid = problems.filter((p) => !p.warning).length;
  if (invalid) io.err(`${invalid} invalid row${invalid === 1 ? '' : 's'} left out.`);
  return invalid ? 1 : 0;
};
