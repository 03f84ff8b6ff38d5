import { describe, expect, it } from 'vitest';
import { addProduct, cartUnits, removeLine, setDiscount, setQuantity, type Cart } from '../../src/domain/cart.js';
import { MAX_LINE_QUANTITY } from '../../src/domain/pos-order.js';
import type { Product } from '../../src/domain/product.js';

const baguette: Product = { id: 1, name: 'Baguette', price: 120, taxRate: 550, category: 'Bakery', barcode: null };
const milk: Product = { id: '2', name: 'Whole milk 1 L', price: 109, taxRate: 550, category: 'Dairy', barcode: null };

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

  it('setQuantity: 0 or less removes the line; truncates; caps at MAX_LINE_QUANTITY', () => {
    const cart = addProduct([], baguette);
    expect(setQuantity(cart, 0, 0)).toEqual([]);
    expect(setQuantity(cart, 0, 2.7)[0]?.quantity).toBe(2);
    expect(setQuantity(cart, 0, 1e9)[0]?.quantity).toBe(MAX_LINE_QUANTITY);
  });

  it('setDiscount clamps to whole percents 0–100; removeLine removes one line', () => {
    const cart = addProduct(addProduct([], baguette), milk);
    expect(setDiscount(cart, 0, 150)[0]?.discount).toBe(100);
    expect(setDiscount(cart, 0, -5)[0]?.discount).toBe(0);
    expect(setDiscount(cart, 0, 12.9)[0]?.discount).toBe(12);
    expect(removeLine(cart, 0).map((l) => l.name)).toEqual(['Whole milk 1 L']);
  });
});
