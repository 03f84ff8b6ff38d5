import { parse, type CsvError } from 'csv-parse/sync';
import { MAX_PRODUCTS_CSV_ROWS } from '../../src/domain/api/products-csv.js';
import { minorToDecimal } from '../../src/domain/currency.js';
import type { CsvProblem } from '../../src/domain/pos-error.js';
import { csvField } from '../orders-csv.js';
import { basisPointsToPercent } from './products-csv-cells.js';
import { readRow, type CsvColumn, type CsvProductRow, type RowKeys } from './products-csv-row.js';

/** Columns of the catalog's CSV, in the order the export writes them. */
export const PRODUCTS_CSV_HEADER = ['name', 'price', 'tax_rate', 'category', 'barcode', 'archived'] as const;
/** Columns an import must have; `archived` may be left out (products then keep theirs). */
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['name', 'price', 'tax_rate', 'category', 'barcode'];

/**
 * What {@link readProductsCsv} found: the rows that read well, and every problem of the others in
 * file order (none is left out: the caller lists the first ones and counts the rest); or more
 * than {@link MAX_PRODUCTS_CSV_ROWS} rows.
 */
export type ProductsCsvReading =
  | { kind: 'read'; rows: CsvProductRow[]; problems: CsvProblem[] }
  /** `rows`: counted up to the first one past the limit. */
  | { kind: 'too_many_rows'; rows: number };

/** A product as the export writes it. */
export interface CsvProduct {
  name: string;
  price: number;
  taxRate: number;
  category: string;
  barcode: string | null;
  archived: boolean;
}

/**
 * The catalog as CSV for a spreadsheet: header {@link PRODUCTS_CSV_HEADER}, one row per product
 * in the order given, price in major units of `currency` (`2.50`), tax rate in percent (`5.5`),
 * barcode empty when none, archived `0` or `1`. Written as the orders export is: UTF-8 byte order
 * mark, comma, CRLF, formula-like values prefixed with `'` (csvField); the import reads it back.
 */
