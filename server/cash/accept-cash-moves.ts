import { CashMoveSchema, type CashMove, type CashMoveResult } from '../../src/domain/cash.js';
import type { Principal } from '../auth/auth.js';
import { insertCashMoves, storedCashMoveUuids, type NewCashMove } from '../db/cash-moves-repo.js';
import type { Executor } from '../db/database.js';
import { lockSessionsForUpload, type SessionRow } from '../db/sessions-repo.js';
import { accepted, duplicate, invalid, readUuid } from '../orders/order-results.js';
import { sessionIdsOf } from '../orders/require-own-orders.js';
import { checkInput, readId } from '../parse-input.js';

/** What the checks said about one move: its result already, a move to store, or a later copy of the move at `copyOf`. */
type MoveVerdict = { result: CashMoveResult } | { store: NewCashMove } | { copyOf: number; uuid: string };

/**
 * Stores a batch of cash moves sent by `sender`, in the transaction `trx`, and answers one result
 * per move, in the same order, as an order upload does (acceptOrders): its sessions are locked FOR
 * SHARE (lockSessionsForUpload), so a close racing the upload either waits for it (and sums its
 * moves into the expected cash) or is seen as `closed` here. Checks per move: schema → from a
 * device, another config's session or another device number (`invalid`, forbidden) → uuid stored
 * already (`duplicate`, even if the session is now closed; also a later copy within the batch) →
 * unknown session (`invalid`, not_found) → the register without cash control (`invalid`, conflict) →
 * session closed (`session_closed`: the device holds it) → session in opening_control (`invalid`,
 * conflict: the float is not counted yet) → `accepted`. A move another request stored at the same
 * moment is a `duplicate`. `now` is the received time. A fixed handful of statements whatever the
 * batch's size.
 */
export async function acceptCashMoves(
  trx: Executor,
  sender: Principal,
  rawMoves: readonly unknown[],
  now: Date,
): Promise<CashMoveResult[]> {
  const sessions = new Map((await lockSessionsForUpload(trx, sessionIdsOf(rawMoves))).map((s) => [s.id, s]));
  const parsed = rawMoves.map(parseMove);
  const moves = parsed.flatMap((p) => ('move' in p ? [p.move] : []));
  const stored = await storedCashMoveUuids(
    trx,
    moves.map((m) => m.uuid.toLowerCase()),
  );
  const firstIndex = new Map<string, number>();
  const verdicts = parsed.map((p, index): MoveVerdict => {
    if (!('move' in p)) return p;
    const { move } = p;
    const sessionId = readId(move.sessionId);
    const session = sessionId === null ? undefined : sessions.get(sessionId);
    const notYours = senderProblem(move, session, sender);
    if (notYours) return { result: notYours };
    const uuid = move.uuid.toLowerCase();
    if (stored.has(uuid)) return { result: duplicate(move.uuid) };
    const first = firstIndex.get(uuid);
    if (first !== undefined) return { copyOf: first, uuid: move.uuid };
    firstIndex.set(uuid, index);
    if (!session) return { result: invalid(move.uuid, 'not_found', `No session ${move.sessionId}`) };
    const problem = sessionProblem(move, session);
    if (problem) return { result: problem };
    return { store: { ...move, sessionId: session.id, receivedAt: now, arrival: index } };
  });
  return settleMoves(trx, verdicts);
}

/** One raw move validated with CashMoveSchema; a failure is `invalid` / `validation_failed`. */
function parseMove(raw: unknown): { move: CashMove } | { result: CashMoveResult } {
  const checked = checkInput(CashMoveSchema, raw);
  if (checked.ok) return { move: checked.data };
  return { result: invalid(readUuid(raw), 'validation_failed', checked.problem.message) };
}

/**
 * A device sends only its own moves (docs/ACCESS.md): `invalid` / forbidden when the move's
 * session (when known) is another config's, or its device number is not the device's; else null.
 */
function senderProblem(
  move: CashMove,
  session: SessionRow | undefined,
  sender: Principal,
): CashMoveResult | null {
  if (sender.kind !== 'device') return null;
  if (session && session.config_id !== sender.configId)
    return invalid(move.uuid, 'forbidden', `Session ${session.name} belongs to another POS config.`);
  if (move.deviceNumber !== sender.deviceNumber)
    return invalid(
      move.uuid,
      'forbidden',
      `The move carries device number ${move.deviceNumber}; this device is number ${sender.deviceNumber}.`,
    );
  return null;
}

/** Why `session` takes no cash move now (see acceptCashMoves for the order of checks), or null. */
function sessionProblem(move: CashMove, session: SessionRow): CashMoveResult | null {
  if (session.cash_control !== 1)
    return invalid(
      move.uuid,
      'conflict',
      `${session.config_name} does not have cash control: no cash moves.`,
    );
  if (session.state === 'closed')
    return {
      uuid: move.uuid,
      status: 'session_closed',
      error: {
        code: 'session_closed',
        message: `Session ${session.name} is closed: it takes no cash moves.`,
      },
    };
  if (session.state === 'opening_control')
    return invalid(
      move.uuid,
      'conflict',
      `Session ${session.name} is in opening_control: count the opening float before moving cash.`,
    );
  return null;
}

/**
 * Stores the moves to store in one insert and answers every move in order: `accepted` when stored
 * now, `duplicate` when another request stored its uuid meanwhile; a later copy in the batch is a
 * `duplicate` of a stored or duplicate first copy, else answered as the first copy was.
 */
async function settleMoves(trx: Executor, verdicts: readonly MoveVerdict[]): Promise<CashMoveResult[]> {
  const stored = await insertCashMoves(
    trx,
    verdicts.flatMap((v) => ('store' in v ? [v.store] : [])),
  );
  const results: CashMoveResult[] = [];
  for (const verdict of verdicts) {
    if ('result' in verdict) results.push(verdict.result);
    else if ('store' in verdict) {
      const { uuid } = verdict.store;
      results.push(stored.has(uuid.toLowerCase()) ? accepted(uuid) : duplicate(uuid));
    } else {
      const first = results[verdict.copyOf];
      if (!first) throw new Error(`copy of cash move ${verdict.uuid} settled before its first copy`);
      results.push(
        first.status === 'accepted' || first.status === 'duplicate'
          ? duplicate(verdict.uuid)
          : { ...first, uuid: verdict.uuid },
      );
    }
  }
  return results;
}
