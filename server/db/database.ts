import type { Generated, Kysely, Selectable } from 'kysely';
import type { SessionState } from '../../src/domain/session-state.js';

/**
 * Every table of the server, as Kysely sees it (one interface per table). The same on SQLite and
 * PostgreSQL: ids are integers, money integer minor units (int8 on PostgreSQL, parsed to safe
 * integers in connect.ts), times ISO 8601 UTC text (they sort as text), booleans 0/1.
 */
export interface Database {
  configs: ConfigsTable;
  sessions: SessionsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_payments: OrderPaymentsTable;
  order_lines: OrderLinesTable;
  cash_moves: CashMovesTable;
  devices: DevicesTable;
  device_reports: DeviceReportsTable;
  pairing_codes: PairingCodesTable;
  attempt_counters: AttemptCountersTable;
  admin_token: AdminTokenTable;
  schema_migrations: SchemaMigrationsTable;
}

/**
 * What repositories run on: the database, or the open transaction (`Transaction<Database>` is a
 * `Kysely<Database>` too). Inside a transaction, pass the transaction: on SQLite a query on the
 * database handle there waits forever for the one connection the transaction holds.
 */
export type Executor = Kysely<Database>;

/** One register. Frequency and max unverified age in seconds. */
export interface ConfigsTable {
  id: Generated<number>;
  name: string;
  currency: string;
  check_session_state_frequency: number;
  max_unverified_seconds: number | null;
  /** Days tablets keep `synced` orders. */
  synced_retention_days: Generated<number>;
  /** The manager PIN's PBKDF2 as JSON (ManagerPinHash), null when none is set. */
  manager_pin_hash: string | null;
  /** Raised with every change to a product of the config (bumpCatalogVersion). */
  catalog_version: Generated<number>;
  /** 1: sessions open in `opening_control` with the float counted and close with the drawer counted. */
  cash_control: Generated<number>;
  /** The shop's IANA time zone (`Europe/Paris`): which day a session belongs to in the day report. */
  time_zone: Generated<string>;
}

/** A POS session. `rescue` is 1 for a session made to receive rescued orders. */
export interface SessionsTable {
  id: Generated<number>;
  config_id: number;
  name: string;
  state: SessionState;
  opened_at: string | null;
  closed_at: string | null;
  rescue: Generated<number>;
  /** Cash control, minor units: the float expected at opening (the last counted drawer) and counted. */
  expected_opening_cash: number | null;
  opening_cash: number | null;
  /** Cash control, minor units: the drawer expected at closing and counted, with the manager's note. */
  expected_closing_cash: number | null;
  closing_cash: number | null;
  closing_note: string | null;
  /** The Z report (SessionReport JSON) fixed when the session closed; null before. */
  z_report: string | null;
}

/** A catalog product: tax-included price in minor units, tax rate in basis points. */
export interface ProductsTable {
  id: Generated<number>;
  config_id: number;
  name: string;
  price: number;
  tax_rate: number;
  category: string;
  barcode: string | null;
  /** 1 once archived: off the tills, kept for the orders that name it. */
  archived: Generated<number>;
}

/**
 * An accepted order: its JSON as the device sent it (`body`) and the columns the server searches
 * on. `uuid` is stored lowercased (uuids compare without case); `body` keeps the device's
 * spelling. `arrival` orders the orders received in the same millisecond: their place in their
 * upload.
 */
export interface OrdersTable {
  uuid: string;
  session_id: number;
  reference: string;
  amount_total: number;
  created_at: string;
  received_at: string;
  original_session_id: number | null;
  body: string;
  arrival: Generated<number>;
  /** Tax inside amount_total (minor units). */
  amount_tax: Generated<number>;
  /** The device number the order was made on (0 for an order stored before it was kept). */
  device_number: Generated<number>;
  /** 1 for a refund (negative lines and payments), 0 for a sale. */
  refund: Generated<number>;
  /** The uuid (lowercased) of the order a refund gives money back for; null for a sale or a refund without receipt. */
  refund_of: string | null;
  /** Why a refund was made, as the till sent it; null when it gave none. */
  refund_reason: string | null;
}

/**
 * One line of an order, written with it, so the report's sums by tax rate are plain SQL. Minor
 * units: `unit_price` tax-included; `total` the line's tax-included total after its discount;
 * `discount_amount` what the discount took off (gross − total); `tax` the tax inside `total`.
 * `discount` in percent, `tax_rate` in basis points.
 */
export interface OrderLinesTable {
  order_uuid: string;
  position: number;
  session_id: number;
  product_id: number;
  name: string;
  quantity: number;
  unit_price: number;
  tax_rate: number;
  discount: number;
  discount_amount: number;
  total: number;
  tax: number;
}

/**
 * Cash put into (amount > 0) or taken out of (amount < 0) the drawer during a session, minor
 * units; `uuid` made on the device is the key, so a move is stored once. `created_at` is the
 * device's clock, `received_at` the server's; `arrival` orders those of one upload.
 */
export interface CashMovesTable {
  uuid: string;
  session_id: number;
  device_number: number;
  amount: number;
  reason: string;
  created_at: string;
  received_at: string;
  arrival: Generated<number>;
}

/**
 * One payment of an order, written with it, so that totals by method are a plain SUM on both
 * engines. `change_given` is the order's change (`amountReturn`) on its first cash payment, 0 on
 * every other row: cash in the drawer is `SUM(amount) - SUM(change_given)`.
 */
export interface OrderPaymentsTable {
  order_uuid: string;
  position: number;
  session_id: number;
  method: string;
  amount: number;
  change_given: number;
}

/** A tablet of a config; `device_number` 1..999 is in every order reference it makes. */
export interface DevicesTable {
  device_id: string;
  config_id: number;
  device_number: number;
  created_at: string;
  token_hash: string | null;
  paired_at: string | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** The manager's name for the tablet; null when it has none. */
  name: string | null;
}

/** What a device last said about its outbox in a check of a session. */
export interface DeviceReportsTable {
  session_id: number;
  device_id: string;
  pending: number;
  held: number;
  last_seen_at: string;
}

/** A one-time pairing code, by its SHA-256 only. */
export interface PairingCodesTable {
  code_hash: string;
  config_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

/**
 * Attempts counted in a window shared by every instance (attempts-repo.ts): `key` names what is
 * counted (`pair:<address>`, `pin:<config id>`), `expires_at` ends the window.
 */
export interface AttemptCountersTable {
  key: string;
  attempts: number;
  expires_at: string;
}

/** The SHA-256 of the generated admin token (one row, id 1), for servers without a data folder. */
export interface AdminTokenTable {
  id: number;
  token_hash: string;
  created_at: string;
}

/** The schema steps applied to this database (migrate.ts). */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  /** ISO 8601 UTC, or `before schema_migrations` for steps an older server applied. */
  applied_at: string;
}

export type ConfigRow = Selectable<ConfigsTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type PairingCodeRow = Selectable<PairingCodesTable>;
