import { readCatalog } from '../store/catalog-repo.js';
import { META_STORE, type MetaValues, type PosDb } from '../store/db.js';
import { pairingOf, readDevice, readDeviceIn } from '../store/device-repo.js';
import { getMeta } from '../store/meta-repo.js';
import { countByStatus } from '../store/outbox-repo.js';
import { getCurrentSessionRecord } from '../store/session-repo.js';
import type { TillState } from './till-state.js';

/** What {@link readStoredTill} reads: the state's part, and the version of the stored catalog. */
export interface StoredTill {
  till: Pick<TillState, 'catalog' | 'configName' | 'currency' | 'deviceNumber' | 'pairing'>;
  /** The stored catalog's version, undefined when it has none. */
  catalogVersion: number | undefined;
}

/**
 * What rarely changes: catalog and config facts, as last stored, and whether the tablet is paired
 * (so the first render is the till or the pairing screen, not the one and then the other).
 * Rejects when IndexedDB fails.
 */
export async function readStoredTill(db: PosDb): Promise<StoredTill> {
  // The config facts and the pairing in one transaction, beside the catalog's: the start of every
  // till waits for this read, so it asks IndexedDB as little as it can.
  const meta = db.transaction(META_STORE).store;
  const [catalog, configName, currency, device] = await Promise.all([
    readCatalog(db),
    meta.get('configName') as Promise<MetaValues['configName'] | undefined>,
    meta.get('currency') as Promise<MetaValues['currency'] | undefined>,
    readDeviceIn(meta),
  ]);
  return {
    till: {
      catalog: catalog.products,
      configName: configName ?? null,
      currency: currency ?? null,
      deviceNumber: device.deviceNumber ?? null,
      pairing: pairingOf(device),
    },
    catalogVersion: catalog.version,
  };
}

/** What {@link readLiveTill} reads. */
export type LiveTill = Pick<
  TillState,
  'currentSessionId' | 'sessionRecord' | 'counts' | 'uploadError' | 'pairing' | 'deviceNumber'
> & {
  /** The device token, null when there is none (the push stream needs it). */
  token: string | null;
};

/**
 * What other runners (the worker, other tabs) change: the current session, its record, the
 * outbox counts, the last upload error, and the pairing (the worker marks the tablet unpaired,
 * another tab pairs it again). Rejects when IndexedDB fails.
 */
export async function readLiveTill(db: PosDb): Promise<LiveTill> {
  const [currentSessionId, sessionRecord, counts, uploadError, device] = await Promise.all([
    getMeta(db, 'currentSessionId'),
    getCurrentSessionRecord(db),
    countByStatus(db),
    readUploadError(db),
    readDevice(db),
  ]);
  return {
    currentSessionId: currentSessionId ?? null,
    sessionRecord: sessionRecord ?? null,
    counts,
    uploadError,
    pairing: pairingOf(device),
    deviceNumber: device.deviceNumber ?? null,
    token: device.token ?? null,
  };
}

/**
 * Why the last upload failed, as the sync runner stored it; null once a batch got through (an outage stays
 * visible).
 */
export async function readUploadError(db: PosDb): Promise<TillState['uploadError']> {
  return (await getMeta(db, 'flushLastError')) ?? null;
}
