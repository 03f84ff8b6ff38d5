import { sameId } from '../domain/same-id.js';
import { PosError } from '../domain/pos-error.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { PosSession } from '../domain/pos-session.js';
import { getCatalogVersion, replaceCatalog, storeCatalog } from '../store/catalog-repo.js';
import type { PosDb } from '../store/db.js';
import { getMeta, setMeta } from '../store/meta-repo.js';
import { getSessionRecord, putSessionRecord } from '../store/session-repo.js';
import type { ApiClient } from './api-client.js';
import type { TillState } from './till-state.js';

/**
 * Reports the part of the state a step has just stored. The catalog is never in it: a stored
 * catalog is said by refreshFromServer's `catalogStored`, and shown when the cart is empty.
 */
export type RefreshStep = (patch: Partial<Omit<TillState, 'catalog'>>) => void;

/**
 * The start-up refresh of a paired tablet, run in the background once IndexedDB has been rendered:
 * its own config (`GET /api/configs/:configId`, the one it was paired with), the config's current
 * session when it is new to this device (that is how Reload after a closure picks up the session
 * opened since), and the catalog when the stored one has no version (first start, an older build's
 * catalog, an older server): a versioned catalog is refreshed by the session checks instead, when
 * they name a newer version (refreshCatalogIfNewer). The catalog is stored with the version of
 * the session just read when it carried one. Every request carries the device token (the
 * ApiClient's fetch). Stores each part, then reports it through `step` (the catalog through
 * `catalogStored`, awaited). A failed session read leaves the catalog to the next check. When the
 * config has no current session, the
 * old one stays (and keeps the till blocked). Throws PosError from the API (`device_revoked` when
 * the tablet was unpaired meanwhile) or the store, and a PosError `unauthorized` when the tablet
 * was never paired; what was stored stays.
 */
export async function refreshFromServer(
  db: PosDb,
  api: ApiClient,
  now: () => number,
  step: RefreshStep,
  catalogStored: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const configId = await getMeta(db, 'configId');
  if (configId === undefined)
    throw new PosError('unauthorized', 'This tablet is not paired with a POS config.');
  const config = await api.getConfig(configId);
  await setMeta(db, 'currency', config.currency);
  await setMeta(db, 'configName', config.name);
  // The worker prunes synced orders by this retention; the Held orders area checks the
  // manager PIN against this hash offline.
  await setMeta(db, 'syncedRetentionDays', config.syncedRetentionDays);
  await setMeta(db, 'managerPinHash', config.managerPinHash);
  step({ configName: config.name, currency: config.currency });

  const session = await adoptCurrentSession(db, api, config, now, step);

  if ((await getCatalogVersion(db)) !== undefined) return;
  const products = await api.getProducts(config.id);
  const version = session?.catalogVersion;
  const written =
    version === undefined
      ? await replaceCatalog(db, products)
      : await storeCatalog(db, products, { configId, version });
  if (written) await catalogStored();
}

/**
 * Stores the config's current session when it is new to this device or was never checked;
 * resolves with the session read, or null when none was.
 */
async function adoptCurrentSession(
  db: PosDb,
  api: ApiClient,
  config: PosConfig,
  now: () => number,
  step: RefreshStep,
): Promise<PosSession | null> {
  if (config.currentSessionId == null) return null;
  const storedId = await getMeta(db, 'currentSessionId');
  if (
    sameId(config.currentSessionId, storedId) &&
    storedId !== undefined &&
    (await getSessionRecord(db, storedId))
  )
    return null;
  const { session, serverNow } = await api.getSession(config.currentSessionId);
  const previous = await getSessionRecord(db, session.id);
  // Loaded here, not with the till: the worker's fallback in the page shares this chunk, and the
  // first load stays what the shell needs to sell.
  const { buildSessionRecord } = await import('../sync/build-session-record.js');
  const record = buildSessionRecord(session.id, previous, {
    kind: 'read-at-start',
    session,
    config,
    serverNow,
    at: now(),
  });
  await putSessionRecord(db, record);
  await setMeta(db, 'currentSessionId', session.id);
  step({ currentSessionId: session.id, sessionRecord: record });
  return session;
}
