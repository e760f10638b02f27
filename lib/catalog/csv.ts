import Papa from 'papaparse';
import { itemProblem, itemSchema, rowPlace, validateCatalogAsync, validateCatalog, type ItemProblem, type ParseResult, type ValidateOptions } from './schema';
import { english, failure, msg, type CatalogMessage } from './messages';
import { itemTagFields, vocabularyLists, type Concept, type Vocabulary, type VocabularyList } from './types';

/**
 * The CSV form of the catalog (spec "CSV form"): one row per item, a header naming the
 * columns in any order (matched ignoring case, spaces and punctuation: "Internal only" is
 * `internalOnly`), unknown columns ignored. List cells hold values separated by `;`.
 *
 * The separator is detected from the header row: ',' , ';' or tab, whichever splits it into
 * the most known column names (';' also separates values inside cells, so counting ';' over
 * the whole file would mislead). A UTF-8 BOM and CRLF line ends are accepted; quoted cells may
 * hold separators, quotes ("") and line breaks.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first item row 2.
 */

const itemFields = Object.keys(itemSchema.shape);
const listFields = new Set<string>(['keywords', ...itemTagFields]);
const booleanFields = new Set(['gated', 'internalOnly']);

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function columnMap(fields: readonly string[]): Map<string, string> {
  return new Map(fields.map((field) => [squash(field), field]));
}

const itemColumns = columnMap(itemFields);

/** The header row as the separator candidates split it; quotes respected. */
export function detectDelimiter(text: string, known: Map<string, string> = itemColumns): ',' | ';' | '\t' {
  const body = text.replace(/^\uFEFF/, '');
  let header = '';
  let quoted = false;
  for (const char of body) {
    if (char === '"') quoted = !quoted;
    else if ((char === '\n' || char === '\r') && !quoted) break;
    header += char;
  }
  let best: ',' | ';' | '\t' = ',';
  let bestScore = -1;
  for (const delimiter of [',', ';', '\t'] as const) {
    const cells = header.split(delimiter).map((cell) => squash(cell.replace(/"/g, '')));
    const score = cells.filter((cell) => known.has(cell)).length * 1000 + cells.length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

export interface CsvTable {
  header: string[];
  rows: Array<{ row: number; cells: string[] }>;
  error?: CatalogMessage;
}

export function readCsv(text: string, known: Map<string, string> = itemColumns): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { header: [], rows: [], error: msg('catalog.fileEmpty') };
  const parsed = Papa.parse<string[]>(body, { delimiter: detectDelimiter(body, known), skipEmptyLines: false });
  const [header = [], ...data] = parsed.data;
  const rows: CsvTable['rows'] = [];
  data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    rows.push({ row: index + 2, cells });
  });
  return { header: header.map((cell) => cell.trim()), rows };
}

function parseBoolean(value: string): boolean | string {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === 'no' || v === '0') return false;
  if (v === 'true' || v === 'yes' || v === '1') return true;
  return value;
}

/** Splits a list cell on ';' (trimmed, empties dropped). */
export function splitList(value: string): string[] {
  return value
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
}

export interface CsvItems {
  /** Raw items, shaped as the JSON form, for validateCatalog. */
  items: Record<string, unknown>[];
  rowOf: number[];
  problems: ItemProblem[];
  error?: CatalogMessage;
}

export interface CsvColumns {
  /** The item field of each column (undefined: ignored). */
  columns: Array<string | undefined>;
  problems: ItemProblem[];
  error?: CatalogMessage;
}

/** The item field each header cell names; an error when id, title or url has no column. */
export function itemColumnsOf(header: readonly string[]): CsvColumns {
  const problems: ItemProblem[] = [];
  const columns: Array<string | undefined> = [];
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const name of header) {
    const field = itemColumns.get(squash(name));
    if (field && !seen.has(field)) {
      seen.add(field);
      columns.push(field);
    } else {
      columns.push(undefined);
      if (name) unknown.push(field ? `${name} (repeated)` : name);
    }
  }
  const missing = ['id', 'title', 'url'].filter((field) => !seen.has(field));
  if (missing.length && ['list', 'id', 'label'].every((name) => header.some((h) => squash(h) === name))) {
    return {
      columns,
      problems,
      error: msg('catalog.csvVocabulary'),
    };
  }
  if (missing.length) {
    return {
      columns,
      problems,
      error: msg(
        'catalog.csvMissingColumns',
        { columns: missing.join(', '), header: header.join(', ').slice(0, 200) || msg('catalog.csvHeaderEmpty') },
        missing.length,
      ),
    };
  }
  if (unknown.length) {
    // Bounded: a file that is not a catalog can have a "header" of thousands of characters.
    const names = unknown.slice(0, 10).map((name) => (name.length > 60 ? `${name.slice(0, 60)}…` : name));
    const more = unknown.length > 10 ? msg('catalog.csvMoreColumns', { count: unknown.length - 10 }) : '';
    problems.push(itemProblem(rowPlace(1), msg('catalog.csvUnknownColumns', { names: names.join(', '), more }), true));
  }
  return { columns, problems };
}

