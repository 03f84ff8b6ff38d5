import type { OrderLine } from './pos-order.js';
import { MAX_DISCOUNT_PERCENT, MAX_LINE_QUANTITY, MAX_ORDER_LINES } from './order-rules.js';
import { PosError } from './pos-error.js';
import type { Product } from './product.js';
import { sameId } from './same-id.js';

/** A cart is the list of lines being sold; functions here return a new cart, never mutate. */
export type Cart = readonly OrderLine[];

/** Why a quantity cannot be put on a line: not a whole number, less than 1, more than MAX_LINE_QUANTITY. */
export type QuantityProblem = 'not_whole' | 'below_one' | 'over_max';

/** Why a discount cannot be put on a line: not a whole percent, below 0, above MAX_DISCOUNT_PERCENT. */
export type DiscountProblem = 'not_whole' | 'negative' | 'over_100';

/**
 * Why `quantity` cannot be a line's quantity, or null when it can (a whole number from 1 to
 * MAX_LINE_QUANTITY). The till asks this before {@link setQuantity}, so it can say why.
 */
export function quantityProblem(quantity: number): QuantityProblem | null {
  if (Number.isNaN(quantity)) return 'not_whole';
  if (quantity > MAX_LINE_QUANTITY) return 'over_max';
  if (quantity < 1) return 'below_one';
  return Number.isInteger(quantity) ? null : 'not_whole';
}

/**
 * Why `percent` cannot be a line's discount, or null when it can (a whole percent from 0 to
 * MAX_DISCOUNT_PERCENT, as OrderLineSchema says). The till asks this before {@link setDiscount}.
 */
export function discountProblem(percent: number): DiscountProblem | null {
  if (Number.isNaN(percent)) return 'not_whole';
  if (percent < 0) return 'negative';
  if (percent > MAX_DISCOUNT_PERCENT) return 'over_100';
  return Number.isInteger(percent) ? null : 'not_whole';
}

/**
 * Adds one unit of `product`: one more on the undiscounted line already holding it, or a new line
 * (also when that line already holds MAX_LINE_QUANTITY: the unit is never dropped). A new line past
 * MAX_ORDER_LINES is refused, since the server refuses such an order: the cart comes back as it
 * was, the same object.
 */
export function addProduct(cart: Cart, product: Product): Cart {
  const index = cart.findIndex(
    (l) => sameId(l.productId, product.id) && l.discount === 0 && l.quantity < MAX_LINE_QUANTITY,
  );
  const line = cart[index];
  if (!line) {
    if (cart.length >= MAX_ORDER_LINES) return cart;
    return [
      ...cart,
      {
        productId: product.id,
        name: product.name,
        quantity: 1,
        unitPrice: product.price,
        taxRate: product.taxRate,
        discount: 0,
      },
    ];
  }
  return setQuantity(cart, index, line.quantity + 1);
}

/**
 * Sets the quantity of line `index` to exactly `quantity`; 0 removes the line. Throws
 * `PosError('validation_failed')` for anything else outside {@link quantityProblem}'s rule
 * (negative, fractional, above MAX_LINE_QUANTITY): nothing is rounded or capped.
 */
export function setQuantity(cart: Cart, index: number, quantity: number): Cart {
  if (quantity === 0) return removeLine(cart, index);
  const problem = quantityProblem(quantity);
  if (problem)
    throw new PosError(
      'validation_failed',
      `quantity ${quantity} refused: ${problem} (1 to ${MAX_LINE_QUANTITY}, or 0 to remove)`,
    );
  return cart.map((l, i) => (i === index ? { ...l, quantity } : l));
}

/** Removes line `index`. */
export function removeLine(cart: Cart, index: number): Cart {
  return cart.filter((_, i) => i !== index);
}

/**
 * Sets the discount of line `index` to exactly `percent` (a whole percent, 0 takes it off).
 * Throws `PosError('validation_failed')` when {@link discountProblem} refuses it: nothing is
 * rounded or clamped.
 */
export function setDiscount(cart: Cart, index: number, percent: number): Cart {
  const problem = discountProblem(percent);
  if (problem)
    throw new PosError(
      'validation_failed',
      `discount ${percent} refused: ${problem} (a whole percent, 0 to ${MAX_DISCOUNT_PERCENT})`,
    );
  return cart.map((l, i) => (i === index ? { ...l, discount: percent } : l));
}

/** Number of units in the cart. */
export function cartUnits(cart: Cart): number {
  return cart.reduce((n, l) => n + l.quantity, 0);
}