export function writeProductsCsv(products: readonly CsvProduct[], currency: string): string {
  const rows = products.map((p) => [
    p.name,
    minorToDecimal(p.price, currency),
    basisPointsToPercent(p.taxRate),
    p.category,
    p.barcode ?? '',
    p.archived ? '1' : '0',
  ]);
  return `\uFEFF${[[...PRODUCTS_CSV_HEADER], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * Reads a catalog CSV as spreadsheets write it: UTF-8 with or without a byte order mark; comma or
 * semicolon separator, taken from the header line (semicolon when it has one outside quotes and
 * no comma); quoted values holding separators, quotes and line breaks; CRLF, LF or CR. The header
 * names {@link PRODUCTS_CSV_HEADER}'s columns in any order and any case (`archived` may be left
 * out). Rows whose cells are all empty are skipped; each other row is checked cell by cell
 * (products-csv-row.ts) against the rules of a product, and a row repeating an earlier row's
 * barcode or name (names compare without case; a bad row's readable name and barcode count too)
 * is refused on its own line. A refused row is not in `rows`; the others are, whatever the rest of
 * the file holds, so the caller can find their own problems too. Prices are read in `currency`
 * (ISO 4217). Lines are rows as a spreadsheet numbers them, the header being line 1: a quoted line
 * break does not start a row, a blank line is one.
 */
export function readProductsCsv(text: string, currency: string): ProductsCsvReading {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '')
    return problems([
      {
        line: 1,
        column: '',
        reason: 'empty_file',
        message: `the file is empty: its first line must be the header ${HEADER_TEXT}`,
      },
    ]);
  const found: CsvProblem[] = [];
  const records = parseRecords(body, separatorOf(body), found);
  const [header, ...rest] = records;
  if (!header) return problems(found);
  const columns = readHeader(header.cells);
  if (!Array.isArray(columns)) return problems([columns]);
  const rows: CsvProductRow[] = [];
  const seen = new FirstLines();
  let count = 0;
  for (const { row: line, cells } of rest) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    count += 1;
    if (count > MAX_PRODUCTS_CSV_ROWS) return { kind: 'too_many_rows', rows: count };
    const read = readRow(cells, columns, line, currency);
    const repeated = seen.repeats(line, read.ok ? read.row.fields : read.keys);
    if (read.ok && repeated.length === 0) rows.push(read.row);
    else found.push(...(read.ok ? [] : read.problems), ...repeated);
  }
  // Stable: a row's problems stay in column order.
  return { kind: 'read', rows, problems: found.sort((a, b) => a.line - b.line) };
}

/** The first line of each barcode and each name (without case) of a file's rows, read in file order. */
class FirstLines {
  private readonly barcodes = new Map<string, number>();
  private readonly names = new Map<string, number>();

  /**
   * The problems of the row on `line` repeating an earlier row's barcode or name (none for a
   * first, or for a key it does not give); remembers its keys.
   */
  repeats(line: number, { name: given, barcode }: RowKeys): CsvProblem[] {
    const name = given?.toLowerCase();
    const earlierBarcode = barcode ? this.barcodes.get(barcode) : undefined;
    const earlierName = name === undefined ? undefined : this.names.get(name);
    if (barcode && earlierBarcode === undefined) this.barcodes.set(barcode, line);
    if (name !== undefined && earlierName === undefined) this.names.set(name, line);
    const found: CsvProblem[] = [];
    if (earlierBarcode !== undefined)
      found.push({
        line,
        column: 'barcode',
        reason: 'duplicate_in_file',
        otherLine: earlierBarcode,
        message: `the barcode ${barcode} is also on line ${earlierBarcode}`,
      });
    if (earlierName !== undefined)
      found.push({
        line,
        column: 'name',
        reason: 'duplicate_in_file',
        otherLine: earlierName,
        message: `the name is also on line ${earlierName} (names compare without case)`,
      });
    return found;
  }
}

const HEADER_TEXT = `${PRODUCTS_CSV_HEADER.join(',')} (archived may be left out)`;

/** The reading of a file none of whose rows could be read: its problems. */
function problems(list: CsvProblem[]): ProductsCsvReading {
  return { kind: 'read', rows: [], problems: list };
}

/**
 * The separator of the file whose text (without byte order mark) is `body`: `;` when its first
 * line has a semicolon outside quotes and no comma there, else `,`.
 */
function separatorOf(body: string): ',' | ';' {
  let quoted = false;
  let semicolons = 0;
  let commas = 0;
  for (const char of body) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return semicolons > 0 && commas === 0 ? ';' : ',';
}

/** One record of the file: its row (the header being row 1) and its cells as parsed. */
interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * The records of `body` (the file without byte order mark; csv-parse, rows of any length), each
 * with its row as a spreadsheet numbers them: one per record, however many line breaks its quoted
 * values hold, a blank line being a row too. A record the parser cannot read (a quote never
 * closed, a stray quote after a quoted value) is skipped and told in `found` on its own row, and
 * the rest is still read.
 */
function parseRecords(body: string, delimiter: string, found: CsvProblem[]): CsvRecord[] {
  // The parser calls on_record and on_skip in file order, so one count numbers both.
  let row = 0;
  const rows: number[] = [];
  const parsed = parse(body, {
    delimiter,
    // Any line ending ends a row: csv-parse otherwise keeps to the first one it meets, and a file
    // edited on two systems (CRLF then LF) would read two rows as one.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (cells) => {
      rows.push((row += 1));
      return cells;
    },
    on_skip: (error) => {
      row += 1;
      if (error) found.push({ line: row, column: '', reason: 'unreadable', message: parseErrorText(error) });
    },
  });
  return parsed.map((cells, i) => ({ row: rows[i] ?? 0, cells }));
}

/**
 * The row (the header being row 1) of the character at `offset` of `text` (a file's text, byte
 * order mark or not), counted as {@link readProductsCsv} counts rows.
 */
export function rowAt(text: string, offset: number): number {
  const body = text.slice(text.startsWith('\uFEFF') ? 1 : 0, Math.max(0, offset));
  // Any character in the place of the one at `offset` ends the prefix inside that very row.
  const probe = `${body}x`;
  const found: CsvProblem[] = [];
  const records = parseRecords(probe, separatorOf(probe), found);
  return Math.max(records.at(-1)?.row ?? 0, found.at(-1)?.line ?? 0);
}

/** What a CSV reading error means for the person who saved the file. */
function parseErrorText(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quote (") opened in this row is never closed: the rest of the file was read as one value';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a quoted value before the separator: double a quote inside a quoted value ("")';
    default:
      return `not readable as CSV (${error.message})`;
  }
}

/**
 * The columns of `cells` (the header record: names trimmed, any case), by position, or the one
 * problem of the header on line 1: columns it does not know, columns it lacks, a column twice, a
 * column without a name. Empty names after the last column are trailing separators and ignored.
 */
function readHeader(cells: readonly string[]): CsvColumn[] | CsvProblem {
  const written = cells.map((cell) => cell.trim());
  while (written.length > 0 && written[written.length - 1] === '') written.pop();
  const names = written.map((name) => name.toLowerCase());
  const known = new Set<string>(PRODUCTS_CSV_HEADER);
  const unknown = written.filter((name) => !known.has(name.toLowerCase()));
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  const twice = names.filter((name, i) => known.has(name) && names.indexOf(name) !== i);
  if (unknown.length === 0 && missing.length === 0 && twice.length === 0) return names as CsvColumn[];
  const parts = [
    ...(unknown.length > 0 ? [`unknown ${plural(unknown.length, 'column')} ${quoted(unknown)}`] : []),
    ...(missing.length > 0 ? [`missing ${plural(missing.length, 'column')} ${quoted(missing)}`] : []),
    ...(twice.length > 0 ? [`${plural(twice.length, 'column')} given twice: ${quoted(twice)}`] : []),
  ];
  const column = unknown[0] ?? missing[0] ?? twice[0] ?? '';
  return {
    line: 1,
    column,
    reason: 'header',
    message: `${parts.join('; ')}. The header must be ${HEADER_TEXT}, in any order`,
  };
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function quoted(names: readonly string[]): string {
  return names.map((name) => (name === '' ? '(no name)' : `"${name}"`)).join(', ');
}
