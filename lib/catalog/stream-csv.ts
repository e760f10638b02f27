import Papa from 'papaparse';
import { detectDelimiter, itemColumnsOf, rowToRawItem } from './csv';
import { rowPlace } from './schema';
import { hashText, type ItemCollector } from './collect';
import { MAX_ITEM_CHARS } from './stream-json';
import { CatalogError, msg } from './messages';

/**
 * An items CSV read as it arrives. Records are cut at line ends outside quotes (a quoted cell
 * may hold line breaks; "" inside quotes keeps the count of quotes even, so the parity of the
 * quotes seen tells whether a line end is inside a cell). Each record's text is hashed as it
 * is, with the header as the seed (the same cells under another header mean other fields), and
 * only records not seen in the last sync are split into cells by papaparse and checked.
 * Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
export class CsvItemReader {
  private buf = '';
  private pos = 0;
  private quoted = false;
  private row = 0;
  private header: string[] | undefined;
  private columns: Array<string | undefined> = [];
  private delimiter: ',' | ';' | '\t' = ',';
  private seed = 0;
  private started = false;

  constructor(private readonly collector: ItemCollector) {}

  push(chunk: string): void {
    if (!this.started) {
      this.started = true;
      chunk = chunk.replace(/^\uFEFF/, '');
    }
    this.buf = this.buf.slice(this.pos) + chunk;
    this.pos = 0;
    let from = 0;
    this.quoted = false;
    const { buf } = this;
    let at = 0;
    for (;;) {
      const quote = buf.indexOf('"', at);
      const line = buf.indexOf('\n', at);
      if (line < 0) break;
      if (quote >= 0 && quote < line) {
        this.quoted = !this.quoted;
        at = quote + 1;
        continue;
      }
      at = line + 1;
      if (this.quoted) continue;
      this.record(buf.slice(from, buf.charCodeAt(line - 1) === 0x0d && line > from ? line - 1 : line));
      from = line + 1;
    }
    // The unfinished record is scanned again, from its start, with the next chunk.
    this.pos = from;
    this.quoted = false;
    if (buf.length - from > MAX_ITEM_CHARS * 4) {
      throw new CatalogError(msg('catalog.csvRowTooLong', { size: (MAX_ITEM_CHARS * 4) / 1024 / 1024, row: this.row + 1 }));
    }
  }

  end(): void {
    const rest = this.buf.slice(this.pos);
    this.buf = '';
    this.pos = 0;
    if (rest.trim() !== '') this.record(rest.replace(/\r$/, ''));
    if (!this.header) throw new CatalogError(msg('catalog.fileEmpty'));
  }

  private record(text: string): void {
    this.row++;
    if (!this.header) {
      this.delimiter = detectDelimiter(text);
      this.header = this.cells(text).map((cell) => cell.trim());
      const mapped = itemColumnsOf(this.header);
      if (mapped.error) throw new CatalogError(mapped.error);
      this.columns = mapped.columns;
      this.collector.problems.push(...mapped.problems);
      this.seed = hashText(`${this.delimiter}${text}`);
      return;
    }
    if (text.trim() === '' || /^[,;\t\s]*$/.test(text)) return;
    const row = this.row;
    this.collector.offer(
      text,
      () => rowPlace(row),
      () => rowToRawItem(this.columns, this.cells(text)),
      this.seed,
    );
  }

  private cells(text: string): string[] {
    const parsed = Papa.parse<string[]>(text, { delimiter: this.delimiter, skipEmptyLines: false });
    return parsed.data.flat();
  }
}
