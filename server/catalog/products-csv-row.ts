import type { CsvProblem } from '../../src/domain/pos-error.js';
import { ProductFieldsSchema } from '../../src/domain/product.js';
import { issueText } from '../input-rules.js';
import {
  foldLineBreaks,
  readArchived,
  readBarcode,
  readPrice,
  readTaxRate,
  undoFormulaGuard,
  type Cell,
} from './products-csv-cells.js';

/** A column of the catalog CSV. */
export type CsvColumn = 'name' | 'price' | 'tax_rate' | 'category' | 'barcode' | 'archived';

/** The column of each field of ProductFieldsSchema, to say a field's problem where the file has it. */
const COLUMN_OF_FIELD: Readonly<Record<string, CsvColumn>> = {
  name: 'name',
  price: 'price',
  taxRate: 'tax_rate',
  category: 'category',
  barcode: 'barcode',
};

/** A product's values as a row of the file gives them: `barcode` null for none. */
export interface CsvProductFields {
  name: string;
  price: number;
  taxRate: number;
  category: string;
  barcode: string | null;
}

/** One product row of an import: its line (the header is line 1), its fields, its `archived` (undefined: not given). */
export interface CsvProductRow {
  line: number;
  fields: CsvProductFields;
  archived: boolean | undefined;
}

/**
 * The name and barcode of a row as a product would have them, to find a repeat of an earlier row:
 * undefined when its cell is refused (or the row's values do not fit the columns), `barcode` null
 * for none.
 */
export interface RowKeys {
  name: string | undefined;
  barcode: string | null | undefined;
}

/**
 * A row read: the product row, or each of its problems (one per bad cell) and the keys it still
 * gives.
 */
export type RowReading =
  { ok: true; row: CsvProductRow } | { ok: false; problems: CsvProblem[]; keys: RowKeys };

/**
 * Reads one record (`cells`, on `line`) under the header's `columns`: as many values as columns
 * (empty values after the last column are trailing separators), each cell read by its column's
 * rule (products-csv-cells.ts), then the whole checked with ProductFieldsSchema, each of its
 * problems said on its column in the API's words (input-rules.ts). A cell the export guarded
 * against formulas (`'=…`) is read without its `'`; line breaks in a name or a category are folded
 * into spaces first (foldLineBreaks).
 */
export function readRow(
  cells: readonly string[],
  columns: readonly CsvColumn[],
  line: number,
  currency: string,
): RowReading {
  const extra = cells.slice(columns.length).filter((cell) => cell.trim() !== '');
  if (cells.length < columns.length || extra.length > 0)
    return {
      ok: false,
      keys: { name: undefined, barcode: undefined },
      problems: [
        {
          line,
          column: cells.length < columns.length ? (columns[cells.length] ?? '') : '',
          reason: 'values_count',
          message:
            `this row has ${cells.length < columns.length ? cells.length : columns.length + extra.length} values ` +
            `for ${columns.length} columns: quote a value that holds the separator`,
        },
      ],
    };
  const cell = (column: CsvColumn): string => {
    const index = columns.indexOf(column);
    return index < 0 ? '' : undoFormulaGuard(cells[index] ?? '');
  };
  const problems: CsvProblem[] = [];
  const take = <T>(column: CsvColumn, read: Cell<T>, fallback: T): T => {
    if (read.ok) return read.value;
    problems.push({ line, column, reason: read.reason ?? column, message: read.message });
    return fallback;
  };
  const price = take('price', readPrice(cell('price'), currency), 0);
  const taxRate = take('tax_rate', readTaxRate(cell('tax_rate')), 0);
  const barcode = take('barcode', readBarcode(cell('barcode')), null);
  const archived = take('archived', readArchived(cell('archived')), undefined);
  const checked = ProductFieldsSchema.safeParse(
    {
      name: foldLineBreaks(cell('name')),
      price,
      taxRate,
      category: foldLineBreaks(cell('category')),
      barcode,
    },
    { error: (issue) => issueText(issue, ProductFieldsSchema) },
  );
  if (!checked.success)
    for (const issue of checked.error.issues) {
      const column = COLUMN_OF_FIELD[String(issue.path[0])];
      // Every field of ProductFieldsSchema has its column: a field without one is a bug here.
      if (column === undefined) throw new Error(`no column for the field ${String(issue.path[0])}`);
      if (!problems.some((p) => p.column === column))
        problems.push({ line, column, reason: column, message: issue.message });
    }
  if (problems.length > 0 || !checked.success) {
    const refused = (column: CsvColumn) => problems.some((p) => p.column === column);
    return {
      ok: false,
      problems: problems.sort((a, b) => order(columns, a) - order(columns, b)),
      keys: {
        name: refused('name') ? undefined : foldLineBreaks(cell('name')).trim(),
        barcode: refused('barcode') ? undefined : barcode,
      },
    };
  }
  const fields = { ...checked.data, barcode: checked.data.barcode ?? null };
  return { ok: true, row: { line, fields, archived } };
}

/** Where a problem's column is in the file, for listing a row's problems left to right. */
function order(columns: readonly CsvColumn[], problem: CsvProblem): number {
  return columns.indexOf(problem.column as CsvColumn);
}
