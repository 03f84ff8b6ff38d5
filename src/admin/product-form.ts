import { msg, str } from '@lit/localize';
import { currentLocale } from '../app/locale.js';
import type { Words } from './admin-errors.js';
import { formatMoney, formatNumber, moneyDigits } from './admin-format.js';
import type { Product, ProductInput } from './admin-types.js';
import { readScaledDecimal, scaledToText } from './decimal-input.js';

/**
 * Field limits of a product (src/domain/product.ts, which the back office cannot import: it
 * loads zod). The server checks them again; these let the form say so before sending.
 */
export const PRODUCT_LIMITS = {
  nameLength: 120,
  categoryLength: 60,
  /** Highest price, minor units. */
  price: 1_000_000_000,
  /** Highest tax rate, basis points (100 %). */
  taxRate: 10_000,
} as const;

/** Tax rates are typed in percent with up to two decimals: basis points. */
const TAX_DIGITS = 2;

/** The product form's fields, in the order shown (the first bad one takes focus). */
export const PRODUCT_FIELDS = ['name', 'category', 'price', 'taxRate', 'barcode'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** The form as typed. */
export type ProductFormValues = Record<ProductField, string>;
export type ProductFieldErrors = Partial<Record<ProductField, Words>>;

/**
 * The product body for what the form holds, or each bad field's problem (then nothing is sent).
 * Name 1–120 and category 1–60 characters once trimmed; price in major units of `currency` with
 * at most its decimals ("2.50", "2,5"; "2.505" in euros is refused, never rounded), 0 up to
 * the limit; tax rate in percent with at most two decimals, 0–100 ("5.5" → 550 basis points);
 * barcode empty (none: null) or 8, 12 or 13 digits (its check digit is the server's to verify).
 */
export function productFromForm(
  values: ProductFormValues,
  currency: string,
): { product: ProductInput } | { errors: ProductFieldErrors } {
  const errors: ProductFieldErrors = {};
  const name = values.name.trim();
  if (name === '' || name.length > PRODUCT_LIMITS.nameLength || /\p{Cc}/u.test(name))
    errors.name = () => productFieldRule('name', currency);
  const category = values.category.trim();
  if (category === '' || category.length > PRODUCT_LIMITS.categoryLength || /\p{Cc}/u.test(category))
    errors.category = () => productFieldRule('category', currency);
  const price = readScaledDecimal(values.price, moneyDigits(currency));
  if (price === null || price > PRODUCT_LIMITS.price)
    errors.price = () => productFieldRule('price', currency);
  const taxRate = readScaledDecimal(values.taxRate, TAX_DIGITS);
  if (taxRate === null || taxRate > PRODUCT_LIMITS.taxRate)
    errors.taxRate = () => productFieldRule('taxRate', currency);
  const barcode = values.barcode.trim();
  if (barcode !== '' && !/^(?:\d{8}|\d{12}|\d{13})$/.test(barcode))
    errors.barcode = () => productFieldRule('barcode', currency);
  if (Object.keys(errors).length > 0 || price === null || taxRate === null) return { errors };
  return { product: { name, category, price, taxRate, barcode: barcode === '' ? null : barcode } };
}

/** What the form shows to edit `product`: price in major units and tax in percent, in the locale's decimal mark. */
export function productFormValues(
  product: Product,
  currency: string,
  locale: string = currentLocale(),
): ProductFormValues {
  const decimal =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  return {
    name: product.name,
    category: product.category,
    price: scaledToText(product.price, moneyDigits(currency), decimal),
    taxRate: scaledToText(product.taxRate, TAX_DIGITS, decimal, true),
    barcode: product.barcode ?? '',
  };
}

/** A tax rate in basis points as people read it: 550 → "5.5 %" ("5,5 %" in French). */
export function formatTaxRate(basisPoints: number, locale: string = currentLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

/**
 * The rule of `field` in the manager's words, prefixed by its label: what the form says of a bad
 * value, and what it says when the server refuses the field (`error.field` of a 400).
 */
export function productFieldRule(
  field: ProductField,
  currency: string,
  locale: string = currentLocale(),
): string {
  const n = (value: number) => formatNumber(value, locale);
  switch (field) {
    case 'name':
      return msg(str`Name: type 1 to ${n(PRODUCT_LIMITS.nameLength)} characters on one line`);
    case 'category':
      return msg(str`Category: type 1 to ${n(PRODUCT_LIMITS.categoryLength)} characters on one line`);
    case 'price': {
      const digits = moneyDigits(currency);
      const max = formatMoney(PRODUCT_LIMITS.price, currency, locale);
      return digits === 0
        ? msg(str`Price: a whole amount from 0 to ${max}, without decimals`)
        : msg(str`Price: an amount from 0 to ${max} with at most ${n(digits)} decimals, such as 2.50`);
    }
    case 'taxRate':
      return msg('Tax: a rate in percent from 0 to 100 with at most 2 decimals, such as 5.5');
    case 'barcode':
      return msg('Barcode: an EAN-13, EAN-8 or UPC-A barcode with its check digit, or empty for none');
  }
}

/** The form field a server's `error.field` names (`price`, `barcode`), or null for another. */
export function productFieldOf(path: string | null | undefined): ProductField | null {
  const head = path?.split('.')[0] ?? '';
  return (PRODUCT_FIELDS as readonly string[]).includes(head) ? (head as ProductField) : null;
}

/** The products whose name, category or barcode hold `query` (any case); all for an empty query. */
export function matchProducts(products: readonly Product[], query: string): Product[] {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return [...products];
  return products.filter(
    (p) =>
      p.name.toLocaleLowerCase().includes(q) ||
      p.category.toLocaleLowerCase().includes(q) ||
      (p.barcode ?? '').includes(q),
  );
}
