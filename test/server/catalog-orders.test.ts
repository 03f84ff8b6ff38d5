import { describe, expect, it } from 'vitest';
import { cartTotals } from '../../src/domain/order-totals.js';
import { OrdersUploadResultSchema, type PosOrder } from '../../src/domain/pos-order.js';
import { call, CATALOG, freshSession, makeOrder, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

async function uploadOne(order: PosOrder) {
  const answer = await call(server.url, 'POST', '/api/orders', { orders: [order] });
  expect(answer.status).toBe(200);
  return OrdersUploadResultSchema.parse(answer.body).results[0];
}

/** Re-totals an order after its lines were edited, paying by card, so only the edit differs. */
function retotal(order: PosOrder): PosOrder {
  const { amountTotal, amountTax } = cartTotals(order.lines);
  return {
    ...order,
    amountTotal,
    amountTax,
    amountPaid: amountTotal,
    amountReturn: 0,
    payments: [{ method: 'card', amount: amountTotal }],
  };
}

/** The lines of the orders stored in session `sessionId`, as the server keeps them. */
async function storedLines(sessionId: number | string) {
  const stored = await call(server.url, 'GET', `/api/sessions/${sessionId}/orders`);
  expect(stored.status).toBe(200);
  return (stored.body as PosOrder[]).flatMap((o) => o.lines);
}

describe('orders made on the catalog a till had are accepted as the till made them', () => {
  it('accepts a product archived since, at its old price and name, and stores them as sent', async () => {
    const session = await freshSession(server.url);
    const product = CATALOG[2];
    if (!product) throw new Error('the seed has products');
    // The till sold it on yesterday's catalog; the manager has since renamed, repriced and archived it.
    const order = makeOrder({ sessionId: session.id, items: [{ index: 2, quantity: 3 }] });
    const changed = await call(server.url, 'PATCH', `/api/products/${product.id}`, {
      name: `${product.name} (old stock)`,
      price: product.price + 75,
      archived: true,
    });
    expect(changed.status).toBe(200);
    expect(await uploadOne(order)).toEqual({ uuid: order.uuid, status: 'accepted' });
    expect(await storedLines(session.id)).toEqual([
      expect.objectContaining({
        productId: product.id,
        name: product.name,
        unitPrice: product.price,
        quantity: 3,
      }),
    ]);
  });

  it('accepts a product at the tax rate the till had before the manager changed it', async () => {
    const session = await freshSession(server.url);
    const product = CATALOG[5];
    if (!product) throw new Error('the seed has products');
    const order = makeOrder({ sessionId: session.id, items: [{ index: 5, quantity: 1 }] });
    const newRate = product.taxRate === 2000 ? 550 : 2000;
    expect(
      (await call(server.url, 'PATCH', `/api/products/${product.id}`, { taxRate: newRate })).status,
    ).toBe(200);
    expect(await uploadOne(order)).toEqual({ uuid: order.uuid, status: 'accepted' });
    expect(await storedLines(session.id)).toEqual([
      expect.objectContaining({ productId: product.id, taxRate: product.taxRate, unitPrice: product.price }),
    ]);
  });

  it("still refuses a product id that never was in the config's catalog, another config's included", async () => {
    const session = await freshSession(server.url);
    const other = await call(server.url, 'POST', '/api/configs', { name: 'Other counter', currency: 'EUR' });
    const foreign = await call(server.url, 'POST', `/api/configs/${other.body.id}/products`, {
      name: 'Foreign tea',
      price: 300,
      taxRate: 550,
      category: 'Boissons',
    });
    expect(foreign.status).toBe(201);
    for (const productId of [foreign.body.id, 999_999]) {
      const order = makeOrder({ sessionId: session.id });
      const forged = retotal({
        ...order,
        lines: order.lines.map((l, i) => (i === 0 ? { ...l, productId } : l)),
      });
      expect(await uploadOne(forged)).toMatchObject({
        status: 'invalid',
        error: {
          code: 'validation_failed',
          message: expect.stringContaining(`product ${productId} is not in the catalog`),
        },
      });
    }
    expect(await storedLines(session.id)).toEqual([]);
  });
});
