import { parseArgs } from 'node:util';
import { readCatalog, readVocabulary } from '../catalog/node-files';
import { itemTagFields, type CatalogItem, type Vocabulary, type VocabularyList } from '../catalog/types';
import type { ItemProblem } from '../catalog/schema';
import type { Command } from './io';

/**
 * `pitchside check <catalog.json|items.csv|feed.xml> [--vocabulary vocabulary.csv]`
 *
 * Prints each problem with its place ("row 5: url must be …"), warnings marked as such, and
 * tags that name no concept of the vocabulary (kept as free text by the extension) as warnings.
 * Exit status: 0 when every item is valid (warnings allowed), 1 when anything is invalid,
 * 2 when the command itself cannot run.
 */

const listOf: Partial<Record<keyof CatalogItem, VocabularyList>> = {
  type: 'types',
  ...Object.fromEntries(itemTagFields.filter((f) => f !== 'languages').map((f) => [f, f])),
};

const normalise = (value: string) =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Tags naming no concept (by id, label or alias, ignoring case, punctuation and accents). */
export function unknownTags(items: CatalogItem[], vocabulary: Vocabulary, where: (item: CatalogItem) => string): ItemProblem[] {
  const known = new Map<VocabularyList, Set<string>>();
  for (const [list, concepts] of Object.entries(vocabulary) as Array<[VocabularyList, Vocabulary[VocabularyList]]>) {
    if (!concepts?.length) continue;
    known.set(list, new Set(concepts.flatMap((c) => [c.id, c.label, ...c.aliases].map(normalise))));
  }
  const problems: ItemProblem[] = [];
  for (const item of items) {
    for (const [field, list] of Object.entries(listOf) as Array<[keyof CatalogItem, VocabularyList]>) {
      const names = known.get(list);
      if (!names) continue;
      const raw = item[field];
      const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
      for (const value of values) {
        if (!names.has(normalise(String(value)))) {
          problems.push({ where: where(item), reason: `${field} "${value}" names no concept of the ${list} vocabulary (kept as free text)`, warning: true });
        }
      }
    }
  }
  return problems;
}

export const run: Command = async (args, io) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { vocabulary: { type: 'string' } } });
  if (positionals.length !== 1) {
    io.err('Usage: pitchside check <catalog.json|items.csv> [--vocabulary vocabulary.csv]');
    return 2;
  }
  const [path] = positionals as [string];
  const vocabularyFile = values.vocabulary ? await readVocabulary(io.cwd, values.vocabulary) : undefined;
  const result = await readCatalog(io.cwd, path);
  if (!result.ok) {
    io.out(`${path}: ${result.error}`);
    return 1;
  }
  const vocabulary = vocabularyFile?.vocabulary ?? result.catalog.vocabulary;
  const problems = [...(vocabularyFile?.problems ?? []), ...result.problems, ...unknownTags(result.catalog.items, vocabulary, (item) => `item "${item.id}"`)];
  for (const problem of problems) io.out(`${problem.where}: ${problem.warning ? 'warning: ' : ''}${problem.reason}`);
  const invalid = problems.filter((p) => !p.warning).length;
  const warnings = problems.length - invalid;
  io.out(
    `${path}: ${result.catalog.items.length} valid item${result.catalog.items.length === 1 ? '' : 's'}, ${invalid} invalid, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return invalid ? 1 : 0;
};
