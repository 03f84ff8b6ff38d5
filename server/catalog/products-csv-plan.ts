import type { CsvProblem } from '../../src/domain/pos-error.js';
import type { CsvProductFields, CsvProductRow } from './products-csv-row.js';

/** A product of the config as an import compares rows with it (archived ones included). */
export interface CatalogProduct extends CsvProductFields {
  id: number;
  archived: boolean;
}

/** A product an import makes. */
export interface NewCatalogProduct extends CsvProductFields {
  archived: boolean;
}

/** What an import does: products to make, products to change (all their fields), and how many stay as they are. */
export interface ImportPlan {
  create: NewCatalogProduct[];
  update: CatalogProduct[];
  unchanged: number;
  /** Rows that cannot be matched to one product, on their lines; when any, nothing may be written. */
  problems: CsvProblem[];
}

/**
 * What importing `rows` (read by readProductsCsv: no two with one barcode or one name) into a
 * catalog holding `existing` does. A row is the product with its barcode when it has one and a
 * product has it, else the product with its name (without case), else a new product. It is
 * refused when its name is another product's than the one its barcode names (that product's
 * name is taken), or when an earlier row already is that product. A matched product whose fields
 * (and `archived`, when the row gives it) are all equal is unchanged; a new product is active
 * unless the row says archived. Pure: the caller writes the plan.
 */
export function planImport(rows: readonly CsvProductRow[], existing: readonly CatalogProduct[]): ImportPlan {
  const byBarcode = new Map<string, CatalogProduct>();
  const byName = new Map<string, CatalogProduct>();
  for (const product of existing) {
    if (product.barcode !== null) byBarcode.set(product.barcode, product);
    byName.set(product.name.toLowerCase(), product);
  }
  const plan: ImportPlan = { create: [], update: [], unchanged: 0, problems: [] };
  const lineOf = new Map<number, number>();
  for (const { line, fields, archived } of rows) {
    const withBarcode = fields.barcode === null ? undefined : byBarcode.get(fields.barcode);
    const withName = byName.get(fields.name.toLowerCase());
    if (withBarcode && withName && withBarcode.id !== withName.id) {
      plan.problems.push({
        line,
        column: 'name',
        reason: 'conflict_in_catalog',
        message:
          `the barcode ${fields.barcode ?? ''} is the product "${withBarcode.name}", ` +
          `and the name "${withName.name}" is another product's`,
      });
      continue;
    }
    const target = withBarcode ?? withName;
    if (!target) {
      plan.create.push({ ...fields, archived: archived ?? false });
      continue;
    }
    const earlier = lineOf.get(target.id);
    if (earlier !== undefined) {
      plan.problems.push({
        line,
        column: withBarcode ? 'barcode' : 'name',
        reason: 'same_product_twice',
        otherLine: earlier,
        message: `line ${earlier} already is the product "${target.name}"`,
      });
      continue;
    }
    lineOf.set(target.id, line);
    const next: CatalogProduct = { ...fields, id: target.id, archived: archived ?? target.archived };
    if (sameProduct(target, next)) plan.unchanged += 1;
    else plan.update.push(next);
  }
  return plan;
}

function sameProduct(a: CatalogProduct, b: CatalogProduct): boolean {
  return (
    a.name === b.name &&
    a.price === b.price &&
    a.taxRate === b.taxRate &&
    a.category === b.category &&
    a.barcode === b.barcode &&
    a.archived === b.archived
  );
}
