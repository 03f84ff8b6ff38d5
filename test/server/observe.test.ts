import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ObservedRequest } from '../../server/app-deps.js';
import type { LaunchedServer } from '../kit/test-server.js';
import { useServer } from '../kit/use-server.js';
import { call, makeOrder } from './fixtures.js';

const seen: ObservedRequest[] = [];
let server: LaunchedServer;
useServer((s) => (server = s), { observe: (r) => seen.push(r) });

describe('observing requests', () => {
  it('shows each routed request with its method, URL and parsed body', async () => {
    const deviceId = randomUUID();
    await call(server.url, 'GET', `/api/sessions/1?deviceId=${deviceId}&pending=0&held=0`);
    const order = makeOrder({ sessionId: 1 });
    await call(server.url, 'POST', '/api/orders', { orders: [order] });
    expect(seen).toEqual([
      { method: 'GET', url: `/api/sessions/1?deviceId=${deviceId}&pending=0&held=0`, body: undefined },
      { method: 'POST', url: '/api/orders', body: { orders: [order] } },
    ]);
  });

  it('answers http://localhost:<port> as the URL for host 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });
});
