import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import {
  cartTotals,
  includedTax,
  lineTotal,
  orderTotals,
  totalsMismatch,
} from '../../src/domain/order-totals.js';
import {
  isRefund,
  MAX_LINE_QUANTITY,
  PosOrderSchema,
  type OrderLine,
  type Payment,
  type PosOrder,
} from '../../src/domain/pos-order.js';

const UUID = '00000000-0000-4000-8000-000000000001';
const ORIGINAL = '00000000-0000-4000-8000-0000000000aa';
const PROOF = `${'A'.repeat(43)}=`;

function line(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    productId: 1,
    name: 'Baguette',
    quantity: 1,
    unitPrice: 120,
    taxRate: 550,
    discount: 0,
    ...overrides,
  };
}

/** An order of `lines` paid with `payments` (totals by buildOrder), plus `extra` fields. */
function order(lines: OrderLine[], payments: Payment[], extra: Partial<PosOrder> = {}): PosOrder {
  const built = buildOrder(
    {
      uuid: UUID,
      sessionId: 1,
      deviceNumber: 1,
      currency: 'EUR',
      createdAt: '2026-12-06T08:00:00.000Z',
      lines,
      payments,
    },
    1,
  );
  return { ...built, ...extra };
}

/** The messages of the schema's issues, by dot path. */
function problems(value: unknown): Record<string, string> {
  const parsed = PosOrderSchema.safeParse(value);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('a refund is an order with negative lines and payments', () => {
  it('totals a refund line as exactly minus the sale line, rounding included', () => {
    const discounted = { unitPrice: 105, discount: 50 }; // 52.5 → 53 on the sale
    expect(lineTotal(line({ ...discounted, quantity: 1 }))).toBe(53);
    expect(lineTotal(line({ ...discounted, quantity: -1 }))).toBe(-53);
    expect(includedTax(-120, 550)).toBe(-includedTax(120, 550));
    expect(Object.is(lineTotal(line({ quantity: -1, discount: 100 })), 0)).toBe(true);
  });

  it('for any lines, the refund of all of them totals minus the sale (property)', () => {
    const lineArb = fc.record({
      productId: fc.integer({ min: 1, max: 50 }),
      name: fc.constant('Item'),
      quantity: fc.integer({ min: 1, max: MAX_LINE_QUANTITY }),
      unitPrice: fc.integer({ min: 0, max: 100_000 }),
      taxRate: fc.constantFrom(0, 550, 1000, 2000),
      discount: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), (lines) => {
        const sale = cartTotals(lines);
        const refund = cartTotals(lines.map((l) => ({ ...l, quantity: -l.quantity })));
        expect(refund.amountTotal).toBe(-sale.amountTotal || 0);
        expect(refund.amountTax).toBe(-sale.amountTax || 0);
      }),
    );
  });

  it('a refund pays back exactly its total, without change, in any methods', () => {
    const lines = [line({ quantity: -2 })];
    expect(orderTotals(lines, [{ method: 'cash', amount: -240 }])).toEqual({
      amountTotal: -240,
      amountTax: -13, // 240 × 550 / 10550 = 12.51…
      amountPaid: -240,
      amountReturn: 0,
    });
    expect(
      orderTotals(lines, [
        { method: 'card', amount: -100 },
        { method: 'cash', amount: -140 },
      ]),
    ).not.toBeNull();
    expect(orderTotals(lines, [{ method: 'cash', amount: -300 }])).toBeNull();
    expect(orderTotals(lines, [{ method: 'cash', amount: -200 }])).toBeNull();
  });

  it('a refund of an original passes the schema and its totals check', () => {
    const refund = order([line({ quantity: -2 })], [{ method: 'cash', amount: -240 }], {
      refundOf: ORIGINAL,
    });
    expect(problems(refund)).toEqual({});
    expect(isRefund(refund)).toBe(true);
    expect(totalsMismatch(refund)).toBeNull();
    expect(totalsMismatch({ ...refund, amountTax: -11 })).toMatch(/amountTax/);
  });

  it('a refund without receipt needs a manager proof and a reason', () => {
    const lines = [line({ quantity: -1 })];
    const payments: Payment[] = [{ method: 'card', amount: -120 }];
    expect(problems(order(lines, payments, { managerProof: PROOF, reason: 'Damaged, no receipt' }))).toEqual(
      {},
    );
    expect(problems(order(lines, payments))).toEqual({ refundOf: expect.stringMatching(/managerProof/) });
    expect(problems(order(lines, payments, { managerProof: PROOF }))).toEqual({ reason: expect.any(String) });
    expect(Object.keys(problems(order(lines, payments, { managerProof: PROOF, reason: ' ' })))).toEqual([
      'reason',
    ]);
    expect(Object.keys(problems(order(lines, payments, { managerProof: 'short', reason: 'x' })))).toEqual([
      'managerProof',
    ]);
  });

  it('refuses a manager proof beside refundOf: a refund of an original is checked against it, never approved instead', () => {
    const lines = [line({ quantity: -1 })];
    const payments: Payment[] = [{ method: 'card', amount: -120 }];
    expect(
      problems(order(lines, payments, { refundOf: ORIGINAL, managerProof: PROOF, reason: 'Old till' })),
    ).toEqual({ managerProof: expect.stringMatching(/refundOf/) });
  });

  it('refuses an order with both signs, and every amount of the wrong sign', () => {
    const mixed = {
      ...order([line({ quantity: -1 })], [{ method: 'cash', amount: -120 }]),
      refundOf: ORIGINAL,
    };
    mixed.lines = [...mixed.lines, line({ quantity: 1 })];
    expect(problems(mixed)).toMatchObject({ 'lines.1.quantity': expect.stringMatching(/-9999 to -1/) });
    const refund = order([line({ quantity: -1 })], [{ method: 'cash', amount: -120 }], {
      refundOf: ORIGINAL,
    });
    expect(
      Object.keys(
        problems({
          ...refund,
          payments: [{ method: 'cash', amount: 120 }],
          amountPaid: 120,
          amountReturn: 240,
        }),
      ).sort(),
    ).toEqual(['amountPaid', 'amountReturn', 'payments.0.amount']);
    expect(Object.keys(problems({ ...refund, amountTotal: 120 }))).toEqual(['amountTotal']);
  });

  it('keeps a sale as it was: quantities from 1, positive payments, no refund fields', () => {
    const sale = order([line()], [{ method: 'cash', amount: 200 }]);
    expect(problems(sale)).toEqual({});
    expect(isRefund(sale)).toBe(false);
    expect(problems({ ...sale, lines: [line({ quantity: 0 })] })).toEqual({
      'lines.0.quantity': 'a whole number from 1 to 9999',
    });
    expect(problems({ ...sale, payments: [{ method: 'cash', amount: 0 }] })).toEqual({
      'payments.0.amount': 'a whole number, 1 or more',
    });
    expect(problems({ ...sale, reason: 'why not' })).toEqual({ reason: 'only on a refund' });
    expect(Object.keys(problems({ ...sale, amountTotal: -1 }))).toEqual(['amountTotal']);
  });
});
