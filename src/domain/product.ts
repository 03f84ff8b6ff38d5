import { z } from './zod.js';
import { IdSchema } from './ids.js';

/** Tax rate in basis points: 550 = 5.5 %, 2000 = 20 %. */
export const TaxRateSchema = z.number().int().min(0).max(10_000);

/** EAN-13 shape; the check digit is verified by {@link isValidEan13}. */
export const Ean13Schema = z.string().regex(/^\d{13}$/, 'not 13 digits');

/** A catalog product. `price` is tax-included, integer minor units of the config's currency. */
export const ProductSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  price: z.number().int().nonnegative(),
  taxRate: TaxRateSchema,
  category: z.string().min(1),
  barcode: Ean13Schema.nullable(),
});
export type Product = z.infer<typeof ProductSchema>;

/** True when the 13 digits carry a right GS1 check digit (GS1 General Specifications 7.9.1). */
export function isValidEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}
