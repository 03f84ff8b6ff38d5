import { sql, type Kysely } from 'kysely';
import type { EngineDialect } from '../dialect.js';

/**
 * The first schema: configs, sessions, the catalog, orders (their JSON and the columns searched
 * on), devices and their reports. Money is integer minor units (bigint: SQLite's integer is 64-bit,
 * and a PostgreSQL `integer` would refuse a total above 2^31 that SQLite takes).
 */
export async function up(db: Kysely<any>, dialect: EngineDialect): Promise<void> {
  await db.schema
    .createTable('configs')
    .addColumn('id', 'integer', dialect.idColumn)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('check_session_state_frequency', 'integer', (c) => c.notNull())
    .addColumn('max_unverified_seconds', 'bigint')
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', dialect.idColumn)
    .addColumn('config_id', 'integer', (c) => c.notNull().references('configs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('opening_control', 'opened', 'closing_control', 'closed')`),
    )
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rescue', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sessions_by_config').on('sessions').columns(['config_id', 'state']).execute();
  await db.schema
    .createTable('products')
    .addColumn('id', 'integer', dialect.idColumn)
    .addColumn('config_id', 'integer', (c) => c.notNull().references('configs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('tax_rate', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('barcode', 'text')
    .addUniqueConstraint('products_name_unique', ['config_id', 'name'])
    .addUniqueConstraint('products_barcode_unique', ['config_id', 'barcode'])
    .execute();
  await db.schema
    .createTable('orders')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('amount_total', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('original_session_id', 'integer', (c) => c.references('sessions.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('orders_by_session')
    .on('orders')
    .columns(['session_id', 'received_at'])
    .execute();
  await db.schema
    .createTable('devices')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('config_id', 'integer', (c) => c.notNull().references('configs.id'))
    .addColumn('device_number', 'integer', (c) => c.notNull().check(sql`device_number between 1 and 999`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('devices_number_unique', ['config_id', 'device_number'])
    .execute();
  await db.schema
    .createTable('device_reports')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('pending', 'integer', (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_reports_pk', ['session_id', 'device_id'])
    .execute();
}
