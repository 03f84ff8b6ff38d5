import { expect } from 'vitest';

/**
 * Requests that meet on the server, on one instance (test/server/at-once.test.ts) or on two
 * (test/server/instances.test.ts): how a round is sent, and what a close racing uploads must leave.
 */

/** Runs `request` `count` times at once (each call started before any is awaited). */
export function atOnce<T>(count: number, request: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_unused, index) => request(index)));
}

/**
 * Checks what a close that raced uploads left: each of `orders` was answered `statuses[i]`, either
 * `accepted` or `session_closed` (no 500, no other status); the session's stored uuids
 * (`stored`) are exactly the accepted ones; and `storedWhenClosed` (the count read right after the
 * close answered) equals the final count, since an upload that read the session before the close
 * must not store after it.
 */
export function expectAcceptedExactlyStored(
  orders: readonly { uuid: string }[],
  statuses: readonly string[],
  stored: readonly string[],
  storedWhenClosed: number,
): void {
  expect(
    statuses.filter((s) => s !== 'accepted' && s !== 'session_closed'),
    'answers other than accepted or session_closed',
  ).toEqual([]);
  expect(stored).toHaveLength(storedWhenClosed);
  orders.forEach((order, index) =>
    expect(stored.includes(order.uuid), `${order.uuid} ${statuses[index]}`).toBe(
      statuses[index] === 'accepted',
    ),
  );
}
