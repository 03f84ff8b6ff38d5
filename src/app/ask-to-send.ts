import type { PageBridge } from '../bridge/page-bridge.js';

/**
 * Asks the sync runner to send the outbox now (after a sale or a cash move was written). Offline
 * (or when the worker missed the message), Background Sync sends it once the network is back,
 * even if this tab is closed by then. Online, a failed flush asks for it itself. Never rejects.
 */
export function askToSend(bridge: PageBridge | null, online: () => boolean): void {
  if (!bridge) return;
  void bridge.send({ type: 'flush-now' }).then((delivered) => {
    if (!delivered || !online()) void bridge.requestOutboxSync?.();
  });
}
