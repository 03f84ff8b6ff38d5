import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOrder } from '../../src/domain/build-order.js';
import { cartTotals } from '../../src/domain/order-totals.js';
import { PosError } from '../../src/domain/pos-error.js';
import {
  PosOrderSchema,
  refundLineKey,
  type OrderLine,
  type Payment,
  type PosOrder,
} from '../../src/domain/pos-order.js';
import {
  defaultRefundMethod,
  fullyRefunded,
  notCountedBy,
  overRefundProblem,
  refundableRows,
  refundDraft,
  refundedOnServer,
} from '../../src/domain/refund-draft.js';

const BAGUETTE: OrderLine = {
  productId: 1,
  name: 'Baguette',
  quantity: 2,
  unitPrice: 120,
  taxRate: 550,
  discount: 0,
};
const WINE: OrderLine = {
  productId: 7,
  name: 'Wine',
  quantity: 1,
  unitPrice: 695,
  taxRate: 2000,
  discount: 10,
};

let sequence = 0;
/** An order built as the till builds it (reference and totals by buildOrder). */
function order(lines: OrderLine[], payments: Payment[], refund?: PosOrder): PosOrder {
  sequence += 1;
  return buildOrder(
    {
      uuid: crypto.randomUUID(),
      sessionId: 12,
      deviceNumber: 3,
      currency: 'EUR',
      createdAt: '2026-12-06T08:00:00.000Z',
      lines,
      payments,
      ...(refund ? { refund: { uuid: refund.uuid, reference: refund.reference } } : {}),
    },
    sequence,
  );
}

/** A sale of two baguettes and a discounted wine, paid `method`. */
function sale(method: Payment['method'] = 'cash'): PosOrder {
  return order([BAGUETTE, WINE], [{ method, amount: 240 + 626 }]);
}

/** The refund order of `parts` of `original`, as the outbox would store it. */
function refundOf(original: PosOrder, quantities: number[], earlier: PosOrder[] = []): PosOrder {
  const parts = refundDraft(original, refundableRows(original, earlier), quantities);
  return order(parts.lines, parts.payments, original);
}

describe('refundable quantities', () => {
  it('a second refund on the tablet sees what the first took back, so the two never exceed what was sold', () => {
    const original = sale();
    const first = refundOf(original, [1, 0]);
    expect(refundableRows(original, [original, first]).map((r) => r.refundable)).toEqual([1, 1]);
    const second = refundOf(original, [1, 1], [first]);
    expect(refundableRows(original, [first, second]).map((r) => r.refundable)).toEqual([0, 0]);
    expect(fullyRefunded(original, [first, second])).toBe(true);
  });

  it('refunds of another order do not count against this one', () => {
    const original = sale();
    const other = sale();
    const ofOther = refundOf(other, [2, 1]);
    expect(refundableRows(original, [ofOther]).map((r) => r.refundable)).toEqual([2, 1]);
  });

  it('lines of one identity (same product, price, discount, tax) are one row, as the server counts them', () => {
    const original = order([BAGUETTE, { ...BAGUETTE, quantity: 1 }], [{ method: 'cash', amount: 360 }]);
    const rows = refundableRows(original, []);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sold: 3, refundable: 3 });
  });
});

