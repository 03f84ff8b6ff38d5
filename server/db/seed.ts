import { DEFAULT_CHECK_FREQUENCY_S } from '../../src/domain/pos-config.js';
import { createConfig, hasAnyConfig } from './configs-repo.js';
import type { Executor } from './database.js';
import { inStoreEan13 } from './ean13.js';
import { insertProducts } from './products-repo.js';
import { SEED_CATALOG } from './seed-catalog.js';
import { createSession, setSessionCounts } from './sessions-repo.js';

/**
 * The POS config of a fresh database: cash control on (the demo shows the float counted at
 * opening and the drawer counted at closing), in the shop's time zone.
 */
export const SEED_CONFIG = {
  name: 'Main counter',
  currency: 'EUR',
  cashControl: true,
  timeZone: 'Europe/Paris',
} as const;

/**
 * Fills an EMPTY database (no config yet) with one config, one `opened` session and the grocery
 * catalog (ids 1..48 in catalog order). The session opens at once so the demo sells from the
 * first start; its drawer starts empty (a float of 0 expected and counted), so the expected cash
 * at its close is what it took. Does nothing on a database that has a config, so a restart
 * never seeds twice. Call it in the migration transaction, under its lock (migrate.ts), so two
 * instances starting together seed once. Returns true when it seeded.
 */
export async function seedIfEmpty(trx: Executor, now: Date = new Date()): Promise<boolean> {
  if (await hasAnyConfig(trx)) return false;
  const config = await createConfig(trx, {
    ...SEED_CONFIG,
    checkSessionStateFrequency: DEFAULT_CHECK_FREQUENCY_S,
  });
  await insertProducts(
    trx,
    SEED_CATALOG.map((p, index) => ({
      config_id: config.id,
      name: p.name,
      price: p.price,
      tax_rate: p.taxRate,
      category: p.category,
      barcode: inStoreEan13(index + 1),
    })),
  );
  const session = await createSession(trx, {
    configId: config.id,
    state: 'opened',
    now,
    expectedOpeningCash: 0,
  });
  await setSessionCounts(trx, session.id, { openingCash: 0 });
  return true;
}
