import { describe, expect, it } from 'vitest';
import {
  readProductsCsv,
  rowAt,
  writeProductsCsv,
  type CsvProduct,
  type ProductsCsvReading,
} from '../../../server/catalog/products-csv.js';
import { MAX_PRODUCTS_CSV_ROWS } from '../../../src/domain/api/products-csv.js';
import { planImport, type CatalogProduct } from '../../../server/catalog/products-csv-plan.js';
import type { CsvProductRow } from '../../../server/catalog/products-csv-row.js';

const HEADER = 'name,price,tax_rate,category,barcode';

/** The rows of a file that must read cleanly (fails with its problems otherwise). */
function rowsOf(text: string, currency = 'EUR'): CsvProductRow[] {
  const read = readProductsCsv(text, currency);
  if (read.kind !== 'read' || read.problems.length > 0)
    throw new Error(`expected rows, got ${JSON.stringify(read)}`);
  return read.rows;
}

/** The problems of a file that must be refused, as `line column: message` for a readable failure. */
function problemsOf(
  text: string,
  currency = 'EUR',
): { line: number; column: string; reason: string; message: string }[] {
  const read: ProductsCsvReading = readProductsCsv(text, currency);
  if (read.kind !== 'read' || read.problems.length === 0)
    throw new Error(`expected problems, got ${JSON.stringify(read)}`);
  return read.problems;
}

describe('reading a catalog CSV as spreadsheets write it', () => {
  it('reads prices in major units with a decimal point or comma, and tax rates in percent, exactly', () => {
    const rows = rowsOf(
      `${HEADER}\nA,2.50,5.5,Fruit,\nB,"2,5",20,Fruit,\nC,2,"5,5",Fruit,\nD,0.10,0.01,Fruit,\nE,19.99,5.5 %,Fruit,\n`,
    );
    expect(rows.map((r) => [r.fields.name, r.fields.price, r.fields.taxRate])).toEqual([
      ['A', 250, 550],
      ['B', 250, 2000],
      ['C', 200, 550],
      ['D', 10, 1],
      // 19.99 * 100 is 1998.9999999999998 in floating point: read as digits it is 1999.
      ['E', 1999, 550],
    ]);
  });

  it('knows the decimals of the currency: none in JPY, three in KWD', () => {
    expect(rowsOf(`${HEADER}\nA,250,10,x,\n`, 'JPY')[0]?.fields.price).toBe(250);
    expect(problemsOf(`${HEADER}\nA,2.5,10,x,\n`, 'JPY')[0]?.message).toMatch(/JPY prices have no decimals/);
    expect(rowsOf(`${HEADER}\nA,"1,250",10,x,\n`, 'KWD')[0]?.fields.price).toBe(1250);
  });

  it('a byte order mark and a semicolon separator (a French spreadsheet) read as commas do', () => {
    const rows = rowsOf(
      `\uFEFFname;price;tax_rate;category;barcode\r\n"Pain; complet";2,50;5,5;Boulangerie;\r\n`,
    );
    expect(rows).toEqual([
      {
        line: 2,
        fields: { name: 'Pain; complet', price: 250, taxRate: 550, category: 'Boulangerie', barcode: null },
        archived: undefined,
      },
    ]);
  });

  it('takes the columns in any order and any case, archived optional, trailing separators ignored', () => {
    const rows = rowsOf(
      'Category,NAME,barcode,archived,tax_rate,price,,\nFruit,Apple,4006381333931,yes,20,1,,\n',
    );
    expect(rows[0]).toEqual({
      line: 2,
      fields: { name: 'Apple', price: 100, taxRate: 2000, category: 'Fruit', barcode: '4006381333931' },
      archived: true,
    });
  });

  it('reads archived as 1/0, true/false, yes/no, and leaves it undefined when empty', () => {
    const rows = rowsOf(`${HEADER},archived\nA,1,1,x,,1\nB,1,1,x,,FALSE\nC,1,1,x,,no\nD,1,1,x,,\n`);
    expect(rows.map((r) => r.archived)).toEqual([true, false, false, undefined]);
  });

  it('skips rows whose cells are all empty (a spreadsheet writes them as ",,,,")', () => {
    expect(rowsOf(`${HEADER}\n,,,,\nA,1,1,x,\n\n`).map((r) => r.line)).toEqual([3]);
  });

  it('folds the line breaks typed in a name or category cell (Alt+Enter), and the blanks around them, into one space', () => {
    const rows = rowsOf(
      `${HEADER}\r\n"Pain \r\n\r\n  complet\n",1,1,"Boulangerie\rartisanale",\r\n"\nLait",1,1," x \n \n y",\r\n`,
    );
    expect(rows.map((r) => [r.line, r.fields.name, r.fields.category])).toEqual([
      [2, 'Pain complet', 'Boulangerie artisanale'],
      [3, 'Lait', 'x y'],
    ]);
    // Other control characters are still refused: a tab is not a line break a spreadsheet writes.
    expect(problemsOf(`${HEADER}\n"a\tb",1,1,x,\n`)).toEqual([
      { line: 2, column: 'name', reason: 'name', message: 'type 1 to 120 characters on one line' },
    ]);
  });

  it('reads a value the export guarded against formulas without its quote mark', () => {
    expect(rowsOf(`${HEADER}\n'=HYPERLINK(x),1,1,'@cat,\n`)[0]?.fields).toMatchObject({
      name: '=HYPERLINK(x)',
      category: '@cat',
    });
  });

  it('an exported catalog reads back as the same products', () => {
    const products: CsvProduct[] = [
      { name: '=1+1', price: 250, taxRate: 550, category: 'a, "b"', barcode: null, archived: false },
      {
        name: 'Lait 1 L',
        price: 5,
        taxRate: 2000,
        category: 'Crèmerie',
        barcode: '4006381333931',
        archived: true,
      },
      { name: 'Zéro', price: 0, taxRate: 0, category: 'x', barcode: '96385074', archived: false },
    ];
    const csv = writeProductsCsv(products, 'EUR');
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFname,price,tax_rate,category,barcode,archived',
      `'=1+1,2.50,5.5,"a, ""b""",,0`,
    ]);
    expect(
      rowsOf(csv).map((r) => ({ ...r.fields, archived: r.archived })),
      'the export of these products read again',
    ).toEqual(products);
  });
});

