import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  checkSession,
  listSessions as listSessionsRoute,
  MAX_SESSIONS_PAGE,
  openSession,
  patchSession,
  sessionSummary as summaryRoute,
} from '../../src/domain/api/sessions.js';
import { MANAGER_PIN_HEADER } from '../../src/domain/api/names.js';
import type { RouteContext } from '../app-deps.js';
import { sessionFor } from '../auth/auth.js';
import { getConfig } from '../db/configs-repo.js';
import { isUniqueViolation } from '../db/dialect.js';
import { upsertDeviceReport } from '../db/devices-repo.js';
import { isEntryStored, sessionTotalsOf } from '../db/orders-repo.js';
import {
  createSession,
  findUnclosedSession,
  getSession,
  lastCountedCash,
  listSessions,
} from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { sessionSummary } from '../session-summary.js';
import { sessionView, sessionViews } from '../session-view.js';
import { allowDeviceMove } from '../sessions/allow-device-move.js';
import { changeSessionState } from '../sessions/change-session-state.js';

/**
 * Sessions: `GET /api/configs/:id/sessions` (admin: newest first, with order count and total),
 * `POST /api/configs/:id/sessions` (admin: open, in `opening_control` with the float expected under
 * cash control, else `opened`, unless the body says; 409 session_already_open), `GET
 * /api/sessions/:id` (the session check by a device of the config or the admin,
 * `Cache-Control: no-store`; a device's check records its outbox report), `GET
 * /api/sessions/:id/summary` (admin: see sessionSummary) and `PATCH /api/sessions/:id` (change
 * state with the counts of cash control: the admin, or a tablet of the config as allowDeviceMove
 * says; the rules are changeSessionState's). Opening and state changes reach the event streams
 * through the change feed, inside their transaction.
 */
export function sessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, changes, now, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(listSessionsRoute.url, { schema: listSessionsRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    if (!(await getConfig(db, configId))) throw httpError('not_found', `No config ${configId}`);
    const { limit, before } = request.query;
    const rows = await listSessions(db, configId, { limit: limit ?? MAX_SESSIONS_PAGE, before });
    const totals = await sessionTotalsOf(
      db,
      rows.map((r) => r.id),
    );
    const views = await sessionViews(db, rows);
    return views.map((view, index) => ({
      ...view,
      ...(totals.get(rows[index]?.id ?? -1) ?? { orderCount: 0, amountTotal: 0 }),
    }));
  });

  api.get(summaryRoute.url, { schema: summaryRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const row = await getSession(db, id);
    if (!row) throw httpError('not_found', `No session ${id}`);
    return sessionSummary(db, row, now());
  });

  api.post(openSession.url, { schema: openSession.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    const alreadyOpen = (open: { name: string; state: string }) =>
      httpError('session_already_open', `Session ${open.name} is ${open.state}: close it first.`);
    const row = await db
      .transaction()
      .execute(async (trx) => {
        const config = await getConfig(trx, configId);
        if (!config) throw httpError('not_found', `No config ${configId}`);
        const open = await findUnclosedSession(trx, configId);
        if (open) throw alreadyOpen(open);
        // Under cash control the register opens when its float is counted; a body state still wins.
        const cashControl = config.cash_control === 1;
        const created = await createSession(trx, {
          configId,
          state: request.body?.state ?? (cashControl ? 'opening_control' : 'opened'),
          now: now(),
          expectedOpeningCash: cashControl ? await lastCountedCash(trx, configId) : null,
        });
        // Tills blocked on the register's closed session learn that Reload continues in this one.
        await changes.configChanged(trx, configId);
        return created;
      })
      .catch(async (error: unknown) => {
        // Opened at the same moment by another request: the unique index let one through.
        const open = isUniqueViolation(error) ? await findUnclosedSession(db, configId) : undefined;
        throw open ? alreadyOpen(open) : error;
      });
    return reply.code(201).send(await sessionView(db, row));
  });

  api.get(checkSession.url, { schema: checkSession.schema }, async (request, reply) => {
    const principal = await auth.authenticate(request);
    const { id } = request.params;
    const query = request.query;
    const row = await getSession(db, id);
    if (!row) throw httpError('not_found', `No session ${id}`);
    auth.allowConfig(principal, row.config_id);
    if (principal.kind === 'device') {
      const report = {
        deviceId: principal.deviceId,
        pending: query.pending ?? 0,
        held: query.held ?? 0,
        lastSeenAt: now().toISOString(),
      };
      await upsertDeviceReport(db, id, report);
    }
    void reply.header('Cache-Control', 'no-store');
    const view = sessionFor(
      principal,
      await sessionView(db, row, principal.kind === 'device' ? principal.deviceId : undefined),
    );
    // A device names the last entry the server confirmed to it: when it is gone (data restored
    // from an older copy), the device sends what it holds as synced again.
    if (principal.kind === 'device' && query.lastSynced !== undefined)
      return { ...view, lastSyncedKnown: await isEntryStored(db, query.lastSynced) };
    return view;
  });

  api.patch(patchSession.url, { schema: patchSession.schema }, async (request) => {
    const principal = await auth.authenticate(request);
    const { id } = request.params;
    const patch = request.body;
    if (principal.kind === 'device') {
      const pin = request.headers[MANAGER_PIN_HEADER];
      await allowDeviceMove(db, auth, principal, {
        sessionId: id,
        state: patch.state,
        pin: typeof pin === 'string' ? pin : undefined,
        now: now(),
      });
    }
    const view = await db.transaction().execute(async (trx) => {
      await changeSessionState(trx, id, patch, now());
      await changes.sessionChanged(trx, id);
      const row = await getSession(trx, id);
      if (!row) throw httpError('not_found', `No session ${id}`);
      return sessionView(trx, row);
    });
    return sessionFor(principal, view);
  });
}
