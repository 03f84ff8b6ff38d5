import type { OrderLine, Payment } from './pos-order.js';

/** Totals of an order, all integer minor units. */
export interface OrderTotals {
  amountTotal: number;
  amountTax: number;
  amountPaid: number;
  amountReturn: number;
}

/**
 * Tax-included total of one line after its percent discount, rounded half up to a minor unit.
 * A refund's line (negative quantity) totals exactly minus the sale's line of the same units: the
 * rounding is done on the magnitude (`Math.round` alone rounds −2.5 to −2 but 2.5 to 3, and a
 * full refund would then give back a minor unit less than was paid).
 */
export function lineTotal(line: Pick<OrderLine, 'quantity' | 'unitPrice' | 'discount'>): number {
  const gross = line.unitPrice * Math.abs(line.quantity);
  return Math.sign(line.quantity) * Math.round((gross * (100 - (line.discount ?? 0))) / 100) || 0;
}

/**
 * Tax inside a tax-included amount at `taxRate` basis points: amount × rate / (10000 + rate),
 * rounded per line (Odoo's "round per line" mode, its default for point of sale). A negative
 * amount (a refund's line) gives exactly minus the tax of its magnitude, for the reason lineTotal
 * gives.
 */
export function includedTax(amount: number, taxRate: number): number {
  return Math.sign(amount) * Math.round((Math.abs(amount) * taxRate) / (10_000 + taxRate)) || 0;
}

/** Sum of line totals and of their taxes, minor units. */
export function cartTotals(lines: readonly OrderLine[]): { amountTotal: number; amountTax: number } {
  let amountTotal = 0;
  let amountTax = 0;
  for (const line of lines) {
    const total = lineTotal(line);
    amountTotal += total;
    amountTax += includedTax(total, line.taxRate);
  }
  return { amountTotal, amountTax };
}

/** Taxes grouped by rate for the receipt: `[{taxRate, base, tax}]`, minor units, by rate. */
export function taxesByRate(lines: readonly OrderLine[]): { taxRate: number; total: number; tax: number }[] {
  const byRate = new Map<number, { taxRate: number; total: number; tax: number }>();
  for (const line of lines) {
    const total = lineTotal(line);
    const row = byRate.get(line.taxRate) ?? { taxRate: line.taxRate, total: 0, tax: 0 };
    row.total += total;
    row.tax += includedTax(total, line.taxRate);
    byRate.set(line.taxRate, row);
  }
  return [...byRate.values()].sort((a, b) => a.taxRate - b.taxRate);
}

/** The cash among `payments`, minor units: what the change comes out of and what the cash rules count. */
export function cashOf(payments: readonly Payment[]): number {
  return payments.reduce((sum, p) => (p.method === 'cash' ? sum + p.amount : sum), 0);
}

/**
 * Full totals of an order: line totals, paid and change. On a sale, change may only come out of
 * cash: the change is at most the cash tendered (you cannot give back cash on a card
 * overpayment). On a refund (negative lines, so a negative total) the payments are the money given
 * back, exactly the total: no change. Returns null when the payments do not cover a sale's total
 * or the change exceeds the cash, or a refund's payments are not its total.
 */
export function orderTotals(lines: readonly OrderLine[], payments: readonly Payment[]): OrderTotals | null {
  const { amountTotal, amountTax } = cartTotals(lines);
  const amountPaid = payments.reduce((sum, p) => sum + p.amount, 0);
  if (lines.some((line) => line.quantity < 0))
    return amountPaid === amountTotal ? { amountTotal, amountTax, amountPaid, amountReturn: 0 } : null;
  const amountReturn = amountPaid - amountTotal;
  if (amountReturn < 0 || amountReturn > cashOf(payments)) return null;
  return { amountTotal, amountTax, amountPaid, amountReturn };
}

/**
 * Checks the amounts an order carries against its lines and payments (the server does this for
 * every upload: rule 5). Returns a reason, or null when they add up.
 */
export function totalsMismatch(
  order: OrderTotals & { lines: readonly OrderLine[]; payments: readonly Payment[] },
): string | null {
  const expected = orderTotals(order.lines, order.payments);
  if (!expected)
    return order.lines.some((line) => line.quantity < 0)
      ? 'the money given back is not the total of the refund'
      : 'payments do not cover the total, or change exceeds the cash tendered';
  for (const key of ['amountTotal', 'amountTax', 'amountPaid', 'amountReturn'] as const) {
    if (order[key] !== expected[key]) return `${key} is ${order[key]}, expected ${expected[key]}`;
  }
  return null;
}
