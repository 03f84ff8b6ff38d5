import type { SessionPatch } from '../../src/domain/api/sessions.js';
import { expectedCash } from '../../src/domain/cash.js';
import { minorToDecimal } from '../../src/domain/currency.js';
import { cashTotals } from '../db/cash-moves-repo.js';
import type { Executor } from '../db/database.js';
import { setSessionCounts, setSessionState, type SessionRow } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { storeZReport } from '../reports/session-report.js';

/**
 * Closes `session` (its row locked by the caller, the transition checked) in the transaction
 * `trx`: everything a close fixes happens here, once, in that transaction. Under the config's
 * cash control `patch.closingCash` is required (409 `cash_count_required`); whenever a count is
 * given the drawer's expected cash is computed now (counted opening float, or 0 when none was
 * counted, + cash tendered − change given + cash refunds (negative) + cash moves, orders rescued
 * into the session left out: cashTotals, expectedCash), so no upload can land between the sum and the close; under cash control, when the count differs from it,
 * `patch.closingNote` (trimmed) must say why (409 `closing_note_required`). Stores the expected cash, the count and
 * the note (null when empty), then the state `closed` and `closed_at` = `now`, and the Z report
 * fixed as it stands now (storeZReport). Nothing is written when it throws.
 */
export async function closeSession(
  trx: Executor,
  session: SessionRow,
  patch: SessionPatch,
  now: Date,
): Promise<void> {
  const counted = patch.closingCash;
  const note = patch.closingNote?.trim() ?? '';
  if (counted === undefined) {
    if (session.cash_control === 1)
      throw httpError(
        'cash_count_required',
        `Count the cash in the drawer to close session ${session.name} (cash control is on).`,
        { field: 'closingCash' },
      );
    if (note !== '') await setSessionCounts(trx, session.id, { closingNote: note });
  } else {
    const expected = expectedCash({
      opening: session.opening_cash ?? 0,
      ...(await cashTotals(trx, session.id)),
    });
    if (session.cash_control === 1 && counted !== expected && note === '') {
      const money = (minor: number) => `${minorToDecimal(minor, session.currency)} ${session.currency}`;
      throw httpError(
        'closing_note_required',
        `The drawer holds ${money(counted)} and ${money(expected)} was expected: say why in a note to close session ${session.name}.`,
        { field: 'closingNote' },
      );
    }
    await setSessionCounts(trx, session.id, {
      expectedClosingCash: expected,
      closingCash: counted,
      ...(note === '' ? {} : { closingNote: note }),
    });
  }
  await setSessionState(trx, session.id, 'closed', now);
  await storeZReport(trx, session.id, now);
}
