import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import {
  cartTotals,
  includedTax,
  lineTotal,
  orderTotals,
  taxesByRate,
  totalsMismatch,
} from '../../src/domain/order-totals.js';
import type { OrderLine } from '../../src/domain/pos-order.js';
import { PosOrderSchema } from '../../src/domain/pos-order.js';

/** A line builder: 1 × 1.20 at 5.5 % unless told otherwise. */
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

describe('order totals (integer minor units, tax included)', () => {
  it('a line total is unit price × quantity, after its percent discount, rounded half up', () => {
    expect(lineTotal(line({ quantity: 3 }))).toBe(360);
    expect(lineTotal(line({ unitPrice: 199, discount: 10 }))).toBe(179); // 179.1
    expect(lineTotal(line({ unitPrice: 105, discount: 50 }))).toBe(53); // 52.5 → 53
    expect(lineTotal(line({ discount: 100 }))).toBe(0);
  });

  it('the tax inside a tax-included amount is amount × rate / (1 + rate)', () => {
    expect(includedTax(120, 550)).toBe(6); // 6.25… → 6
    expect(includedTax(1200, 2000)).toBe(200);
    expect(includedTax(0, 2000)).toBe(0);
  });

  it('rounds tax per line, not on the sum (Odoo round-per-line)', () => {
    const lines = [
      line({ unitPrice: 10, taxRate: 2000 }),
      line({ unitPrice: 10, taxRate: 2000 }),
      line({ unitPrice: 10, taxRate: 2000 }),
    ];
    // each line: 10 × 2000 / 12000 = 1.67 → 2; per line 6, on the sum it would be 5.
    expect(cartTotals(lines)).toEqual({ amountTotal: 30, amountTax: 6 });
  });

  it('groups taxes by rate for the receipt', () => {
    expect(taxesByRate([line({ taxRate: 2000, unitPrice: 1200 }), line(), line()])).toEqual([
      { taxRate: 550, total: 240, tax: 12 },
      { taxRate: 2000, total: 1200, tax: 200 },
    ]);
  });

  it('gives change only out of cash', () => {
    expect(orderTotals([line()], [{ method: 'cash', amount: 200 }])).toMatchObject({
      amountPaid: 200,
      amountReturn: 80,
    });
    expect(
      orderTotals(
        [line()],
        [
          { method: 'card', amount: 100 },
          { method: 'cash', amount: 50 },
        ],
      ),
    ).toMatchObject({ amountReturn: 30 });
    expect(orderTotals([line()], [{ method: 'card', amount: 200 }])).toBeNull();
    expect(orderTotals([line()], [{ method: 'cash', amount: 100 }])).toBeNull();
  });

  it('totalsMismatch finds an order whose amounts do not add up, and accepts a right one', () => {
    const order = buildOrder(
      {
        uuid: crypto.randomUUID(),
        sessionId: 42,
        deviceNumber: 3,
        currency: 'EUR',
        createdAt: '2026-11-29T08:00:00.000Z',
        lines: [line()],
        payments: [{ method: 'cash', amount: 120 }],
      },
      1,
    );
    expect(PosOrderSchema.safeParse(order).success).toBe(true);
    expect(totalsMismatch(order)).toBeNull();
    expect(totalsMismatch({ ...order, amountTotal: 1 })).toMatch(/amountTotal/);
  });

  it('buildOrder refuses an empty cart and uncovered payments with validation_failed', () => {
    const draft = {
      uuid: crypto.randomUUID(),
      sessionId: 42,
      deviceNumber: 3,
      currency: 'EUR',
      createdAt: '2026-11-29T08:00:00.000Z',
      lines: [line()],
      payments: [],
    };
    expect(() => buildOrder({ ...draft, lines: [] }, 1)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => buildOrder(draft, 1)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('a sale that totals zero', () => {
  it('is a valid order with no payment (a free item or a 100 % discount), and any payment would be change', () => {
    const line: OrderLine = {
      productId: 1,
      name: 'Baguette',
      quantity: 1,
      unitPrice: 125,
      taxRate: 550,
      discount: 100,
    };
    const order = buildOrder(
      {
        uuid: '00000000-0000-4000-8000-000000000001',
        sessionId: 1,
        deviceNumber: 1,
        currency: 'EUR',
        createdAt: '2026-11-29T08:00:00.000Z',
        lines: [line],
        payments: [],
      },
      1,
    );
    expect(order).toMatchObject({
      amountTotal: 0,
      amountTax: 0,
      amountPaid: 0,
      amountReturn: 0,
      payments: [],
    });
    expect(PosOrderSchema.safeParse(order).success).toBe(true);
    expect(totalsMismatch(order)).toBeNull();
  });

  it('still refuses a non-zero sale with no payment', () => {
    const line: OrderLine = {
      productId: 1,
      name: 'Baguette',
      quantity: 1,
      unitPrice: 125,
      taxRate: 550,
      discount: 0,
    };
    expect(orderTotals([line], [])).toBeNull();
  });
});
