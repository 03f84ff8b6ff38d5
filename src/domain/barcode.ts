/**
 * Barcode check digits, zod-free so that the till's first load (the product grid's scan) can use
 * them without the schemas (product.ts has the barcode schemas and re-exports these).
 */

/** The digit counts of the barcodes a product may carry: EAN-8, UPC-A and EAN-13. */
export const BARCODE_SHAPE = /^(?:\d{8}|\d{12}|\d{13})$/;

/** True when the 13 digits carry a right GS1 check digit (GS1 General Specifications 7.9.1). */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && isValidBarcode(code);
}

/**
 * True when `code` is an EAN-8, UPC-A (12 digits) or EAN-13 whose last digit is the GS1 check
 * digit of the others: weights 3 and 1 alternate from the digit next to it (GS1 General
 * Specifications 7.9.1).
 */
export function isValidBarcode(code: string): boolean {
  if (!BARCODE_SHAPE.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop();
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}
