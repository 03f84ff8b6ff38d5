import { DayReportSchema, SessionReportSchema } from '../report.js';
import { z } from '../zod.js';
import { AUTH_ERRORS, errorAnswers } from './error-schema.js';
import { idParams } from './params.js';
import { WHO, type RouteContract } from './route-contract.js';

/** Header of the lines export (`GET /api/sessions/:id/lines.csv`), in order. */
export const LINES_CSV_HEADER = [
  'reference',
  'created_at',
  'device',
  'product_id',
  'product',
  'quantity',
  'unit_price',
  'discount_percent',
  'discount',
  'tax_rate',
  'tax',
  'total',
] as const;

/** True when `text` (`YYYY-MM-DD`) names a day of the calendar: `2026-02-30` does not. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Query of the day report: the shop's day, `YYYY-MM-DD` (a real day, else 400 `validation_failed`). */
export const DayReportQuerySchema = z.object({
  date: z
    .string()
    .check(
      z.refine(isCalendarDate, 'a day written YYYY-MM-DD, e.g. 2026-12-05'),
      z.meta({ description: "The day in the config's time zone, YYYY-MM-DD" }),
    ),
});

const SessionParams = idParams('session');

/** A CSV download's answer. */
const csvAnswer = {
  description: 'A CSV file (Content-Disposition: attachment)',
  content: { 'text/csv': { schema: z.string() } },
};

export const sessionReport = {
  method: 'GET',
  url: '/api/sessions/:id/report',
  schema: {
    summary: "The session's report: X computed live while it runs, Z as fixed at its closing",
    description:
      'Money in integer minor units. Σ payments.amount − change = sales.amountTotal, Σ taxes.tax = ' +
      'sales.amountTax, Σ devices.count = orders.count. `cash` is null without cash control.',
    tags: ['reports'],
    security: WHO.configDeviceOrAdmin,
    params: SessionParams,
    response: { 200: SessionReportSchema, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const dayReport = {
  method: 'GET',
  url: '/api/configs/:id/report',
  schema: {
    summary: "The register's day: every session opened that day in its time zone, rescue sessions included",
    tags: ['reports'],
    security: WHO.admin,
    params: idParams('config'),
    querystring: DayReportQuerySchema,
    response: {
      200: DayReportSchema,
      ...errorAnswers('validation_failed', ...AUTH_ERRORS, 'not_found'),
    },
  },
} as const satisfies RouteContract;

export const sessionReportCsv = {
  method: 'GET',
  url: '/api/sessions/:id/report.csv',
  schema: {
    summary: "The session's report as a CSV download, one section per part",
    description:
      'Sections `report`, `sales`, `payments`, `taxes`, `devices`, `cash` (under cash control), ' +
      '`cash_moves` and `rescued`, each a title line, a header line and its rows, an empty line ' +
      "between them; money as decimals of the config's currency, tax rates in percent.",
    tags: ['reports'],
    security: WHO.admin,
    params: SessionParams,
    response: { 200: csvAnswer, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;

export const sessionLinesCsv = {
  method: 'GET',
  url: '/api/sessions/:id/lines.csv',
  schema: {
    summary: 'Every order line of the session as a CSV download',
    description:
      `Header \`${LINES_CSV_HEADER.join(',')}\`: one row per line of an order, by the orders' ` +
      "arrival; money (unit price, discount, tax, total: tax included) as decimals of the config's " +
      'currency, `discount_percent` a whole percent, `tax_rate` in percent.',
    tags: ['reports'],
    security: WHO.admin,
    params: SessionParams,
    response: { 200: csvAnswer, ...errorAnswers(...AUTH_ERRORS, 'not_found') },
  },
} as const satisfies RouteContract;
