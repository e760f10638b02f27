import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCatalog, readText, readVocabulary } from '../catalog/node-files';
import { parseCatalogCsv } from '../catalog/csv';
import { hashText } from '../catalog/collect';
import type { ParseResult } from '../catalog/schema';
import type { CatalogItem } from '../catalog/types';
import type { Command } from './io';

/**
 * `pitchside convert <items.csv|catalog.json> --vocabulary <vocabulary.csv> [--out catalog.json] [--publisher name] [--parts N]`
 *
 * Writes a JSON catalog (stdout by default) from the item CSV and the vocabulary CSV. Invalid
 * rows are left out and listed on stderr with their row; the exit status is then 1, so a
 * publishing script stops, though the catalog of valid items is still written (it is what the
 * extension would keep anyway). Empty lists and false flags are left out: they are the defaults.
 *
 * `--parts N` writes a split catalog instead: `--out` names the index (index.json), and the
 * parts go beside it as `<index name>-part-1.json` … Each item goes to the part its id hashes
 * to, not to a position: an item keeps its part from one export to the next, so a change
 * re-uploads (and every rep re-downloads) only the parts it touches.
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
    options: { vocabulary: { type: 'string' }, out: { type: 'string' }, publisher: { type: 'string' }, parts: { type: 'string' } },
  });
  const usage = 'Usage: pitchside convert <items.csv|catalog.json> --vocabulary <vocabulary.csv> [--out catalog.json] [--publisher name] [--parts N]';
  if (positionals.length !== 1) {
    io.err(usage);
    return 2;
  }
  const parts = values.parts === undefined ? undefined : Number(values.parts);
  if (parts !== undefined && (!Number.isInteger(parts) || parts < 1 || parts > 1000)) {
    io.err('--parts must be a whole number from 1 to 1000.');
    return 2;
  }
  if (parts !== undefined && !values.out) {
    io.err('--parts writes several files: give the index file with --out, e.g. --out catalog/index.json');
    return 2;
  }
  const [path] = positionals as [string];
  const fromJson = /\.json$/i.test(path);
  const vocabulary = values.vocabulary ? await readVocabulary(io.cwd, values.vocabulary) : { vocabulary: {}, problems: [] };
  if (!values.vocabulary && !fromJson) io.err('No --vocabulary given: the catalog will have no vocabulary.');
  let result: ParseResult = fromJson ? await readCatalog(io.cwd, path) : parseCatalogCsv(await readText(io.cwd, path), vocabulary.vocabulary);
  if (result.ok && fromJson && values.vocabulary) result = { ...result, catalog: { ...result.catalog, vocabulary: vocabulary.vocabulary } };
  if (!result.ok) {
    io.err(`${path}: ${result.error}`);
    return 1;
  }
  const problems = [...vocabulary.problems, ...result.problems];
  for (const problem of problems) io.err(`${problem.where}: ${problem.warning ? 'warning: ' : ''}${problem.reason}`);
  const publisher = values.publisher ?? result.catalog.publisher;
  const catalog = {
    version: 1,
    ...(publisher ? { publisher } : {}),
    generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    vocabulary: result.catalog.vocabulary,
    items: result.catalog.items.map(compact),
  };
  const invalid = problems.filter((p) => !p.warning).length;
  if (parts !== undefined) {
    const indexPath = resolve(io.cwd, values.out!);
    const stem = basename(indexPath).replace(/\.json$/i, '');
    const buckets: Array<typeof catalog.items> = Array.from({ length: parts }, () => []);
    for (const item of catalog.items) buckets[hashText(String(item.id)) % parts]!.push(item);
    await mkdir(dirname(indexPath), { recursive: true });
    const names = buckets.map((_, i) => `${stem}-part-${i + 1}.json`);
    for (const [i, bucket] of buckets.entries()) {
      // Compact: parts are for machines, and every byte is sent to every rep.
      await writeFile(resolve(dirname(indexPath), names[i]!), `${JSON.stringify({ version: 1, items: bucket })}\n`);
    }
    const { items: _items, ...envelope } = catalog;
    await writeFile(indexPath, `${JSON.stringify({ ...envelope, parts: names.map((url) => ({ url })) }, null, 2)}\n`);
    io.err(
      `Wrote ${values.out} and ${parts} part${parts === 1 ? '' : 's'} beside it: ${catalog.items.length} items (${buckets.map((b) => b.length).join(', ')}).`,
    );
    if (invalid) io.err(`${invalid} invalid row${invalid === 1 ? '' : 's'} left out.`);
    return invalid ? 1 : 0;
  }
  const json = `${JSON.stringify(catalog, null, 2)}\n`;
  if (values.out) {
    await writeFile(resolve(io.cwd, values.out), json);
    io.err(`Wrote ${values.out}: ${catalog.items.length} items.`);
  } else io.out(json.trimEnd());
  if (invalid) io.err(`${invalid} invalid row${invalid === 1 ? '' : 's'} left out.`);
  return invalid ? 1 : 0;
};
