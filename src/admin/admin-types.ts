/**
 * Shapes of the admin API answers and bodies (docs/ACCESS.md) as the back office reads them: the
 * types of the API contract (src/domain/api/), imported as types only, so the back office ships
 * none of the contract's schemas.
 */
import type { ConfigPatch } from '../domain/api/configs.js';
import type { DeviceInfo, DevicePatch, LastReport, PairingCode } from '../domain/api/devices.js';
import type { DeviceHolding, SessionListItem, SessionSummary } from '../domain/api/sessions.js';
import type { PosConfig } from '../domain/pos-config.js';
import type { PosOrder } from '../domain/pos-order.js';
import type { PosSession } from '../domain/pos-session.js';

export type { ConfigPatch, DeviceInfo, DevicePatch, PairingCode, PosConfig, PosOrder, PosSession };
export type { SessionListItem, SessionSummary };

/** What one device last reported in a session check of this session (see DeviceHoldingSchema). */
export type SummaryDevice = DeviceHolding;

/** A device's last session check report (see LastReportSchema). */
export type DeviceReport = LastReport;
