import { MAX_LISTED_CSV_ROWS } from '../pos-error.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, BODY_ERRORS, errorAnswers } from './error-schema.js';
import { idParams } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/** Largest catalog CSV an import takes, in bytes (5 MiB: some 50,000 rows of a grocery); more answers 413. */
export const MAX_PRODUCTS_CSV_BYTES = 5 * 1024 * 1024;

/** Most product rows one import takes (more answers 413): a catalog is a few thousand products. */
export const MAX_PRODUCTS_CSV_ROWS = 20_000;

/** Query of an import: `dryRun=1` says what the file would do and writes nothing. */
export const ProductsImportQuerySchema = z.object({
  dryRun: z.optional(z.enum(['0', '1'])).check(z.meta({ description: '1: check and count, write nothing' })),
});

/** What an import did (or, in a dry run, would do): products made, changed, and left as they were. */
export const ProductsImportResultSchema = z.object({
  created: z.int().check(z.nonnegative()),
  updated: z.int().check(z.nonnegative()),
  unchanged: z.int().check(z.nonnegative()),
  dryRun: z.boolean(),
});
export type ProductsImportResult = z.infer<typeof ProductsImportResultSchema>;

export const exportProductsCsv = {
  method: 'GET',
  url: '/api/configs/:id/products.csv',
  schema: {
    summary: "The config's catalog as a CSV download, archived products included",
    description:
      'Header `name,price,tax_rate,category,barcode,archived`; price in major units of the ' +
      "config's currency (`2.50`), tax rate in percent (`5.5`), archived `0` or `1`; UTF-8 with a " +
      "byte order mark, comma, CRLF; a value a spreadsheet would read as a formula starts with `'`.",
    tags: ['products'],
    security: WHO.admin,
    params: idParams('config'),
    response: {
      200: {
        description: 'A CSV file (Content-Disposition: attachment)',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errorAnswers(...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const importProductsCsv = {
  method: 'POST',
  url: '/api/configs/:id/products/import',
  schema: {
    summary: 'Create and update products from a CSV file, all or nothing',
    description:
      'The body is the file (`text/csv`, UTF-8 with or without byte order mark, at most 5 MiB and ' +
      '20,000 products, else 413): the columns of the export in any order (`archived` may be left ' +
      'out), comma or semicolon (taken from the header), decimal point or comma. A row is the ' +
      'product with its barcode when it has one, else the one with its name (without case), else a ' +
      'new product. Any bad row answers 422 `invalid_csv` with ' +
      '`details: [{line, column, reason, otherLine?, message}]` (every problem of the first ' +
      `${MAX_LISTED_CSV_ROWS} bad ` +
      'rows, in file order; `line` is the row as a spreadsheet numbers it, the header being line 1; ' +
      '`reason` says why in a word a client can translate, `message` in English) and nothing is ' +
      'written. `?dryRun=1` counts and writes nothing.',
    tags: ['products'],
    security: WHO.admin,
    params: idParams('config'),
    querystring: ProductsImportQuerySchema,
    consumes: ['text/csv'],
    body: z.optional(z.string()).check(z.meta({ description: 'The CSV file' })),
    response: {
      200: ProductsImportResultSchema,
      ...errorAnswers(
        'validation_failed',
        'invalid_csv',
        'not_found',
        'conflict',
        ...BODY_ERRORS,
        ...AUTH_ERRORS,
      ),
    },
  },
} as const satisfies RouteContract;
