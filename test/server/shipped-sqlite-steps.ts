/**
 * The schema steps as the servers before schema_migrations shipped them (raw SQLite SQL, run in
 * order, `PRAGMA user_version` = how many ran). Kept verbatim to make the SQLite files those
 * servers left behind, which the current server must open as they are.
 */
export const SHIPPED_SQLITE_STEPS: readonly string[] = [
  `
  CREATE TABLE configs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    check_session_state_frequency INTEGER NOT NULL,
    max_unverified_seconds INTEGER
  );
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_id INTEGER NOT NULL REFERENCES configs(id),
    name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('opening_control', 'opened', 'closing_control', 'closed')),
    opened_at TEXT,
    closed_at TEXT,
    rescue INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX sessions_by_config ON sessions(config_id, state);
  CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    config_id INTEGER NOT NULL REFERENCES configs(id),
    name TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    tax_rate INTEGER NOT NULL,
    category TEXT NOT NULL,
    barcode TEXT,
    UNIQUE (config_id, name),
    UNIQUE (config_id, barcode)
  );
  CREATE TABLE orders (
    uuid TEXT PRIMARY KEY COLLATE NOCASE,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    reference TEXT NOT NULL UNIQUE,
    amount_total INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    original_session_id INTEGER REFERENCES sessions(id),
    body TEXT NOT NULL
  );
  CREATE INDEX orders_by_session ON orders(session_id, received_at);
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    config_id INTEGER NOT NULL REFERENCES configs(id),
    device_number INTEGER NOT NULL CHECK (device_number BETWEEN 1 AND 999),
    created_at TEXT NOT NULL,
    UNIQUE (config_id, device_number)
  );
  CREATE TABLE device_reports (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    device_id TEXT NOT NULL,
    pending INTEGER NOT NULL,
    held INTEGER NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (session_id, device_id)
  );
  `,
  // 2: retention of synced orders on the tablets, and the manager PIN (PBKDF2 JSON).
  `
  ALTER TABLE configs ADD COLUMN synced_retention_days INTEGER NOT NULL DEFAULT 7 CHECK (synced_retention_days BETWEEN 1 AND 365);
  ALTER TABLE configs ADD COLUMN manager_pin_hash TEXT;
  `,
  // 3: device tokens (SHA-256 only), pairing codes (SHA-256 only), revocation.
  `
  ALTER TABLE devices ADD COLUMN token_hash TEXT;
  ALTER TABLE devices ADD COLUMN paired_at TEXT;
  ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
  ALTER TABLE devices ADD COLUMN revoked_at TEXT;
  CREATE UNIQUE INDEX devices_by_token ON devices(token_hash);
  CREATE TABLE pairing_codes (
    code_hash TEXT PRIMARY KEY,
    config_id INTEGER NOT NULL REFERENCES configs(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    device_id TEXT
  );
  `,
  // 4: a name the manager gives a tablet ("Counter tablet 1"); null = no name.
  `
  ALTER TABLE devices ADD COLUMN name TEXT;
  `,
];
