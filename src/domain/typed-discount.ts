import { discountProblem, type DiscountProblem } from './cart.js';
import { MAX_DISCOUNT_PERCENT } from './order-rules.js';

/** What a typed discount is: the whole percent it says, or why the till cannot take it as typed. */
export type TypedDiscount =
  { ok: true; percent: number } | { ok: false; problem: 'empty' | 'not_a_number' | DiscountProblem };

/**
 * A discount as typed by the cashier, read exactly: digits, optionally a `%` after them ("15",
 * "15 %"), and a fraction only when it is zero ("15.0", "15,00"). Anything else is refused with
 * its reason, never rounded or clamped: "12,5" is `not_whole`, "150" `over_100`, "-10" and
 * "−10" `negative`, "abc" and "1e2" `not_a_number`, "" `empty`.
 */
export function readTypedDiscount(text: string): TypedDiscount {
  const typed = text.trim();
  if (typed === '') return { ok: false, problem: 'empty' };
  const match = /^([-−])?\s*(\d+)(?:[.,](\d*))?\s*%?$/.exec(typed);
  if (!match) return { ok: false, problem: 'not_a_number' };
  const [, sign, whole = '', fraction = ''] = match;
  const value = Number(whole);
  const fractional = /[1-9]/.test(fraction);
  if (sign && (value > 0 || fractional)) return { ok: false, problem: 'negative' };
  if (fractional) return { ok: false, problem: value >= MAX_DISCOUNT_PERCENT ? 'over_100' : 'not_whole' }; // 100.5 is over, 12.5 not whole
  const problem = discountProblem(value);
  return problem ? { ok: false, problem } : { ok: true, percent: value };
}
