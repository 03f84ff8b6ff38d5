import { loadTillSchemas } from '../domain/load-till-schemas.js';
import type { ManagerPinHash } from '../domain/manager-pin.js';
import type { PosDb } from '../store/db.js';
import { getMeta, setMeta } from '../store/meta-repo.js';
import type { HttpClient } from './http.js';

/**
 * Re-reads the device's POS config from the server when it answers (a PIN set in the back office
 * after this till started) and stores its manager PIN hash and outbox retention; keeps what is
 * stored when offline or refused. Never rejects. Used by whatever asks for the manager PIN.
 */
export async function refreshStoredConfig(db: PosDb, http: HttpClient): Promise<void> {
  const configId = await getMeta(db, 'configId').catch(() => undefined);
  if (configId === undefined) return;
  const schemas = await loadTillSchemas().catch(() => null);
  if (!schemas) return; // as when offline: the stored hash is used
  const { PosConfigSchema } = schemas;
  const config = await http
    .json({ path: `/api/configs/${encodeURIComponent(String(configId))}` }, PosConfigSchema)
    .then(
      (answer) => answer.body,
      () => null, // offline or refused: the stored hash is used
    );
  if (!config) return;
  await setMeta(db, 'managerPinHash', config.managerPinHash).catch(() => undefined);
  await setMeta(db, 'syncedRetentionDays', config.syncedRetentionDays).catch(() => undefined);
}

/** The config's manager PIN hash as last stored on this device; null when no PIN is set. */
export async function storedPinHash(db: PosDb): Promise<ManagerPinHash | null> {
  return (await getMeta(db, 'managerPinHash').catch(() => undefined)) ?? null;
}
