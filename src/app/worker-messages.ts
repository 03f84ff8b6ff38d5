import { sameId } from '../domain/same-id.js';
import type { WorkerMessage } from '../domain/messages.js';
import type { TillStateHolder } from './till-state-holder.js';

/** What {@link applyWorkerMessage} needs. */
export interface WorkerMessageDeps {
  holder: TillStateHolder;
  /** Re-reads the session, counts and pairing from IndexedDB (TillStartup.rereadLive). */
  rereadLive: () => Promise<void>;
  /** Re-reads the last upload error (TillStartup.rereadUploadError). */
  rereadUploadError: () => Promise<void>;
  /** Re-reads the stored catalog, shown when the cart is empty (TillStartup.rereadCatalog). */
  rereadCatalog: (stored: number) => Promise<void>;
}

/**
 * Applies a message of the sync runner (this tab's or another's) to the till state:
 * - `outbox-changed`: the counts, then the last upload error (a failing server stays visible);
 * - `device-unpaired`: re-read, not trusted, as a tab may have paired the tablet again since;
 * - `catalog-changed`: the stored catalog, read and shown at the next moment the cart is empty;
 * - `session-state`: the record of the current session (a closure blocks the till at once);
 *   a record of any other session is ignored.
 */
export function applyWorkerMessage(message: WorkerMessage, deps: WorkerMessageDeps): void {
  if (message.type === 'outbox-changed') {
    deps.holder.set({ counts: message.counts });
    void deps.rereadUploadError();
  } else if (message.type === 'device-unpaired') {
    void deps.rereadLive();
  } else if (message.type === 'catalog-changed') {
    void deps.rereadCatalog(message.version);
  } else if (sameId(message.record.id, deps.holder.state.currentSessionId)) {
    deps.holder.set({ sessionRecord: message.record });
  }
}
