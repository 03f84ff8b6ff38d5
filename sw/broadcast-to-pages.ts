import { CHANNEL_NAME } from '../src/domain/api/names.js';
import type { WorkerMessage } from '../src/domain/messages.js';
import { channelBroadcast, fanOut, type Broadcast } from '../src/sync/broadcast.js';

/**
 * The worker's broadcast: posts each message on `BroadcastChannel(CHANNEL_NAME)` and to every
 * window client of the origin, controlled or not (a page opened before the worker activated is not
 * controlled but must still learn of a closure). Pages may get a message twice; messages carry
 * state, so a repeat is harmless. Never throws.
 */
export function createPageBroadcast(scope: ServiceWorkerGlobalScope): Broadcast {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const toClients: Broadcast = (message: WorkerMessage) => {
    scope.clients
      .matchAll({ includeUncontrolled: true, type: 'window' })
      .then((clients) => {
        for (const client of clients) client.postMessage(message);
      })
      .catch(() => undefined);
  };
  return fanOut(channelBroadcast(channel), toClients);
}
