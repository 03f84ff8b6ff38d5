import { IdSchema } from './ids.js';
import { SessionStateSchema } from './session-state.js';
import { z } from './zod.js';

const Minor = z.int();
const Count = z.int().check(z.nonnegative());

/** A cash move as the report lists it (minor units, signed). */
export const ReportCashMoveSchema = z.object({
  amount: Minor,
  reason: z.string(),
  createdAt: z.string(),
  deviceNumber: z.int(),
});

/**
 * The cash of a session under cash control, minor units: `opening` the counted float, `payments`
 * cash tendered for sales, `change` given back on them, `refunds` cash given back for refunds
 * (signed, 0 or less; 0 in a report stored before refunds existed), `moves` in and out,
 * `expected` = opening + payments − change + refunds + Σ moves; `counted`, `difference` (counted
 * − expected) and `note` once the drawer is counted at closing, else null.
 */
export const ReportCashSchema = z.object({
  opening: Minor,
  payments: Minor,
  change: Minor,
  refunds: z._default(Minor.check(z.maximum(0)), 0),
  moves: z.array(ReportCashMoveSchema),
  expected: Minor,
  counted: z.nullable(Minor),
  difference: z.nullable(Minor),
  note: z.nullable(z.string()),
});
export type ReportCash = z.infer<typeof ReportCashSchema>;

/**
 * What the refunds of a report gave back, minor units, each 0 or less (as the refunds carry them):
 * how many, their tax-included total and the tax in it, and by method what was paid back and in
 * how many payments. All zeros in a report stored before refunds existed.
 */
export const ReportRefundsSchema = z.object({
  count: Count,
  amountTotal: Minor.check(z.maximum(0)),
  amountTax: Minor.check(z.maximum(0)),
  payments: z.array(z.object({ method: z.string(), amount: Minor.check(z.maximum(0)), count: Count })),
});
export type ReportRefunds = z.infer<typeof ReportRefundsSchema>;

/**
 * What a report sums, all money in integer minor units. Sales and refunds are apart, as a shop
 * manager's Z report shows them (sales, refunds, net = sales + refunds): `sales`, `payments` and
 * `change` are the sales' alone, `refunds` the refunds' (negative). The figures a register or the
 * tax office reads net are net: `taxes` (the tax due), `devices` and `rescued`. `orders` counts
 * every order, sales and refunds (a refund has a reference of its own). Identities that hold
 * exactly: Σ payments.amount − change = sales.amountTotal; Σ refunds.payments.amount =
 * refunds.amountTotal; Σ taxes.tax = sales.amountTax + refunds.amountTax; Σ devices.count =
 * orders.count; Σ devices.amountTotal = sales.amountTotal + refunds.amountTotal.
 * - `payments[].amount`: what was tendered with the method for sales (cash before change);
 * - `sales.discounts`: the tax-included amount line discounts took off sales;
 * - `change`: the sum of `amountReturn` of the orders;
 * - `taxes[].base`: tax-excluded (total − tax) per rate (basis points), net of refunds;
 * - `rescued`: orders rescued into the session from a closed one (counted in the totals too), net.
 */
export const ReportTotalsSchema = z.object({
  orders: z.object({
    count: Count,
    firstReference: z.nullable(z.string()),
    lastReference: z.nullable(z.string()),
  }),
  sales: z.object({ amountTotal: Minor, amountTax: Minor, discounts: Minor }),
  payments: z.array(z.object({ method: z.string(), amount: Minor, count: Count })),
  change: Minor,
  taxes: z.array(z.object({ taxRate: z.int(), base: Minor, tax: Minor })),
  devices: z.array(z.object({ deviceNumber: z.int(), count: Count, amountTotal: Minor })),
  cash: z.nullable(ReportCashSchema),
  rescued: z.object({ count: Count, amountTotal: Minor }),
  refunds: z._default(ReportRefundsSchema, () => ({ count: 0, amountTotal: 0, amountTax: 0, payments: [] })),
});
export type ReportTotals = z.infer<typeof ReportTotalsSchema>;

/**
 * `GET /api/sessions/:id/report`: the X report while the session runs (computed live), the Z
 * report once it is closed (fixed at the moment of closing). `cash` is null without cash control.
 */
export const SessionReportSchema = z.extend(ReportTotalsSchema, {
  session: z.object({
    id: IdSchema,
    name: z.string(),
    state: SessionStateSchema,
    openedAt: z.nullable(z.string()),
    closedAt: z.nullable(z.string()),
  }),
  kind: z.enum(['X', 'Z']),
  /** The register's name and currency, so a printed report stands on its own. */
  config: z.object({ id: IdSchema, name: z.string(), currency: z.string() }),
  /** When this report was computed (ISO 8601, server time): the moment of closing for a Z report. */
  generatedAt: z.string(),
});
export type SessionReport = z.infer<typeof SessionReportSchema>;

/**
 * `GET /api/configs/:id/report?date=YYYY-MM-DD`: every session of the register opened on that day
 * in the config's time zone, rescue sessions included, summed. `cash` sums the sessions under cash
 * control (null when none was).
 */
export const DayReportSchema = z.extend(ReportTotalsSchema, {
  config: z.object({ id: IdSchema, name: z.string(), currency: z.string(), timeZone: z.string() }),
  date: z.string(),
  sessions: z.array(
    z.object({
      id: IdSchema,
      name: z.string(),
      state: SessionStateSchema,
      openedAt: z.nullable(z.string()),
      closedAt: z.nullable(z.string()),
      rescue: z.boolean(),
    }),
  ),
  generatedAt: z.string(),
});
export type DayReport = z.infer<typeof DayReportSchema>;
