import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { toPosError } from '../../server/error-handler.js';
import { call, makeOrder, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

/** zod's own wording, which a manager should never read. */
const ZOD_WORDING =
  /expected|>=|<=|Too small|Too big|Invalid input|Invalid option|Unrecognized key|received/i;

interface Refusal {
  method: string;
  path: string;
  body?: unknown;
  /** The field the answer must name; null when the body as a whole is wrong. */
  field: string | null;
  /** The exact message, where the test pins it. */
  message?: string;
}

const REFUSALS: Refusal[] = [
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { name: '  ' },
    field: 'name',
    message: 'name: type 1 to 80 characters on one line',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { name: 'Main\u0000counter' },
    field: 'name',
    message: 'name: type 1 to 80 characters on one line',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { checkSessionStateFrequency: 2 },
    field: 'checkSessionStateFrequency',
    message: 'checkSessionStateFrequency: a whole number of seconds from 5 to 86400',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { checkSessionStateFrequency: '60' },
    field: 'checkSessionStateFrequency',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { syncedRetentionDays: 366 },
    field: 'syncedRetentionDays',
    message: 'syncedRetentionDays: a whole number of days from 1 to 365',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { maxUnverifiedSeconds: 0 },
    field: 'maxUnverifiedSeconds',
  },
  {
    method: 'PATCH',
    path: `/api/configs/${SEED_CONFIG_ID}`,
    body: { managerPin: '12' },
    field: 'managerPin',
    message: 'managerPin: a PIN is 4 to 8 digits',
  },
  { method: 'PATCH', path: `/api/configs/${SEED_CONFIG_ID}`, body: { colour: 'red' }, field: 'colour' },
  {
    method: 'POST',
    path: '/api/configs',
    body: { name: 'Bakery' },
    field: 'currency',
    message: 'currency: required, a currency code of 3 capital letters (ISO 4217), e.g. EUR',
  },
  {
    method: 'PATCH',
    path: '/api/sessions/1',
    body: { state: 'open' },
    field: 'state',
    message: 'state: one of opening_control, opened, closing_control, closed',
  },
  { method: 'PATCH', path: '/api/sessions/1', body: {}, field: 'state' },
  {
    method: 'GET',
    path: '/api/sessions/1/orders?limit=0',
    field: 'limit',
    message: 'limit: a whole number from 1 to 1000',
  },
  { method: 'GET', path: '/api/sessions/1?pending=-1', field: 'pending' },
  { method: 'POST', path: '/api/pair', body: { code: '' }, field: 'code' },
  { method: 'POST', path: '/api/orders', body: { orders: [] }, field: 'orders' },
  { method: 'PATCH', path: `/api/configs/${SEED_CONFIG_ID}`, body: [], field: null },
  { method: 'POST', path: '/api/orders', body: 'orders', field: null },
];

describe('validation messages', () => {
  it.each(REFUSALS.map((r) => [`${r.method} ${r.path} ${JSON.stringify(r.body)}`, r] as const))(
    "%s says what the field takes in words, without zod's wording, and names the field",
    async (_name, refusal) => {
      const answer = await call(server.url, refusal.method, refusal.path, refusal.body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.message).not.toMatch(ZOD_WORDING);
      if (refusal.message !== undefined) expect(answer.body.error.message).toBe(refusal.message);
      if (refusal.field === null) expect(answer.body.error).not.toHaveProperty('field');
      else {
        expect(answer.body.error.field).toBe(refusal.field);
        expect(answer.body.error.message.startsWith(`${refusal.field}: `)).toBe(true);
      }
    },
  );

  it('names the first invalid field and lists each problem once', async () => {
    const answer = await call(server.url, 'POST', '/api/configs', {
      name: '',
      currency: 'euro',
      checkSessionStateFrequency: 1,
    });
    expect(answer.body.error.field).toBe('name');
    expect(answer.body.error.message.split('; ').map((part: string) => part.split(':')[0])).toEqual([
      'name',
      'currency',
      'checkSessionStateFrequency',
    ]);
    // Nothing was made.
    expect((await call(server.url, 'GET', '/api/configs')).body).toHaveLength(1);
  });

  it('a refused order in an upload gives the till a reason in words, with the line it is about', async () => {
    const order = makeOrder({ sessionId: 1 });
    const bad = { ...order, lines: [{ ...order.lines[0], quantity: 0 }] };
    const answer = await call(server.url, 'POST', '/api/orders', { orders: [bad] });
    const [result] = answer.body.results;
    expect(result).toMatchObject({
      status: 'invalid',
      error: { code: 'validation_failed', message: 'lines.0.quantity: a whole number from 1 to 9999' },
    });
  });

  it('a long list of problems is cut after a few, with how many more', async () => {
    const order = makeOrder({ sessionId: 1 });
    const lines = Array.from({ length: 20 }, () => ({ ...order.lines[0], quantity: 0 }));
    const answer = await call(server.url, 'POST', '/api/orders', { orders: [{ ...order, lines }] });
    const message: string = answer.body.results[0].error.message;
    expect(message.split('; ')).toHaveLength(6);
    expect(message).toMatch(/; and 15 more$/);
  });

  it('a ZodError thrown by other code (no schema at hand) still answers in words, with the field', () => {
    const parsed = z
      .strictObject({ a: z.int().check(z.maximum(5)), c: z.enum(['x', 'y']) })
      .safeParse({ a: 9, c: 'z' });
    if (parsed.success) throw new Error('parsed');
    const body = toPosError(parsed.error).toBody();
    expect(body).toEqual({
      error: { code: 'validation_failed', message: 'a: a number at most 5; c: one of x, y', field: 'a' },
    });
  });
});
