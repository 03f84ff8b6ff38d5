import type { Id } from '../domain/ids.js';
import type { DeviceUnpaired } from '../domain/pairing.js';
import { META_STORE, type PosDb } from './db.js';

/**
 * Whether this tablet may talk to the API: `paired` (it holds a device token the server
 * has not refused), `unpaired` (the server answered 401 to its token: revoked, or unknown) or
 * `none` (it was never paired).
 */
export type PairingStatus = 'paired' | 'unpaired' | 'none';

/** What `meta` holds about this tablet's identity; every field undefined before the first pairing. */
export interface StoredDevice {
  token: string | undefined;
  deviceId: string | undefined;
  deviceNumber: number | undefined;
  configId: Id | undefined;
  unpaired: DeviceUnpaired | undefined;
}

/** What `POST /api/pair` answers (docs/ACCESS.md). */
export interface PairAnswer {
  token: string;
  deviceId: string;
  deviceNumber: number;
  configId: Id;
}

/** Reads the device's identity from `meta` in one transaction. Rejects when IndexedDB fails. */
export async function readDevice(db: PosDb): Promise<StoredDevice> {
  const tx = db.transaction(META_STORE);
  const [device] = await Promise.all([readDeviceIn(tx.store), tx.done]);
  return device;
}

/**
 * Reads the device's identity from `meta` within a transaction the caller holds (`store`: its
 * meta store), so a read of other facts can share it. Rejects when IndexedDB fails.
 */
export async function readDeviceIn(store: { get(key: string): Promise<unknown> }): Promise<StoredDevice> {
  const [token, deviceId, deviceNumber, configId, unpaired] = await Promise.all([
    store.get('deviceToken'),
    store.get('deviceId'),
    store.get('deviceNumber'),
    store.get('configId'),
    store.get('deviceUnpaired'),
  ]);
  return {
    token: token as string | undefined,
    deviceId: deviceId as string | undefined,
    deviceNumber: deviceNumber as number | undefined,
    configId: configId as Id | undefined,
    unpaired: unpaired as DeviceUnpaired | undefined,
  };
}

/** The {@link PairingStatus} of a stored device. */
export function pairingOf(device: Pick<StoredDevice, 'token' | 'unpaired'>): PairingStatus {
  if (!device.token) return 'none';
  return device.unpaired ? 'unpaired' : 'paired';
}

/**
 * Stores a pairing answer (token, device id and number, config) and clears the unpaired marker,
 * in one transaction: no reader ever sees the new token with the old marker. Rejects when
 * IndexedDB fails (nothing is then stored).
 */
export async function storePairing(db: PosDb, answer: PairAnswer): Promise<void> {
  const tx = db.transaction(META_STORE, 'readwrite', { durability: 'strict' });
  await Promise.all([
    tx.store.put(answer.token, 'deviceToken'),
    tx.store.put(answer.deviceId, 'deviceId'),
    tx.store.put(answer.deviceNumber, 'deviceNumber'),
    tx.store.put(answer.configId, 'configId'),
    tx.store.delete('deviceUnpaired'),
    tx.done,
  ]);
}

/**
 * Marks the device unpaired after the server refused `sentToken`, unless the stored token is no
 * longer that one (a tab re-paired while the refused request was in flight): resolves with the
 * marker stored (the earlier one when already marked), or null when the token changed. One
 * read-write transaction. Rejects when IndexedDB fails.
 */
export async function markDeviceUnpaired(
  db: PosDb,
  sentToken: string,
  marker: DeviceUnpaired,
): Promise<DeviceUnpaired | null> {
  const tx = db.transaction(META_STORE, 'readwrite');
  const [token, existing] = await Promise.all([tx.store.get('deviceToken'), tx.store.get('deviceUnpaired')]);
  let result: DeviceUnpaired | null = null;
  if (token === sentToken) {
    result = (existing as DeviceUnpaired | undefined) ?? marker;
    if (!existing) await tx.store.put(marker, 'deviceUnpaired');
  }
  await tx.done;
  return result;
}
