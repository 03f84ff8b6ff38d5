import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  exportProductsCsv,
  importProductsCsv,
  MAX_PRODUCTS_CSV_BYTES,
  MAX_PRODUCTS_CSV_ROWS,
  type ProductsImportResult,
} from '../../src/domain/api/products-csv.js';
import { MAX_LISTED_CSV_ROWS, type CsvProblem } from '../../src/domain/pos-error.js';
import type { RouteContext } from '../app-deps.js';
import { planImport, type ImportPlan } from '../catalog/products-csv-plan.js';
import { readProductsCsv, rowAt, writeProductsCsv } from '../catalog/products-csv.js';
import type { CsvProductRow } from '../catalog/products-csv-row.js';
import { listCatalogProducts, writeImportPlan } from '../db/catalog-import-repo.js';
import { bumpCatalogVersion, getConfig, lockConfig } from '../db/configs-repo.js';
import { isUniqueViolation } from '../db/dialect.js';
import { httpError } from '../http-error.js';

/**
 * The catalog as CSV (admin): `GET /api/configs/:id/products.csv` → the file (writeProductsCsv),
 * and `POST /api/configs/:id/products/import[?dryRun=1]` with the file as a `text/csv` body →
 * `{created, updated, unchanged, dryRun}`. An import is all or nothing: any bad row answers 422
 * `invalid_csv` with every problem of the bad rows, `{line, column, reason, otherLine?, message}`
 * (those of the first {@link MAX_LISTED_CSV_ROWS} rows); its writes, the catalog version's raise and the push to the
 * tills are one transaction, taken with the config locked so two imports of one catalog go one
 * after the other. Over 5 MiB or {@link MAX_PRODUCTS_CSV_ROWS} rows answers 413. Register it in a
 * scope of its own: it takes `text/csv` bodies, and only them.
 */
export function productsCsvRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, auth } = ctx;
  // The import's body is the file itself: JSON here would be a file sent the wrong way (415).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: MAX_PRODUCTS_CSV_BYTES },
    (_request, body: Buffer, done) => {
      try {
        done(null, new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch {
        done(notUtf8(body), undefined);
      }
    },
  );
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(exportProductsCsv.url, { schema: exportProductsCsv.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const config = await getConfig(db, id);
    if (!config) throw httpError('not_found', `No config ${id}`);
    const filename = `${config.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-products.csv`;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store');
    return writeProductsCsv(await listCatalogProducts(db, id), config.currency);
  });

  api.post(importProductsCsv.url, { schema: importProductsCsv.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const dryRun = request.query.dryRun === '1';
    const config = await getConfig(db, id);
    if (!config) throw httpError('not_found', `No config ${id}`);
    const reading = readProductsCsv(request.body ?? '', config.currency);
    if (reading.kind === 'too_many_rows')
      throw httpError(
        'payload_too_large',
        `The file has more than ${MAX_PRODUCTS_CSV_ROWS} products: import it in several files.`,
      );
    if (dryRun || reading.problems.length > 0) {
      // A file with bad rows is refused, but its good rows are still planned so that the answer
      // lists their conflicts with the catalog too: every bad row at once, not one round each.
      const plan = planImport(reading.rows, await listCatalogProducts(db, id));
      const problems = inFileOrder(reading.problems, plan.problems);
      if (problems.length > 0) throw invalidCsv(problems);
      return countsOf(plan, true);
    }
    return importRows(ctx, id, reading.rows);
  });
}

/**
 * Imports `rows` into config `configId`'s catalog in one transaction, the config locked first so a
 * second import of this catalog waits, then plans on what this one wrote. Raises the catalog
 * version and tells the tills only when something changed. A unique violation (a name or barcode
 * taken by another request at the same moment) answers 409 `conflict`; nothing is then written.
 */
async function importRows(
  { db, changes }: RouteContext,
  configId: number,
  rows: readonly CsvProductRow[],
): Promise<ProductsImportResult> {
  return db
    .transaction()
    .execute(async (trx) => {
      if (!(await lockConfig(trx, configId))) throw httpError('not_found', `No config ${configId}`);
      const plan = planImport(rows, await listCatalogProducts(trx, configId));
      if (plan.problems.length > 0) throw invalidCsv(plan.problems);
      await writeImportPlan(trx, configId, plan);
      if (plan.create.length + plan.update.length > 0) {
        await bumpCatalogVersion(trx, configId);
        // The tills of the config's open sessions hear of the new catalog version at once.
        await changes.configChanged(trx, configId);
      }
      return countsOf(plan, false);
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error))
        throw httpError(
          'conflict',
          'Another change to this catalog took a name or barcode of the file at the same moment: import it again.',
        );
      throw error;
    });
}

/** The answer of an import of `plan`. */
function countsOf(plan: ImportPlan, dryRun: boolean): ProductsImportResult {
  return { created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged, dryRun };
}

/** The problems of a reading and of a plan (each in file order, never on one line) in file order. */
function inFileOrder(read: readonly CsvProblem[], planned: readonly CsvProblem[]): CsvProblem[] {
  // Stable: each row's problems keep their order.
  return [...read, ...planned].sort((a, b) => a.line - b.line);
}

/**
 * The 422 of a file with bad rows (`problems` in file order): how many problems in how many rows,
 * and in `details` every problem of the first {@link MAX_LISTED_CSV_ROWS} bad rows.
 */
function invalidCsv(problems: readonly CsvProblem[]): Error {
  const lines = [...new Set(problems.map((p) => p.line))];
  const lastListed = lines[Math.min(lines.length, MAX_LISTED_CSV_ROWS) - 1] ?? 0;
  const listed = problems.filter((p) => p.line <= lastListed);
  const more =
    lines.length > MAX_LISTED_CSV_ROWS
      ? ` (those of the first ${MAX_LISTED_CSV_ROWS} bad rows are listed)`
      : '';
  return httpError(
    'invalid_csv',
    `The file was not imported: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ` +
      `${lines.length} ${lines.length === 1 ? 'row' : 'rows'}${more}. Nothing was changed.`,
    { details: listed },
  );
}

/** The 422 of a file that is not UTF-8 text, on the row of its first byte that is not. */
function notUtf8(body: Buffer): Error {
  const text = new TextDecoder('utf-8').decode(body);
  return invalidCsv([
    {
      line: rowAt(text, text.indexOf('\uFFFD')),
      column: '',
      reason: 'not_utf8',
      message: 'the file is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8"',
    },
  ]);
}
