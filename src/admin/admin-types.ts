/**
 * Shapes of the admin API answers and bodies (docs/ACCESS.md) as the back office reads them: the
 * types of the API contract (src/domain/api/), imported as types only, so the back office ships
 * none of the contract's schemas.
 */
import type { BackupStatus } from '../domain/api/backups.js';
import type { ConfigCreate, ConfigPatch } from '../domain/api/configs.js';
import type { DeviceInfo, DevicePatch, LastReport, PairingCode } from '../domain/api/devices.js';
import type { DeviceHolding, SessionListItem, SessionPatch, SessionSummary } from '../domain/api/sessions.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { CsvProblem } from '../domain/pos-error.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { PosSession } from '../domain/pos-session.js';
import type { Product, ProductFields } from '../domain/product.js';

export type {
  BackupStatus,
  ConfigPatch,
  DeviceInfo,
  DevicePatch,
  PairingCode,
  PosConfig,
  PosOrder,
  PosSession,
};
export type { SessionListItem, SessionPatch, SessionSummary };

/** What one device last reported in a session check of this session (see DeviceHoldingSchema). */
export type SummaryDevice = DeviceHolding;

/** A device's last session check report (see LastReportSchema). */
export type DeviceReport = LastReport;

/** `POST /api/configs` body (ConfigCreateSchema): `copyCatalogFrom` the config whose catalog the new one starts with. */
export type NewConfig = ConfigCreate;

/** A catalog product; `archived` is set when archived products were asked for. */
export type { Product };

/** A product's fields as the form sends them (ProductFieldsSchema): price minor units, tax basis points, barcode null for none. */
export type ProductInput = ProductFields;

/** `PATCH /api/products/:id` body: any of the fields, and `archived`. */
export type ProductPatch = Partial<ProductFields> & { archived?: boolean };

/** `POST /api/configs/:id/products/import` answer: what was (or, in a dry run, would be) done. */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

/**
 * One bad row of a refused CSV import (422 invalid_csv): its line as a spreadsheet numbers it, the
 * header's column name, its `reason` (said in the page's language: csv-problem-words.ts; the
 * English `message` is never shown, admin-errors.ts says why).
 */
export type ImportProblem = CsvProblem;
