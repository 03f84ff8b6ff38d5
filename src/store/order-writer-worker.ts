/**
 * The order writer: a dedicated worker of the till's page that writes sales to the outbox (see
 * write-order.ts for why). One database connection, opened when the worker starts (the page
 * starts it once its own connection is open) and never reopened: once a newer version or the
 * browser closed it, every request is answered `unavailable` and the page writes itself, as the
 * page's own connection then tells the cashier what happened. Requests are answered in the order
 * they came (one sale at a time is paid anyway).
 */
import { openPosDb, type PosDb } from './db.js';
import { answerWriteRequest, type WriteOrderAnswer, type WriteOrderRequest } from './write-order.js';

let db: PosDb | null = null;
const opened: Promise<void> = openPosDb({
  versionchange: () => (db = null),
  terminated: () => (db = null),
}).then(
  (connection) => {
    db = connection;
    connection.addEventListener('close', () => (db = null));
  },
  (error: unknown) => console.warn('pos-shell: the order writer could not open the database', error),
);

/** The worker's own postMessage (typed here without the DOM's window signature). */
const reply = (answer: WriteOrderAnswer): void =>
  (globalThis as unknown as { postMessage(message: WriteOrderAnswer): void }).postMessage(answer);

let queue: Promise<void> = opened;
globalThis.addEventListener('message', (event: Event) => {
  const request = (event as MessageEvent<WriteOrderRequest>).data;
  queue = queue.then(async () => reply(await answerWriteRequest(db, request)));
});
