import type { Kysely } from 'kysely';
import type { EngineDialect } from '../dialect.js';
import * as firstSchema from './0001-first-schema.js';
import * as retentionAndManagerPin from './0002-retention-and-manager-pin.js';
import * as deviceTokensAndPairing from './0003-device-tokens-and-pairing.js';
import * as deviceNames from './0004-device-names.js';
import * as severalInstances from './0005-several-instances.js';
import * as sharedLimitsAndAdminToken from './0006-shared-limits-and-admin-token.js';
import * as catalogManagement from './0007-catalog-management.js';
import * as cashControl from './0008-cash-control.js';
import * as refunds from './0009-refunds.js';

/** One schema step: `up` changes the schema (and its data) inside the migration transaction. */
export interface Migration {
  name: string;
  up: (db: Kysely<any>, dialect: EngineDialect) => Promise<void>;
}

/**
 * Every schema step, in order; step N is version N. The same steps run on both engines. Add a
 * step at the end to change the schema; never edit one that has shipped. Steps 1 to 4 were SQL
 * run by the servers before schema_migrations: an SQLite file they made says in `user_version`
 * how many of them it has (migrate.ts).
 */
export const MIGRATIONS: readonly Migration[] = [
  { name: 'first-schema', up: firstSchema.up },
  { name: 'retention-and-manager-pin', up: retentionAndManagerPin.up },
  { name: 'device-tokens-and-pairing', up: deviceTokensAndPairing.up },
  { name: 'device-names', up: deviceNames.up },
  { name: 'several-instances', up: severalInstances.up },
  { name: 'shared-limits-and-admin-token', up: sharedLimitsAndAdminToken.up },
  { name: 'catalog-management', up: catalogManagement.up },
  { name: 'cash-control', up: cashControl.up },
  { name: 'refunds', up: refunds.up },
];
