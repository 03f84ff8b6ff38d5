import { describe, expect, it } from 'vitest';
import { AdminApi } from '../../src/admin/admin-api.js';
import { errorText } from '../../src/admin/admin-errors.js';
import { PosError } from '../../src/domain/pos-error.js';

/** A fetch that answers `status` with `body` as JSON, and records what it was asked. */
function answering(status: number, body: unknown): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (input: string | URL) => {
    calls.push(String(input));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch & { calls: string[] };
  fn.calls = calls;
  return fn;
}

describe('AdminApi errors', () => {
  it('keeps the field a 400 validation_failed names, for the form to word', async () => {
    const api = new AdminApi(
      't',
      () => undefined,
      answering(400, {
        error: {
          code: 'validation_failed',
          message: 'name: Too small: expected string to have >=1 characters',
          field: 'name',
        },
      }),
    );
    const error = await api.patchConfig(1, { name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosError);
    expect((error as PosError).field).toBe('name');
    expect((error as PosError).code).toBe('validation_failed');
  });

  it('has no field when the server names none', async () => {
    const api = new AdminApi(
      't',
      () => undefined,
      answering(400, { error: { code: 'validation_failed', message: 'bad' } }),
    );
    expect(((await api.patchConfig(1, {}).catch((e: unknown) => e)) as PosError).field).toBeUndefined();
  });

  it('signs out on a 401 and on a 403 (a tablet’s token is not the admin token)', async () => {
    for (const [status, code] of [
      [401, 'unauthorized'],
      [403, 'forbidden'],
    ] as const) {
      const seen: string[] = [];
      const api = new AdminApi(
        't',
        (e) => void seen.push(e.code),
        answering(status, { error: { code, message: 'x' } }),
      );
      await api.listConfigs().catch(() => undefined);
      expect(seen).toEqual([code]);
    }
  });

  it('sends a device rename as PATCH /api/devices/:id {name}', async () => {
    const requests: { url: string; method: string; body: unknown }[] = [];
    const fetchFn = (async (input: string | URL, init?: RequestInit) => {
      requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
      });
      return new Response(JSON.stringify({ deviceId: 'a/b', deviceNumber: 1, name: 'Bar' }), { status: 200 });
    }) as typeof fetch;
    await new AdminApi('t', () => undefined, fetchFn).renameDevice('a/b', { name: null });
    expect(requests).toEqual([{ url: '/api/devices/a%2Fb', method: 'PATCH', body: { name: null } }]);
  });
});

describe('errorText', () => {
  it('words a failure by its code, never with the server’s text', () => {
    const schema = 'checkSessionStateFrequency: Too small: expected number to be >=5';
    expect(errorText(new PosError('validation_failed', schema, 400))).toBe(
      'the server refused what was sent.',
    );
    expect(errorText(new PosError('network', 'fetch failed'))).toBe(
      'the server could not be reached: check the network.',
    );
    expect(errorText(new PosError('transition_not_allowed', 'closed → opened', 409))).toMatch(
      /^the session cannot make that change/,
    );
    expect(errorText(new PosError('internal', 'Internal server error', 500))).toBe(
      'the server failed (error 500).',
    );
    for (const code of [
      'bad_request',
      'not_found',
      'conflict',
      'session_already_open',
      'rate_limited',
      'timeout',
      'unauthorized',
      'forbidden',
    ] as const) {
      expect(errorText(new PosError(code, schema, 400))).not.toContain(schema);
    }
    expect(errorText(new Error('boom'))).not.toContain('boom');
  });
});
