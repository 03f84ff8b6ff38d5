import { describe, expect, it } from 'vitest';
import { CashDesk } from '../../src/app/cash-desk.js';
import { cashFailureText } from '../../src/app/cash-messages.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';
import { PosError } from '../../src/domain/pos-error.js';
import type { SessionReport } from '../../src/domain/report.js';
import type { PosDb } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { makeSession, openTestDb } from '../store/fixtures.js';
import { fakeFetch, json, networkDown, type Handler } from '../sync/fake-api.js';
import { hashOf } from './pin-hash.js';

/** An X report of session 42 whose drawer should hold €152.40. */
function makeReport(overrides: Partial<SessionReport> = {}): SessionReport {
  return {
    session: { id: 42, name: 'Main counter/00042', state: 'opened', openedAt: null, closedAt: null },
    kind: 'X',
    config: { id: 1, name: 'Main counter', currency: 'EUR' },
    generatedAt: '2026-11-29T18:00:00.000Z',
    orders: { count: 1, firstReference: '00042-001-0001', lastReference: '00042-001-0001' },
    sales: { amountTotal: 240, amountTax: 40, discounts: 0 },
    payments: [{ method: 'cash', amount: 500, count: 1 }],
    change: 260,
    taxes: [{ taxRate: 2000, base: 200, tax: 40 }],
    devices: [{ deviceNumber: 1, count: 1, amountTotal: 240 }],
    cash: {
      opening: 15_000,
      payments: 500,
      change: 260,
      refunds: 0,
      moves: [],
      expected: 15_240,
      counted: null,
      difference: null,
      note: null,
    },
    rescued: { count: 0, amountTotal: 0 },
    refunds: { count: 0, amountTotal: 0, amountTax: 0, payments: [] },
    ...overrides,
  };
}

/** A desk over a fresh database (config 1) and a fake server; counts the checks it asks for. */
async function deskWith(handler: Handler): Promise<{
  desk: CashDesk;
  db: PosDb;
  requests: ReturnType<typeof fakeFetch>['requests'];
  headers: Headers[];
  checks: () => number;
}> {
  const db = await openTestDb();
  await setMeta(db, 'configId', 1);
  const server = fakeFetch(handler);
  const headers: Headers[] = [];
  let checks = 0;
  const desk = new CashDesk({
    db: () => db,
    fetch: (input, init) => {
      headers.push(new Headers(init?.headers));
      return server.fetch(input, init);
    },
    checkNow: () => (checks += 1),
  });
  return { desk, db, requests: server.requests, headers, checks: () => checks };
}

const refused =
  (code: string, message: string, status = 409): Handler =>
  () =>
    json({ error: { code, message } }, status);

describe('opening the register', () => {
  it('sends the counted float to the session, then asks for a check so the till sells', async () => {
    const { desk, requests, checks } = await deskWith(() => json(makeSession({ openingCash: 14_850 })));
    const session = await desk.openRegister(42, 14_850);
    expect(session.openingCash).toBe(14_850);
    expect(requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      ['PATCH', '/api/sessions/42', { state: 'opened', openingCash: 14_850 }],
    ]);
    expect(checks()).toBe(1);
  });

  it('a refusal throws the server’s code and message, and asks for no check', async () => {
    const { desk, checks } = await deskWith(
      refused('transition_not_allowed', 'Session Main counter/00042 cannot go from opened to opened.'),
    );
    const error = await desk.openRegister(42, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosError);
    expect((error as PosError).code).toBe('transition_not_allowed');
    expect(checks()).toBe(0);
    expect(cashFailureText(error, 'open')).toEqual({
      text: 'The session has changed meanwhile: nothing was changed.',
      detail: 'Session Main counter/00042 cannot go from opened to opened.',
    });
  });

  it('offline: a network error that says opening needs the network', async () => {
    const { desk } = await deskWith(networkDown);
    const error = await desk.openRegister(42, 100).catch((e: unknown) => e);
    expect((error as PosError).code).toBe('network');
    expect(cashFailureText(error, 'open').text).toBe(
      'Opening the register needs the network: connect and try again. The count is kept.',
    );
  });
});

