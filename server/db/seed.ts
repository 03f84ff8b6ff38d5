import { DEFAULT_CHECK_FREQUENCY_S } from '../../src/domain/pos-config.js';
import type { Db } from './open-database.js';
import { SEED_CATALOG } from './seed-catalog.js';
import { inStoreEan13 } from './ean13.js';
import { createSession } from './sessions-repo.js';

/** The POS config of a fresh database. */
export const SEED_CONFIG = { name: 'Main counter', currency: 'EUR' } as const;

/**
 * Fills an EMPTY database (no config yet) with one config, one `opened` session and the grocery
 * catalog, in one transaction. Does nothing on a database that has a config, so a restart never
 * seeds twice.
 */
export function seedIfEmpty(db: Db, now: Date = new Date()): void {
  db.transaction(() => {
    const count = db.prepare('SELECT COUNT(*) AS n FROM configs').get() as { n: number };
    if (count.n > 0) return;
    const configId = Number(
      db
        .prepare(
          `INSERT INTO configs (name, currency, check_session_state_frequency, max_unverified_seconds)
           VALUES (?, ?, ?, NULL)`,
        )
        .run(SEED_CONFIG.name, SEED_CONFIG.currency, DEFAULT_CHECK_FREQUENCY_S).lastInsertRowid,
    );
    const insertProduct = db.prepare(
      'INSERT INTO products (config_id, name, price, tax_rate, category, barcode) VALUES (?, ?, ?, ?, ?, ?)',
    );
    SEED_CATALOG.forEach((p, index) => {
      insertProduct.run(configId, p.name, p.price, p.taxRate, p.category, inStoreEan13(index + 1));
    });
    createSession(db, { configId, state: 'opened', now });
  })();
}