describe('a refund draft', () => {
  it('refuses a quantity over what is left, with over_refund, instead of giving back more than was sold', () => {
    const original = sale();
    const first = refundOf(original, [2, 0]);
    expect(() => refundDraft(original, refundableRows(original, [first]), [1, 0])).toThrow(
      expect.objectContaining({ code: 'over_refund' }),
    );
  });

  it('refuses nothing asked back, a negative or broken quantity, and a refund of a refund', () => {
    const original = sale();
    for (const quantities of [[0, 0], [-1, 0], [0.5, 0], [1]]) {
      expect(() => refundDraft(original, refundableRows(original, []), quantities)).toThrow(PosError);
    }
    const refund = refundOf(original, [1, 0]);
    expect(() => refundDraft(refund, refundableRows(refund, []), [1])).toThrow(/cannot be refunded/);
  });

  it('builds negative lines and one negative payment that PosOrderSchema accepts as a refund', () => {
    const original = sale('card');
    const refund = refundOf(original, [1, 1]);
    expect(refund.lines.map((l) => l.quantity)).toEqual([-1, -1]);
    expect(refund.payments).toEqual([{ method: 'card', amount: -120 - 626 }]);
    expect(refund).toMatchObject({
      refundOf: original.uuid,
      amountTotal: -746,
      amountPaid: -746,
      amountReturn: 0,
    });
    expect(refund.amountTax).toBeLessThan(0);
    expect(PosOrderSchema.safeParse(refund).success).toBe(true);
  });

  it('a full refund gives back exactly what the sale took (property), and every draft parses', () => {
    const lineArb = fc.record({
      productId: fc.integer({ min: 1, max: 5 }),
      name: fc.constant('Item'),
      quantity: fc.integer({ min: 1, max: 20 }),
      unitPrice: fc.integer({ min: 0, max: 10_000 }),
      taxRate: fc.constantFrom(0, 550, 2000),
      discount: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), (lines) => {
        const total = cartTotals(lines).amountTotal;
        const original = order(lines, total === 0 ? [] : [{ method: 'cash', amount: total }]);
        const rows = refundableRows(original, []);
        const refund = refundOf(
          original,
          rows.map((r) => r.refundable),
        );
        expect(PosOrderSchema.safeParse(refund).success).toBe(true);
        // Rows merge lines of one identity; line totals round per line, so compare per identity.
        const merged = cartTotals(rows.map((r) => ({ ...r.line, quantity: r.sold }))).amountTotal;
        expect(refund.amountTotal + merged).toBe(0);
        if (rows.length === lines.length) expect(refund.amountTotal + original.amountTotal).toBe(0);
        expect(fullyRefunded(original, [refund])).toBe(true);
      }),
    );
  });

  it('a refund of a line given away (100 % discount) carries no payment', () => {
    const original = order([{ ...BAGUETTE, discount: 100 }], []);
    const refund = refundOf(original, [1]);
    expect(refund.payments).toEqual([]);
    expect(PosOrderSchema.safeParse(refund).success).toBe(true);
  });
});

describe('the refund method and the outbox check', () => {
  it('defaults to the method that kept the most of the sale, cash net of its change', () => {
    expect(defaultRefundMethod(sale('card'))).toBe('card');
    expect(defaultRefundMethod(sale('cash'))).toBe('cash');
    const split = order(
      [BAGUETTE],
      [
        { method: 'cash', amount: 300 },
        { method: 'card', amount: 150 },
      ],
    );
    // 300 cash tendered, 210 of it given back as change: the card kept more.
    expect(split.amountReturn).toBe(210);
    expect(defaultRefundMethod(split)).toBe('card');
  });

  it('overRefundProblem sums a refund’s lines of one identity before comparing', () => {
    const original = sale();
    const twice = [
      { ...BAGUETTE, quantity: -2 },
      { ...BAGUETTE, quantity: -1 },
    ];
    expect(overRefundProblem(original, twice, [])).toMatch(/3 × Baguette asked back/);
    expect(overRefundProblem(original, [{ ...BAGUETTE, quantity: -2 }], [])).toBeNull();
    expect(overRefundProblem(original, [{ ...BAGUETTE, unitPrice: 100, quantity: -1 }], [])).toMatch(
      /0 left/,
    );
  });
});

describe('an original looked up on the server', () => {
  it('what the server’s stored refunds took back is not offered again, on top of this tablet’s unsent refunds', () => {
    const original = sale();
    const onServer = refundedOnServer([{ ...BAGUETTE, quantity: 1 }]);
    const unsent = refundOf(original, [0, 1]);
    expect(refundableRows(original, [unsent], onServer).map((r) => r.refundable)).toEqual([1, 0]);
    expect(() => refundDraft(original, refundableRows(original, [unsent], onServer), [2, 0], 'cash')).toThrow(
      PosError,
    );
    expect(overRefundProblem(original, [{ ...BAGUETTE, quantity: -2 }], [unsent], onServer)).toMatch(
      /1 left to refund/,
    );
    expect(overRefundProblem(original, [{ ...BAGUETTE, quantity: -1 }], [unsent], onServer)).toBeNull();
  });

  it('a refund the server already counted is left out of the tablet’s own, so it is never subtracted twice', () => {
    const original = sale();
    const sent = refundOf(original, [1, 0]);
    const unsent = refundOf(original, [0, 1]);
    const counted = new Set([sent.uuid.toLowerCase()]);
    expect(notCountedBy([sent, unsent], counted)).toEqual([unsent]);
    const rows = refundableRows(
      original,
      notCountedBy([sent, unsent], counted),
      refundedOnServer([{ ...BAGUETTE, quantity: 1 }]),
    );
    expect(rows.map((r) => r.refundable)).toEqual([1, 0]);
  });

  it('the server’s lines are keyed as the till keys the original’s (a string product id is the same product)', () => {
    const units = refundedOnServer([
      { ...WINE, productId: '7', quantity: 1 },
      { ...WINE, quantity: 0 },
    ]);
    expect([...units]).toEqual([[refundLineKey(WINE), 1]]);
  });
});