describe('the manager PIN on the till', () => {
  it('no PIN set anywhere: no-pin', async () => {
    const { desk } = await deskWith(() => json({ error: { code: 'network', message: 'x' } }, 503));
    expect(await desk.checkPin('2468')).toBe('no-pin');
  });

  it('offline: checked against the stored hash', async () => {
    const { desk, db } = await deskWith(networkDown);
    await setMeta(db, 'managerPinHash', hashOf('2468'));
    expect(await desk.checkPin('1111')).toBe('wrong');
    expect(await desk.checkPin('2468')).toBe('ok');
  });

  it('online: a PIN changed in the back office since the till started is the one checked', async () => {
    const config = {
      id: 1,
      name: 'Main counter',
      currency: 'EUR',
      checkSessionStateFrequency: 60,
      currentSessionId: 42,
      managerPinHash: hashOf('1357'),
    };
    const { desk, db } = await deskWith((r) =>
      r.url.pathname === '/api/configs/1' ? json(config) : networkDown(r),
    );
    await setMeta(db, 'managerPinHash', hashOf('2468'));
    expect(await desk.checkPin('2468')).toBe('wrong');
    expect(await desk.checkPin('1357')).toBe('ok');
  });
});

describe('closing the register', () => {
  it('sends the count, the trimmed note and the manager PIN, then asks for a check', async () => {
    const { desk, requests, headers, checks } = await deskWith(() =>
      json(makeSession({ state: 'closed', closedAt: '2026-11-29T18:05:00.000Z' })),
    );
    await desk.closeRegister(42, { pin: '2468', closingCash: 15_090, closingNote: '  Change given twice ' });
    expect(requests.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'PATCH',
        '/api/sessions/42',
        { state: 'closed', closingCash: 15_090, closingNote: 'Change given twice' },
      ],
    ]);
    expect(headers[0]?.get(MANAGER_PIN_HEADER)).toBe('2468');
    expect(checks()).toBe(1);
  });

  it('a blank note is not sent', async () => {
    const { desk, requests } = await deskWith(() => json(makeSession({ state: 'closed' })));
    await desk.closeRegister(42, { pin: '2468', closingCash: 15_240, closingNote: '  ' });
    expect(requests[0]?.body).toEqual({ state: 'closed', closingCash: 15_240 });
  });

  it('a refusal for a missing note says so, with the server’s words, and asks for no check', async () => {
    const { desk, checks } = await deskWith(
      refused('closing_note_required', 'Counted 150.90 differs from expected 152.40: a note is required.'),
    );
    const error = await desk
      .closeRegister(42, { pin: '2468', closingCash: 15_090, closingNote: '' })
      .catch((e: unknown) => e);
    expect((error as PosError).code).toBe('closing_note_required');
    expect(checks()).toBe(0);
    expect(cashFailureText(error, 'close')).toEqual({
      text: 'The counted cash differs from the expected cash: write a note saying why.',
      detail: 'Counted 150.90 differs from expected 152.40: a note is required.',
    });
  });

  it('a wrong PIN refused by the server reads as such', async () => {
    const { desk } = await deskWith(refused('forbidden', 'A manager PIN is needed.', 403));
    const error = await desk
      .closeRegister(42, { pin: '0000', closingCash: 1, closingNote: 'x' })
      .catch((e: unknown) => e);
    expect(cashFailureText(error, 'close').text).toBe(
      'The server refused the manager PIN: nothing was changed.',
    );
  });
});

describe('the report', () => {
  it('reads the session’s report', async () => {
    const { desk, requests } = await deskWith(() => json(makeReport()));
    expect((await desk.report(42)).cash?.expected).toBe(15_240);
    expect(requests[0]?.url.pathname).toBe('/api/sessions/42/report');
  });

  it('an answer that is not a report is refused, never shown half-read', async () => {
    const { desk } = await deskWith(() => json({ kind: 'X' }));
    const error = await desk.report(42).catch((e: unknown) => e);
    expect((error as PosError).code).toBe('bad_response');
  });
});