/** One row as a JSON-shaped raw item, for the schema to check. */
export function rowToRawItem(columns: ReadonlyArray<string | undefined>, cells: readonly string[]): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  columns.forEach((field, index) => {
    if (!field) return;
    const cell = (cells[index] ?? '').trim();
    if (listFields.has(field)) item[field] = splitList(cell);
    else if (booleanFields.has(field)) {
      // An unreadable flag fails the item (schema: "must be true or false"): reading it as
      // false could let a gated or internal-only item be shared.
      item[field] = parseBoolean(cell);
    } else if (cell !== '') item[field] = cell;
  });
  return item;
}

/** Reads item rows into JSON-shaped raw items; the schema checks them afterwards. */
export function csvToRawItems(text: string): CsvItems {
  const table = readCsv(text);
  if (table.error) return { items: [], rowOf: [], problems: [], error: table.error };
  const { columns, problems, error } = itemColumnsOf(table.header);
  if (error) return { items: [], rowOf: [], problems, error };
  const items: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  for (const { row, cells } of table.rows) {
    items.push(rowToRawItem(columns, cells));
    rowOf.push(row);
  }
  return { items, rowOf, problems };
}

function sortProblems(problems: ItemProblem[]): ItemProblem[] {
  const rank = (where: string) => Number(/row (\d+)/.exec(where)?.[1] ?? 0);
  return problems.sort((a, b) => rank(a.where) - rank(b.where));
}

/** An item CSV as a catalog (no vocabulary unless given). */
export function parseCatalogCsv(text: string, vocabulary: Vocabulary = {}): ParseResult {
  const raw = csvToRawItems(text);
  if (raw.error) return failure(raw.error);
  const result = validateCatalog({ version: 1, vocabulary, items: raw.items }, { where: (index) => rowPlace(raw.rowOf[index]!) });
  if (!result.ok) return result;
  return { ...result, problems: sortProblems([...raw.problems, ...result.problems]) };
}

export async function parseCatalogCsvAsync(text: string, options: ValidateOptions = {}): Promise<ParseResult> {
  const raw = csvToRawItems(text);
  if (raw.error) return failure(raw.error);
  const result = await validateCatalogAsync({ version: 1, items: raw.items }, { ...options, where: (index) => rowPlace(raw.rowOf[index]!) });
  if (!result.ok) return result;
  return { ...result, problems: sortProblems([...raw.problems, ...result.problems]) };
}

const vocabularyColumns = columnMap(['list', 'id', 'label', 'aliases']);
const listNames = columnMap(vocabularyLists);

/** The vocabulary CSV: columns list,id,label,aliases (aliases separated by ';'). */
export function parseVocabularyCsv(text: string): { ok: true; vocabulary: Vocabulary; problems: ItemProblem[] } | { ok: false; error: string } {
  const table = readCsv(text, vocabularyColumns);
  // The vocabulary CSV is read by the CLI only (convert --vocabulary): its messages stay English.
  if (table.error) return { ok: false, error: `The vocabulary CSV: ${english(table.error)}` };
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    const field = vocabularyColumns.get(squash(name));
    if (field && !index.has(field)) index.set(field, i);
  });
  const missing = ['list', 'id', 'label'].filter((field) => !index.has(field));
  if (missing.length) return { ok: false, error: `The vocabulary CSV has no ${missing.join(', ')} column (columns must be list,id,label,aliases).` };
  const vocabulary: Vocabulary = {};
  const problems: ItemProblem[] = [];
  const seen = new Set<string>();
  for (const { row, cells } of table.rows) {
    const cell = (field: string) => (index.has(field) ? (cells[index.get(field)!] ?? '').trim() : '');
    const list = listNames.get(squash(cell('list'))) as VocabularyList | undefined;
    const where = `vocabulary row ${row}`;
    if (!list) {
      problems.push({ where, reason: `list "${cell('list')}" is not one of ${vocabularyLists.join(', ')}` });
      continue;
    }
    const id = cell('id');
    const label = cell('label');
    if (!id || !label) {
      problems.push({ where, reason: !id ? 'id is empty' : 'label is empty' });
      continue;
    }
    if (seen.has(`${list}:${id}`)) {
      problems.push({ where, reason: `duplicate id "${id}" in ${list}` });
      continue;
    }
    seen.add(`${list}:${id}`);
    const concept: Concept = { id, label, aliases: [...new Set(splitList(cell('aliases')))] };
    vocabulary[list] ??= [];
    vocabulary[list].push(concept);
  }
  return { ok: true, vocabulary, problems };
}
