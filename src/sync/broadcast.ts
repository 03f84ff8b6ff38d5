import type { WorkerMessage } from '../domain/messages.js';
import type { Broadcast } from './sync-deps.js';

export type { Broadcast };

/** Something messages can be posted to: a BroadcastChannel, a Client, a MessagePort. */
export interface MessageTarget {
  postMessage(message: unknown): void;
}

/** A broadcast that posts to `channel` (pages listen on `BroadcastChannel(CHANNEL_NAME)`). */
export function channelBroadcast(channel: MessageTarget): Broadcast {
  return (message: WorkerMessage) => {
    try {
      channel.postMessage(message);
    } catch {
      // A closed channel or an uncloneable value must not break a check or a flush.
    }
  };
}

/** A broadcast that calls each of `targets`; one that throws does not stop the others. */
export function fanOut(...targets: Broadcast[]): Broadcast {
  return (message: WorkerMessage) => {
    for (const target of targets) {
      try {
        target(message);
      } catch {
        // Same as above: delivery is best effort, pages also re-read IndexedDB when shown.
      }
    }
  };
}
