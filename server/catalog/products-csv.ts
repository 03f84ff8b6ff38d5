import { parse, type CsvError } from 'csv-parse/sync';
import { MAX_PRODUCTS_CSV_ROWS } from '../../src/domain/api/products-csv.js';
import { minorToDecimal } from '../../src/domain/currency.js';
import type { CsvProblem } from '../../src/domain/pos-error.js';
import { csvField } from '../orders-csv.js';
import { basisPointsToPercent } from './products-csv-cells.js';
import { readRow, type CsvColumn, type CsvProductRow } from './products-csv-row.js';

/** Columns of the catalog's CSV, in the order the export writes them. */
export const PRODUCTS_CSV_HEADER = ['name', 'price', 'tax_rate', 'category', 'barcode', 'archived'] as const;
/** Columns an import must have; `archived` may be left out (products then keep theirs). */
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['name', 'price', 'tax_rate', 'category', 'barcode'];

/**
 * What {@link readProductsCsv} found: the rows, or every problem of the file in file order (none
 * is left out: the caller lists the first ones and counts the rest), or more than
 * {@link MAX_PRODUCTS_CSV_ROWS} rows.
 */
export type ProductsCsvReading =
  | { kind: 'rows'; rows: CsvProductRow[] }
  | { kind: 'problems'; problems: CsvProblem[] }
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
 * barcode or name (names compare without case) is refused on its own line. Prices are read in
 * `currency` (ISO 4217). Lines are where a row starts, the header being line 1.
 */
export function readProductsCsv(text: string, currency: string): ProductsCsvReading {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '')
    return problems([
      { line: 1, column: '', message: `the file is empty: its first line must be the header ${HEADER_TEXT}` },
    ]);
  const bytes = Buffer.from(text, 'utf8');
  const found: CsvProblem[] = [];
  const lineAt = lineCounter(bytes);
  const records = parseRecords(bytes, separatorOf(body), lineAt, found);
  const [header, ...rest] = records;
  if (!header) return problems(found);
  const columns = readHeader(header.cells);
  if (!Array.isArray(columns)) return problems([columns]);
  const rows: CsvProductRow[] = [];
  const seen = new FirstLines();
  let count = 0;
  for (const { line, cells } of rest) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    count += 1;
    if (count > MAX_PRODUCTS_CSV_ROWS) return { kind: 'too_many_rows', rows: count };
    const read = readRow(cells, columns, line, currency);
    const repeated = read.ok ? seen.repeats(read.row) : [];
    if (!read.ok) found.push(...read.problems);
    else if (repeated.length > 0) found.push(...repeated);
    else rows.push(read.row);
  }
  if (found.length > 0) return problems(found.sort((a, b) => a.line - b.line));
  return { kind: 'rows', rows };
}

/** The first line of each barcode and each name (without case) of a file's rows, read in file order. */
class FirstLines {
  private readonly barcodes = new Map<string, number>();
  private readonly names = new Map<string, number>();

  /** The problems of `row` repeating an earlier row's barcode or name (none for a first); remembers it. */
  repeats({ line, fields }: CsvProductRow): CsvProblem[] {
    const name = fields.name.toLowerCase();
    const earlierBarcode = fields.barcode === null ? undefined : this.barcodes.get(fields.barcode);
    const earlierName = this.names.get(name);
    if (fields.barcode !== null && earlierBarcode === undefined) this.barcodes.set(fields.barcode, line);
    if (earlierName === undefined) this.names.set(name, line);
    return [
      ...(earlierBarcode === undefined
        ? []
        : [
            {
              line,
              column: 'barcode',
              message: `the barcode ${fields.barcode} is also on line ${earlierBarcode}`,
            },
          ]),
      ...(earlierName === undefined
        ? []
        : [
            {
              line,
              column: 'name',
              message: `the name is also on line ${earlierName} (names compare without case)`,
            },
          ]),
    ];
  }
}

const HEADER_TEXT = `${PRODUCTS_CSV_HEADER.join(',')} (archived may be left out)`;

function problems(list: CsvProblem[]): ProductsCsvReading {
  return { kind: 'problems', problems: list };
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

/** One record of the file: the line it starts on and its cells as parsed. */
interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * The records of `bytes` (csv-parse: byte order mark dropped, rows of any length), each with the
 * line it starts on. A record the parser cannot read (a quote never closed, a stray quote after a
 * quoted value) is skipped and told in `found` on its own line, and the rest is still read.
 */
function parseRecords(
  bytes: Buffer,
  delimiter: string,
  lineAt: (offset: number) => number,
  found: CsvProblem[],
): CsvRecord[] {
  const records: CsvRecord[] = [];
  // Each record starts where the one before it ended (its `info.bytes`: the byte order mark and
  // the record delimiter included; an error's `bytes` too), so its first line is counted from there. csv-parse's own
  // `info.lines` is where a record ends, and counts a CRLF inside quotes of an LF file twice.
  let start = 0;
  const parsed = parse(bytes, {
    bom: true,
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error)
        found.push({ line: lineAt(Number(error.bytes)), column: '', message: parseErrorText(error) });
    },
  }) as unknown as { record: string[]; info: { bytes: number } }[];
  for (const { record, info } of parsed) {
    records.push({ line: lineAt(start), cells: record });
    start = info.bytes;
  }
  return records;
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
 * The line (1 for the first) of each byte offset of `bytes`, counting CRLF, LF and CR as one line
 * break each.
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  // Offsets where a line starts after the first, in increasing order.
  const starts: number[] = [];
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === 0x0a || (byte === 0x0d && bytes[at + 1] !== 0x0a)) starts.push(at + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] ?? Infinity) <= offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
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
  return { line: 1, column, message: `${parts.join('; ')}. The header must be ${HEADER_TEXT}, in any order` };
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function quoted(names: readonly string[]): string {
  return names.map((name) => (name === '' ? '(no name)' : `"${name}"`)).join(', ');
}
