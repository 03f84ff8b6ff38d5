import { describe, expect, it } from 'vitest';
import {
  addProduct,
  cartUnits,
  discountProblem,
  quantityProblem,
  removeLine,
  setDiscount,
  setQuantity,
  type Cart,
} from '../../src/domain/cart.js';
import { PosError } from '../../src/domain/pos-error.js';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../src/domain/pos-order.js';
import type { Product } from '../../src/domain/product.js';

const baguette: Product = {
  id: 1,
  name: 'Baguette',
  price: 120,
  taxRate: 550,
  category: 'Bakery',
  barcode: null,
};
const milk: Product = {
  id: '2',
  name: 'Whole milk 1 L',
  price: 109,
  taxRate: 550,
  category: 'Dairy',
  barcode: null,
};

describe('cart', () => {
  it('adds a product as a line, then counts up on the same line', () => {
    const cart = addProduct(addProduct(addProduct([], baguette), milk), baguette);
    expect(cart.map((l) => [l.name, l.quantity])).toEqual([
      ['Baguette', 2],
      ['Whole milk 1 L', 1],
    ]);
    expect(cart[0]).toMatchObject({ unitPrice: 120, taxRate: 550, discount: 0 });
    expect(cartUnits(cart)).toBe(3);
  });

  it('never mutates the cart it was given', () => {
    const cart: Cart = Object.freeze(addProduct([], baguette));
    expect(() => addProduct(cart, baguette)).not.toThrow();
    expect(cart[0]?.quantity).toBe(1);
  });

  it('a discounted line is not merged with a new unit of the same product', () => {
    const cart = addProduct(setDiscount(addProduct([], baguette), 0, 10), baguette);
    expect(cart).toHaveLength(2);
  });

  it('setQuantity sets exactly the quantity asked; 0 removes the line', () => {
    const cart = addProduct([], baguette);
    expect(setQuantity(cart, 0, 0)).toEqual([]);
    expect(setQuantity(cart, 0, 24)[0]?.quantity).toBe(24);
    expect(setQuantity(cart, 0, MAX_LINE_QUANTITY)[0]?.quantity).toBe(MAX_LINE_QUANTITY);
  });

  it('setQuantity refuses, never rounds or caps: a fraction, a negative, more than MAX_LINE_QUANTITY, NaN', () => {
    const cart: Cart = Object.freeze(addProduct([], baguette));
    for (const quantity of [2.7, -1, MAX_LINE_QUANTITY + 1, 1e9, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(
        codeOf(() => setQuantity(cart, 0, quantity)),
        String(quantity),
      ).toBe('validation_failed');
    }
    expect(cart[0]?.quantity).toBe(1);
  });

  it('quantityProblem names why a quantity cannot be a line’s', () => {
    expect([1, 24, MAX_LINE_QUANTITY].map(quantityProblem)).toEqual([null, null, null]);
    expect(quantityProblem(0)).toBe('below_one');
    expect(quantityProblem(-3)).toBe('below_one');
    expect(quantityProblem(MAX_LINE_QUANTITY + 1)).toBe('over_max');
    expect(quantityProblem(Number.POSITIVE_INFINITY)).toBe('over_max');
    expect(quantityProblem(2.5)).toBe('not_whole');
    expect(quantityProblem(Number.NaN)).toBe('not_whole');
  });

  it('a tap on a product whose line is full starts a new line instead of dropping the unit', () => {
    const full = setQuantity(addProduct([], baguette), 0, MAX_LINE_QUANTITY);
    const cart = addProduct(full, baguette);
    expect(cart.map((l) => l.quantity)).toEqual([MAX_LINE_QUANTITY, 1]);
    expect(cartUnits(cart)).toBe(MAX_LINE_QUANTITY + 1);
  });

  it('setDiscount sets a whole percent 0–100 exactly; removeLine removes one line', () => {
    const cart = addProduct(addProduct([], baguette), milk);
    expect(setDiscount(cart, 0, 100)[0]?.discount).toBe(100);
    expect(setDiscount(setDiscount(cart, 0, 15), 0, 0)[0]?.discount).toBe(0);
    expect(setDiscount(cart, 1, 12)[1]?.discount).toBe(12);
    expect(removeLine(cart, 0).map((l) => l.name)).toEqual(['Whole milk 1 L']);
  });

  it('setDiscount refuses, never clamps or truncates: 150, 99999999999, 12.5, −10, NaN', () => {
    const cart: Cart = Object.freeze(addProduct([], baguette));
    for (const percent of [150, 99_999_999_999, 12.5, 12.9, -10, Number.NaN]) {
      expect(
        codeOf(() => setDiscount(cart, 0, percent)),
        String(percent),
      ).toBe('validation_failed');
    }
    expect(cart[0]?.discount).toBe(0);
    expect([150, 12.5, -10, 0, 100].map(discountProblem)).toEqual([
      'over_100',
      'not_whole',
      'negative',
      null,
      null,
    ]);
  });
});

/** The PosError code `fn` throws, or 'no error'. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof PosError ? error.code : `not a PosError: ${String(error)}`;
  }
  return 'no error';
}

describe('a cart of MAX_ORDER_LINES lines, the most the server accepts in one order', () => {
  const full: Cart = Array.from({ length: MAX_ORDER_LINES }, (_, i) => ({
    productId: i === 0 ? baguette.id : 1000 + i,
    name: `Product ${i}`,
    quantity: 1,
    unitPrice: 100,
    taxRate: 550,
    discount: 0,
  }));

  it('refuses a 501st line: the same cart comes back, so the order never exceeds the server’s limit', () => {
    expect(MAX_ORDER_LINES).toBe(500);
    expect(addProduct(full, milk)).toBe(full);
    // A line whose product sits at MAX_LINE_QUANTITY would need a new line too: refused as well.
    const atMax = full.map((l, i) => (i === 0 ? { ...l, quantity: MAX_LINE_QUANTITY } : l));
    expect(addProduct(atMax, baguette)).toBe(atMax);
  });

  it('still adds a unit to a line already holding the product', () => {
    const more = addProduct(full, baguette);
    expect(more).toHaveLength(MAX_ORDER_LINES);
    expect(more[0]?.quantity).toBe(2);
  });
});