describe('refusing a bad catalog CSV, each bad row on its line and column', () => {
  it('an empty file (or one holding only a byte order mark or blank lines) is refused on line 1', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  \n'])
      expect(problemsOf(text)).toEqual([
        { line: 1, column: '', reason: 'empty_file', message: expect.stringMatching(/empty/) },
      ]);
  });

  it('a wrong header is one problem on line 1 naming the unknown and the missing columns', () => {
    const [problem, ...rest] = problemsOf('nom,prix,tax_rate,category,barcode\nA,1,1,x,\n');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 1, column: 'nom', reason: 'header' });
    expect(problem?.message).toMatch(/unknown columns "nom", "prix"; missing columns "name", "price"/);
    expect(problemsOf('name,price,tax_rate,category\nA,1,1,x\n')).toEqual([
      {
        line: 1,
        column: 'barcode',
        reason: 'header',
        message: expect.stringMatching(/^missing column "barcode"/),
      },
    ]);
    expect(problemsOf(`${HEADER},price\n`)[0]?.message).toMatch(/column given twice: "price"/);
  });

  it('a file of data without its header is refused on line 1, not read as products', () => {
    expect(problemsOf('Apple,1.00,5.5,Fruit,\n')[0]).toMatchObject({ line: 1, column: 'Apple' });
  });

  it('refuses negative prices, thousands separators, too many decimals, currency signs and prices above the limit', () => {
    const problems = problemsOf(
      `${HEADER}\nA,-2.50,5.5,x,\nB,"1,000.50",5.5,x,\nC,2.505,5.5,x,\nD,2.50 €,5.5,x,\nE,10000000.01,5.5,x,\nF,,5.5,x,\nG,1 000,5.5,x,\n`,
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'price'],
      [3, 'price'],
      [4, 'price'],
      [5, 'price'],
      [6, 'price'],
      [7, 'price'],
      [8, 'price'],
    ]);
    expect(problems[0]?.message).toBe('a price cannot be negative');
    expect(problems[2]?.message).toMatch(/at most 2 decimals/);
    expect(problems[4]?.message).toBe('at most 10000000.00 EUR');
    expect(problems[5]?.message).toMatch(/^required/);
  });

  it('refuses a price or a tax rate of a million digits as too high', () => {
    expect(problemsOf(`${HEADER}\nA,${'9'.repeat(1_000_000)}.99,${'1'.repeat(1_000_000)},x,\n`)).toEqual([
      { line: 2, column: 'price', reason: 'price', message: 'at most 10000000.00 EUR' },
      { line: 2, column: 'tax_rate', reason: 'tax_rate', message: 'at most 100 %' },
    ]);
  });

  it('refuses tax rates finer than 0.01 %, above 100 % or negative', () => {
    const problems = problemsOf(`${HEADER}\nA,1,5.555,x,\nB,1,100.01,x,\nC,1,-5,x,\nD,1,abc,x,\n`);
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 'tax_rate', 'a tax rate has at most 2 decimals (0.01 %)'],
      [3, 'tax_rate', 'at most 100 %'],
      [4, 'tax_rate', 'a tax rate cannot be negative'],
      [5, 'tax_rate', expect.stringMatching(/^not a tax rate/)],
    ]);
  });

  it('refuses a barcode with a wrong check digit (naming the right one), a wrong length or in scientific notation', () => {
    const problems = problemsOf(`${HEADER}\nA,1,1,x,4006381333932\nB,1,1,x,12345\nC,1,1,x,4.00638E+12\n`);
    expect(problems.map((p) => [p.line, p.column, p.reason, p.message])).toEqual([
      [2, 'barcode', 'barcode', 'wrong check digit: after 400638133393 it should be 1'],
      [3, 'barcode', 'barcode', expect.stringMatching(/13, 8 or 12 digits/)],
      // Its own reason, so a client can say the spreadsheet's mistake and its cure.
      [4, 'barcode', 'barcode_as_number', expect.stringMatching(/scientific notation/)],
    ]);
  });

  it('says the rules of a product (ProductFieldsSchema) on their columns: name and category length, one line', () => {
    const problems = problemsOf(`${HEADER},archived\n${'n'.repeat(121)},1,1,,,maybe\n`);
    expect(problems).toEqual([
      { line: 2, column: 'name', reason: 'name', message: 'type 1 to 120 characters on one line' },
      { line: 2, column: 'category', reason: 'category', message: 'type 1 to 60 characters on one line' },
      { line: 2, column: 'archived', reason: 'archived', message: expect.stringMatching(/^type 1 or 0/) },
    ]);
  });

  it('numbers rows as a spreadsheet does: a quoted line break stays in its row, a blank line is a row', () => {
    const problems = problemsOf(
      `${HEADER}\r\nA,1,1,"x\r\n\r\ny",\r\n"Two\nlines",1,1,x,\r\n\r\nC,-1,1,x,\r\n`,
    );
    expect(problems).toEqual([
      { line: 5, column: 'price', reason: 'price', message: 'a price cannot be negative' },
    ]);
  });

  it('ends a row at any line ending, mixed in one file (edited on two systems): CRLF, LF and CR', () => {
    const rows = rowsOf(`${HEADER}\r\nA,1,1,x,\nB,2,1,x,\rC,3,1,x,\r\n`);
    expect(rows.map((r) => [r.line, r.fields.name, r.fields.price])).toEqual([
      [2, 'A', 100],
      [3, 'B', 200],
      [4, 'C', 300],
    ]);
  });

  it('a quote never closed is refused on the row it opens, rows with quoted line breaks before it counted once', () => {
    expect(problemsOf(`${HEADER}\nA,1,1,x,\n"B,1,1,x,\nC,1,1,x,\n`)).toEqual([
      { line: 3, column: '', reason: 'unreadable', message: expect.stringMatching(/never closed/) },
    ]);
    expect(problemsOf(`${HEADER}\n"A\nB",1,1,"x\ny",\n"C,1,1,x,\nD,1,1,x,\n`)).toEqual([
      { line: 3, column: '', reason: 'unreadable', message: expect.stringMatching(/never closed/) },
    ]);
  });

  it('gives the row of any place of the text, as the rows are counted (rowAt)', () => {
    const text = `\uFEFF${HEADER}\n"A\nB",1,1,x,\n\nC,1,1,x,\n"D,1`;
    const rowOf = (needle: string) => rowAt(text, text.indexOf(needle));
    expect([rowOf('name'), rowOf('B"'), rowOf(',1,1,x,\n\n'), rowOf('\nC'), rowOf('C,'), rowOf('D')]).toEqual(
      [1, 2, 2, 3, 4, 5],
    );
  });

  it('refuses a row with more or fewer values than the header has columns', () => {
    expect(problemsOf(`${HEADER}\nA,1,1,x,,extra\nB,1,1\n`)).toEqual([
      {
        line: 2,
        column: '',
        reason: 'values_count',
        message: 'this row has 6 values for 5 columns: quote a value that holds the separator',
      },
      {
        line: 3,
        column: 'category',
        reason: 'values_count',
        message: 'this row has 3 values for 5 columns: quote a value that holds the separator',
      },
    ]);
  });

  it('a second row with the barcode or the name (without case) of an earlier one is refused on its own line', () => {
    expect(
      problemsOf(`${HEADER}\nA,1,1,x,4006381333931\nB,1,1,x,4006381333931\nC,1,1,x,\na,1,1,x,\n`),
    ).toEqual([
      {
        line: 3,
        column: 'barcode',
        reason: 'duplicate_in_file',
        otherLine: 2,
        message: 'the barcode 4006381333931 is also on line 2',
      },
      {
        line: 5,
        column: 'name',
        reason: 'duplicate_in_file',
        otherLine: 2,
        message: 'the name is also on line 2 (names compare without case)',
      },
    ]);
  });

  it('a bad row still counts its readable name and barcode as taken: a later repeat is told at once', () => {
    expect(problemsOf(`${HEADER}\nApple,-1,1,x,96385074\napple,1,1,x,\nPear,1,1,x,96385074\n`)).toEqual([
      { line: 2, column: 'price', reason: 'price', message: 'a price cannot be negative' },
      {
        line: 3,
        column: 'name',
        reason: 'duplicate_in_file',
        otherLine: 2,
        message: 'the name is also on line 2 (names compare without case)',
      },
      {
        line: 4,
        column: 'barcode',
        reason: 'duplicate_in_file',
        otherLine: 2,
        message: 'the barcode 96385074 is also on line 2',
      },
    ]);
  });

  it('keeps the rows that read well beside the problems of the others, for planning them too', () => {
    const read = readProductsCsv(`${HEADER}\nA,1,1,x,\nB,-1,1,x,\nC,1,1,x,\n`, 'EUR');
    expect(read).toMatchObject({ kind: 'read', problems: [{ line: 3, column: 'price' }] });
    expect(read.kind === 'read' && read.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('lists every bad row of the file, not only the first', () => {
    const bad = Array.from({ length: 150 }, (_, i) => `P${i},-1,1,x,`).join('\n');
    expect(problemsOf(`${HEADER}\n${bad}\n`)).toHaveLength(150);
  });

  it(`counts more than ${MAX_PRODUCTS_CSV_ROWS} product rows as too many, blank rows aside`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `P${i},1,1,x,`).join('\n');
    expect(readProductsCsv(`${HEADER}\n${rows(MAX_PRODUCTS_CSV_ROWS)}\n,,,,\n`, 'EUR')).toMatchObject({
      kind: 'read',
      problems: [],
    });
    expect(readProductsCsv(`${HEADER}\n${rows(MAX_PRODUCTS_CSV_ROWS + 1)}\n`, 'EUR')).toEqual({
      kind: 'too_many_rows',
      rows: MAX_PRODUCTS_CSV_ROWS + 1,
    });
  });
});

