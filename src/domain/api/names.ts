/**
 * Names that the page, the service worker and the server must spell alike: Web Lock names,
 * Background Sync tags, BroadcastChannel names, the event stream's event name and the API's own
 * header. Each is declared here once and imported everywhere, tests included.
 *
 * A leaf module: it imports nothing, so any layer (and the till's first-load bundle) may import
 * it without pulling other code along.
 */

/**
 * Web Lock held while the outbox is sent, by the worker or the page: one flusher per device, so
 * each order goes in one request at a time. The page's update prompt watches it too, so a new
 * version never activates in the middle of a flush.
 */
export const OUTBOX_FLUSH_LOCK = 'pos-outbox-flush';

/** Web Lock held while a session check is in flight: one check per device however many tabs. */
export const SESSION_CHECK_LOCK = 'pos-session-check';

/**
 * Web Lock held by the one tab of a device that keeps the session's event stream open. Browsers
 * allow about six HTTP/1.1 connections per host: one stream per tab would starve the session
 * checks and uploads of a device with many tabs (seen: 20 tabs, every check timed out). The worker
 * broadcasts what the leader's stream delivers to every tab.
 */
export const STREAM_LEADER_LOCK = 'pos-session-stream';

/**
 * Web Lock held while the catalog is fetched and stored after a session check named a newer
 * version: one catalog fetch at a time per device, whoever runs the check (worker or page).
 */
export const CATALOG_REFRESH_LOCK = 'pos-catalog-refresh';

/** Web Lock held while this tablet pairs: two tabs opened with a code never both spend one. */
export const PAIRING_LOCK = 'pos-device-pairing';

/**
 * Background Sync tag the page registers after a sale and the worker sends the outbox on. The
 * same string as {@link OUTBOX_FLUSH_LOCK}, but a separate name: a tag and a lock live in
 * different namespaces and could change apart.
 */
export const OUTBOX_SYNC_TAG = 'pos-outbox-flush';

/** Background Sync and Periodic Background Sync tag of the session check. */
export const SESSION_CHECK_SYNC_TAG = 'pos-session-check';

/**
 * BroadcastChannel every page listens on for the worker's messages (`src/domain/messages.ts`), and
 * on which the tab applying an accepted update tells the others to hold their heartbeats
 * (`src/bridge/sw-bridge.ts` says why).
 */
export const CHANNEL_NAME = 'pos-shell';

/** BroadcastChannel on which a context that stored a new device token tells the others to read it. */
export const DEVICE_TOKEN_CHANNEL = 'pos-device-token';

/** Event name of the server's `GET /api/sessions/:id/events` stream; its data is the session. */
export const SESSION_EVENT = 'session';

/** Request header that carries the manager PIN typed on the tablet for a rescue of held orders. */
export const MANAGER_PIN_HEADER = 'x-pos-manager-pin';

/**
 * The query parameter of a pairing link (`/?pair=<code>`): the server makes the link and hints
 * the pairing screen's chunk in its answer to it, the till pairs with the code.
 */
export const PAIR_PARAM = 'pair';
