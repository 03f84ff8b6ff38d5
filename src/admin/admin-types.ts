/**
 * Shapes of the admin API answers (docs/ACCESS.md) as the back office reads them. Types only: the
 * back office trusts its own server and ships no schema library (zod stays in the till's chunks).
 */
import type { Id } from '../domain/ids.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { PosSession } from '../domain/pos-session.js';

export type { PosConfig, PosOrder, PosSession };

/** `PATCH /api/configs/:id` body; `managerPin` null removes the PIN. Seconds and days. */
export interface ConfigPatch {
  name?: string;
  checkSessionStateFrequency?: number;
  maxUnverifiedSeconds?: number | null;
  syncedRetentionDays?: number;
  managerPin?: string | null;
}

/** One row of `GET /api/configs/:id/sessions`: the session, its order count and total (minor units). */
export interface SessionListItem extends PosSession {
  orderCount: number;
  amountTotal: number;
}

/** What one device last reported in a session check of this session. */
export interface SummaryDevice {
  deviceId: string;
  deviceNumber: number | null;
  /** The name the manager gave it; null or absent (servers before names) when it has none. */
  name?: string | null;
  /** Null when the device never checked this session. */
  pending: number | null;
  held: number | null;
  lastSeenAt: string | null;
  /** No report for two check intervals (or none at all) while the session is open: it may hold unreported orders. */
  silent: boolean;
}

/** Orders rescued into or out of a session: a count, or the list the server gives. */
export type RescuedCount = number | readonly unknown[] | null | undefined;

/** `GET /api/sessions/:id/summary`; amounts in integer minor units. */
export interface SessionSummary {
  sessionId: Id;
  orderCount: number;
  amountTotal: number;
  byPaymentMethod: { method: string; amount: number; count: number }[];
  rescuedIn: RescuedCount;
  rescuedOut: RescuedCount;
  devices: SummaryDevice[];
  /** Orders the devices last reported held (made in this session, not sendable any more). */
  held: number;
  /** Orders the devices last reported not yet sent. */
  pending: number;
  /** Devices that went silent (see SummaryDevice.silent). */
  silentDevices: number;
}

/** `POST /api/configs/:id/pairing-codes`: a one-time code, valid until `expiresAt`. */
export interface PairingCode {
  code: string;
  configId: Id;
  /** Server time the code was made: a device paired at or after it used this code (or a later one). */
  createdAt?: string;
  expiresAt: string;
  /** Path (with query) the tablet opens to pair: `/?pair=<code>`. */
  pairPath: string;
  /**
   * The absolute link the tablet opens (`POS_PUBLIC_URL` on the server, else the request's host);
   * absent from servers before it was added, then `location.origin + pairPath` stands in.
   */
  pairUrl?: string;
}

/** A device's last session check report. */
export interface DeviceReport {
  sessionId: Id;
  /** e.g. `Main counter/00002`; absent from servers before it was added. */
  sessionName?: string;
  pending: number;
  held: number;
  lastSeenAt: string;
}

/** `PATCH /api/devices/:id` body: a name (trimmed, 1–40 characters), or null to clear it. */
export interface DevicePatch {
  name: string | null;
}

/** One row of `GET /api/configs/:id/devices`, and the answer of `PATCH /api/devices/:id` and revoke. Times are ISO 8601; `revokedAt` null while paired. */
export interface DeviceInfo {
  deviceId: string;
  deviceNumber: number;
  configId: Id;
  /** The name the manager gave it (1–40 characters); null or absent (servers before names) when it has none. */
  name?: string | null;
  pairedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  lastReport: DeviceReport | null;
}
