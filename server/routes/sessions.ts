import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  checkSession,
  listSessions as listSessionsRoute,
  openSession,
  patchSession,
  sessionSummary as summaryRoute,
} from '../../src/domain/api/sessions.js';
import { canTransition } from '../../src/domain/session-state.js';
import type { RouteContext } from '../app-deps.js';
import { sessionFor } from '../auth/auth.js';
import { getConfig } from '../db/configs-repo.js';
import { isUniqueViolation } from '../db/dialect.js';
import { upsertDeviceReport } from '../db/devices-repo.js';
import { sessionTotalsOf } from '../db/orders-repo.js';
import {
  createSession,
  findUnclosedSession,
  getSession,
  listSessions,
  lockSessionForChange,
  setSessionState,
} from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { sessionSummary } from '../session-summary.js';
import { sessionView, sessionViews } from '../session-view.js';

/**
 * Sessions: `GET /api/configs/:id/sessions` (admin: newest first, with order count and total),
 * `POST /api/configs/:id/sessions` (admin: open; 409 session_already_open), `GET
 * /api/sessions/:id` (the session check by a device of the config or the admin,
 * `Cache-Control: no-store`; a device's check records its outbox report), `GET
 * /api/sessions/:id/summary` (admin: see sessionSummary) and `PATCH /api/sessions/:id` (admin:
 * change state; 409 transition_not_allowed). Opening and state changes reach the event streams
 * through the change feed, inside their transaction.
 */
export function sessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, changes, now, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(listSessionsRoute.url, { schema: listSessionsRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const configId = request.params.id;
    if (!(await getConfig(db, configId))) throw httpError('not_found', `No config ${configId}`);
    const rows = await listSessions(db, configId);
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
    const state = request.body?.state ?? 'opened';
    const alreadyOpen = (open: { name: string; state: string }) =>
      httpError('session_already_open', `Session ${open.name} is ${open.state}: close it first.`);
    const row = await db
      .transaction()
      .execute(async (trx) => {
        if (!(await getConfig(trx, configId))) throw httpError('not_found', `No config ${configId}`);
        const open = await findUnclosedSession(trx, configId);
        if (open) throw alreadyOpen(open);
        const created = await createSession(trx, { configId, state, now: now() });
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
    return sessionFor(
      principal,
      await sessionView(db, row, principal.kind === 'device' ? principal.deviceId : undefined),
    );
  });

  api.patch(patchSession.url, { schema: patchSession.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const { state } = request.body;
    const view = await db.transaction().execute(async (trx) => {
      // Locked, then checked: the transition is judged on the state no one else is changing.
      const current = await lockSessionForChange(trx, id);
      if (!current) throw httpError('not_found', `No session ${id}`);
      if (!canTransition(current.state, state)) {
        throw httpError(
          'transition_not_allowed',
          `Session ${current.name} cannot go from ${current.state} to ${state}.`,
        );
      }
      await setSessionState(trx, id, state, now());
      await changes.sessionChanged(trx, id);
      const row = await getSession(trx, id);
      if (!row) throw httpError('not_found', `No session ${id}`);
      return sessionView(trx, row);
    });
    return view;
  });
}