describe('planning an import against the catalog', () => {
  const existing: CatalogProduct[] = [
    {
      id: 1,
      name: 'Apple',
      price: 100,
      taxRate: 550,
      category: 'Fruit',
      barcode: '4006381333931',
      archived: false,
    },
    { id: 2, name: 'Pear', price: 120, taxRate: 550, category: 'Fruit', barcode: null, archived: true },
  ];
  const row = (
    line: number,
    fields: Partial<CsvProductRow['fields']>,
    archived?: boolean,
  ): CsvProductRow => ({
    line,
    fields: { name: 'New', price: 1, taxRate: 1, category: 'x', barcode: null, ...fields },
    archived,
  });

  it('matches by barcode when the row has one, else by name without case; equal fields are unchanged', () => {
    const plan = planImport(
      [
        row(2, {
          name: 'Green apple',
          price: 100,
          taxRate: 550,
          category: 'Fruit',
          barcode: '4006381333931',
        }),
        row(3, { name: 'PEAR', price: 120, taxRate: 550, category: 'Fruit' }),
        row(4, { name: 'Plum' }),
      ],
      existing,
    );
    expect(plan).toEqual({
      create: [{ name: 'Plum', price: 1, taxRate: 1, category: 'x', barcode: null, archived: false }],
      update: [
        {
          id: 1,
          name: 'Green apple',
          price: 100,
          taxRate: 550,
          category: 'Fruit',
          barcode: '4006381333931',
          archived: false,
        },
        { id: 2, name: 'PEAR', price: 120, taxRate: 550, category: 'Fruit', barcode: null, archived: true },
      ],
      unchanged: 0,
      problems: [],
    });
  });

  it('a row without archived keeps the product as it is; a row that gives it restores or archives', () => {
    const pear = { name: 'Pear', price: 120, taxRate: 550, category: 'Fruit' };
    expect(planImport([row(2, pear)], existing).unchanged).toBe(1);
    expect(planImport([row(2, pear, false)], existing).update).toEqual([
      { id: 2, ...pear, barcode: null, archived: false },
    ]);
  });

  it('refuses a row whose barcode is one product and whose name is another', () => {
    const plan = planImport([row(7, { name: 'pear', barcode: '4006381333931' })], existing);
    expect(plan.problems).toEqual([
      {
        line: 7,
        column: 'name',
        reason: 'conflict_in_catalog',
        message: expect.stringMatching(/"Apple".*"Pear"/),
      },
    ]);
    expect([plan.create, plan.update]).toEqual([[], []]);
  });

  it('refuses a second row that is the same product (by its old name after a rename by barcode)', () => {
    const plan = planImport(
      [row(2, { name: 'Red apple', barcode: '4006381333931' }), row(3, { name: 'apple' })],
      existing,
    );
    expect(plan.problems).toEqual([
      {
        line: 3,
        column: 'name',
        reason: 'same_product_twice',
        otherLine: 2,
        message: 'line 2 already is the product "Apple"',
      },
    ]);
  });
});
