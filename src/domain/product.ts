import { z } from './zod.js';
import { BARCODE_SHAPE, isValidBarcode } from './barcode.js';
import { IdSchema } from './ids.js';

export { isValidBarcode, isValidEan13 } from './barcode.js';

/** Tax rate in basis points: 550 = 5.5 %, 2000 = 20 %. */
export const TaxRateSchema = z.int().check(z.minimum(0), z.maximum(10_000));

/** Longest product name, in characters once trimmed. */
export const MAX_PRODUCT_NAME_LENGTH = 120;
/** Longest category, in characters once trimmed. */
export const MAX_CATEGORY_LENGTH = 60;
/** Highest price of a product, in minor units (ten million in a two-decimal currency). */
export const MAX_PRODUCT_PRICE = 1_000_000_000;

/** EAN-13 shape; the check digit is verified by {@link isValidEan13}. */
export const Ean13Schema = z.string().check(z.regex(/^\d{13}$/, 'not 13 digits'));

/** A barcode as stored and sent: 8 (EAN-8), 12 (UPC-A) or 13 (EAN-13) digits. */
export const BarcodeShapeSchema = z.string().check(z.regex(BARCODE_SHAPE, 'not 8, 12 or 13 digits'));

/** A barcode as typed by a manager: EAN-8, UPC-A or EAN-13 with a right check digit. */
export const BarcodeSchema = BarcodeShapeSchema.check(
  z.refine(isValidBarcode, 'wrong check digit'),
  z.meta({ rule: 'type an EAN-13, EAN-8 or UPC-A barcode with its check digit' }),
);

/** A product's name as typed: 1–120 characters once trimmed, on one line. */
export const ProductNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(MAX_PRODUCT_NAME_LENGTH),
    z.regex(/^[^\p{Cc}]*$/u),
    z.meta({ rule: `type 1 to ${MAX_PRODUCT_NAME_LENGTH} characters on one line` }),
  );

/** A category as typed: 1–60 characters once trimmed, on one line. */
export const CategorySchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(MAX_CATEGORY_LENGTH),
    z.regex(/^[^\p{Cc}]*$/u),
    z.meta({ rule: `type 1 to ${MAX_CATEGORY_LENGTH} characters on one line` }),
  );

/** A price as typed: tax included, integer minor units, 0 … {@link MAX_PRODUCT_PRICE}. */
export const ProductPriceSchema = z.int().check(z.minimum(0), z.maximum(MAX_PRODUCT_PRICE));

/**
 * A product's fields as a manager gives them (the API's create body, a CSV row once read):
 * `barcode` absent or null when the product has none.
 */
export const ProductFieldsSchema = z.strictObject({
  name: ProductNameSchema,
  price: ProductPriceSchema.check(z.meta({ unit: 'minor units' })),
  taxRate: TaxRateSchema.check(z.meta({ unit: 'basis points' })),
  category: CategorySchema,
  barcode: z.optional(z.nullable(BarcodeSchema)),
});
export type ProductFields = z.output<typeof ProductFieldsSchema>;

/**
 * A catalog product. `price` is tax-included, integer minor units of the config's currency.
 * `archived` is sent only where archived products are asked for (the back office).
 */
export const ProductSchema = z.object({
  id: IdSchema,
  name: z.string().check(z.minLength(1)),
  price: z.int().check(z.nonnegative()),
  taxRate: TaxRateSchema,
  category: z.string().check(z.minLength(1)),
  barcode: z.nullable(BarcodeShapeSchema),
  archived: z.optional(z.boolean()),
});
export type Product = z.infer<typeof ProductSchema>;
