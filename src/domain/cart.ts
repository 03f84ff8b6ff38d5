import type { OrderLine } from './pos-order.js';
import { MAX_LINE_QUANTITY } from './pos-order.js';
import type { Product } from './product.js';
import { sameId } from './ids.js';

/** A cart is the list of lines being sold; functions here return a new cart, never mutate. */
export type Cart = readonly OrderLine[];

/** Adds one unit of `product`: a new line, or one more on the line already holding it. */
export function addProduct(cart: Cart, product: Product): Cart {
  const index = cart.findIndex((l) => sameId(l.productId, product.id) && l.discount === 0);
  const line = cart[index];
  if (!line) {
    return [
      ...cart,
      { productId: product.id, name: product.name, quantity: 1, unitPrice: product.price, taxRate: product.taxRate, discount: 0 },
    ];
  }
  return setQuantity(cart, index, line.quantity + 1);
}

/** Sets the quantity of line `index`; 0 or less removes it; capped at MAX_LINE_QUANTITY. */
export function setQuantity(cart: Cart, index: number, quantity: number): Cart {
  if (quantity <= 0) return removeLine(cart, index);
  return cart.map((l, i) => (i === index ? { ...l, quantity: Math.min(MAX_LINE_QUANTITY, Math.trunc(quantity)) } : l));
}

/** Removes line `index`. */
export function removeLine(cart: Cart, index: number): Cart {
  return cart.filter((_, i) => i !== index);
}

/** Sets the percent discount of line `index` (whole percent, clamped to 0–100). */
export function setDiscount(cart: Cart, index: number, percent: number): Cart {
  const discount = Math.min(100, Math.max(0, Math.trunc(percent)));
  return cart.map((l, i) => (i === index ? { ...l, discount } : l));
}

/** Number of units in the cart. */
export function cartUnits(cart: Cart): number {
  return cart.reduce((n, l) => n + l.quantity, 0);
}
