import { expectedCash } from '../../src/domain/cash.js';
import type { ReportCash } from '../../src/domain/report.js';
import { cashTotals, listCashMoves } from '../db/cash-moves-repo.js';
import type { Executor } from '../db/database.js';

/** What the cash part of a report reads of a session row (minor units, null until counted). */
export interface CashCounts {
  id: number;
  /** 1 for a session opened to receive rescued orders. */
  rescue: number;
  opening_cash: number | null;
  closing_cash: number | null;
  closing_note: string | null;
}

/**
 * True when session `session` of a config with `cash_control` (0/1) is reported with its cash: the
 * config counts its drawer, or the session was counted (a config that stopped counting since still
 * shows the counts it made). Never a rescue session: it has no drawer of its own (the cash of the
 * orders rescued into it was in the drawer of the session they were made in, counted there).
 */
export function underCashControl(cashControl: number, session: CashCounts): boolean {
  if (session.rescue === 1) return false;
  return cashControl === 1 || session.opening_cash !== null || session.closing_cash !== null;
}

/**
 * The cash part of session `session`'s report, minor units: `opening` the counted float (0 when
 * none was counted), cash tendered, change given and the moves as the database sums them
 * (cashTotals), the moves in the order they arrived (listCashMoves),
 * `expected` (expectedCash), and once the drawer is counted at closing `counted`, `difference`
 * (counted − expected) and the manager's note; else null for those three. Cash given back for
 * refunds is its own figure (`refunds`, 0 or less), counted out of the expected cash.
 */
export async function sessionCash(db: Executor, session: CashCounts): Promise<ReportCash> {
  const totals = await cashTotals(db, session.id);
  const opening = session.opening_cash ?? 0;
  const expected = expectedCash({ opening, ...totals });
  const counted = session.closing_cash;
  return {
    opening,
    payments: totals.payments,
    change: totals.change,
    refunds: totals.refunds,
    moves: (await listCashMoves(db, session.id)).map((m) => ({
      amount: m.amount,
      reason: m.reason,
      createdAt: m.createdAt,
      deviceNumber: m.deviceNumber,
    })),
    expected,
    counted,
    difference: counted === null ? null : counted - expected,
    note: counted === null ? null : session.closing_note,
  };
}

/**
 * The cash parts of several sessions as one (the day report), minor units: every figure summed
 * and the moves listed session after session; `counted` and `difference` only when every session was
 * counted (else null: a sum of some would mislead), the notes one per line. Null for no parts.
 */
export function sumCash(parts: readonly ReportCash[]): ReportCash | null {
  if (parts.length === 0) return null;
  const sum = (pick: (part: ReportCash) => number) => parts.reduce((total, part) => total + pick(part), 0);
  const counted = parts.every((p) => p.counted !== null) ? sum((p) => p.counted ?? 0) : null;
  const expected = sum((p) => p.expected);
  const notes = parts.map((p) => p.note).filter((note): note is string => note !== null && note !== '');
  return {
    opening: sum((p) => p.opening),
    payments: sum((p) => p.payments),
    change: sum((p) => p.change),
    refunds: sum((p) => p.refunds),
    moves: parts.flatMap((p) => p.moves),
    expected,
    counted,
    difference: counted === null ? null : counted - expected,
    note: notes.length === 0 ? null : notes.join('\n'),
  };
}
