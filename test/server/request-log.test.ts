import { describe, expect, it } from 'vitest';
import { requestLine } from '../../server/request-log.js';
import type { LaunchedServer } from '../kit/test-server.js';
import { useServer } from '../kit/use-server.js';
import { waitFor } from '../kit/wait-for.js';
import { call, newPairingCode, SEED_CONFIG_ID, TEST_ADMIN_TOKEN, type PairedDevice } from './fixtures.js';

const lines: string[] = [];
let server: LaunchedServer;
useServer((s) => (server = s), { requestLog: (line) => lines.push(line) });

/** The first logged line matching `pattern`, waited for (a line is written when its connection is done with it). */
async function lineMatching(pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  return waitFor(
    () => `a log line matching ${String(pattern)}; lines: ${JSON.stringify(lines)}`,
    () => lines.find((l) => pattern.test(l)),
    timeoutMs,
    20,
  );
}

describe('the request log', () => {
  it('writes one line per request: method, path, status, time in ms', async () => {
    await call(server.url, 'GET', '/api/sessions/1', undefined, undefined, { token: TEST_ADMIN_TOKEN });
    expect(await lineMatching(/^GET \/api\/sessions\/1 /)).toMatch(/^GET \/api\/sessions\/1 200 \d+\.\d ms$/);
    await call(server.url, 'GET', '/api/nothing/here');
    await lineMatching(/^GET \/api\/nothing\/here 404 \d+\.\d ms$/);
    expect(lines.filter((l) => l.startsWith('GET /api/sessions/1 '))).toHaveLength(1);
  });

  it('never writes a token, a pairing code, a header or a body; the path goes without its query', async () => {
    const code = await newPairingCode(server.url, SEED_CONFIG_ID);
    await fetch(`${server.url}/?pair=${code}`, { headers: { accept: 'text/html' } });
    const paired = await call<PairedDevice>(server.url, 'POST', '/api/pair', { code }, undefined, {
      token: null,
    });
    const device = paired.body;
    await call(server.url, 'GET', '/api/sessions/1?pending=3&held=0', undefined, undefined, {
      token: device.token,
      headers: { cookie: 'session=secret-cookie' },
    });
    const stream = new AbortController();
    const events = await fetch(`${server.url}/api/sessions/1/events?access_token=${device.token}`, {
      signal: stream.signal,
    });
    expect(events.status).toBe(200);
    stream.abort();
    // The event stream is logged when it ends, with how long it was held.
    await lineMatching(/^GET \/api\/sessions\/1\/events 200 \d+\.\d ms$/);
    await lineMatching(/^GET \/ 503 /);
    await lineMatching(/^POST \/api\/pair 201 /);
    await lineMatching(/^GET \/api\/sessions\/1 200 /);
    const log = lines.join('\n');
    for (const secret of [
      TEST_ADMIN_TOKEN,
      device.token,
      code,
      code.replace('-', ''),
      'secret-cookie',
      'pending=3',
      'Bearer',
      '"code"',
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('cannot be made to write a second line or a huge one by a crafted path', () => {
    expect(requestLine('GET', '/api/a%0Ab\r\nGET /forged 200 1.0 ms?x=1', 404, 1.234)).toBe(
      'GET /api/a%0Ab%0D%0AGET%20/forged%20200%201.0%20ms 404 1.2 ms',
    );
    const long = requestLine('GET', `/${'a'.repeat(5_000)}`, 404, 1);
    expect(long.length).toBeLessThan(300);
    expect(requestLine('POST', '/api/orders', null, 4000)).toBe(
      'POST /api/orders - (closed before the answer) 4000.0 ms',
    );
  });
});
