import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { canTransition, SessionStateSchema } from '../../src/domain/session-state.js';
import type { RouteContext } from '../app-deps.js';
import { sessionFor } from '../auth/auth.js';
import { getConfig } from '../db/configs-repo.js';
import { upsertDeviceReport } from '../db/devices-repo.js';
import { createSession, findUnclosedSession, getSession, listSessions, setSessionState } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { parseInput, requireId } from '../parse-input.js';
import { publishConfigSessions, publishSession } from '../publish-session.js';
import { sessionSummary, sessionTotals } from '../session-summary.js';
import { sessionView } from '../session-view.js';

/** An outbox count in a query string: a non-negative integer (at most 9 digits). */
const CountSchema = z.string().regex(/^\d{1,9}$/, 'a whole number, 0 or more').transform(Number);

/**
 * Query of the session check: the device's report of its outbox (optional). The device is the
 * token's; a `deviceId` parameter from an older till is ignored.
 */
const CheckQuerySchema = z.object({
  pending: CountSchema.optional(),
  held: CountSchema.optional(),
});

const OpenBodySchema = z.strictObject({ state: z.enum(['opening_control', 'opened']).optional() }).optional();
const PatchBodySchema = z.strictObject({ state: SessionStateSchema });

/**
 * Sessions: `GET /api/configs/:id/sessions` (admin: newest first, with order count and total),
 * `POST /api/configs/:id/sessions` (admin: open; 409 session_already_open), `GET
 * /api/sessions/:id` (the session check by a device of the config or the admin,
 * `Cache-Control: no-store`; a device's check records its outbox report), `GET
 * /api/sessions/:id/summary` (admin: see sessionSummary) and `PATCH /api/sessions/:id` (admin:
 * change state; 409 transition_not_allowed).
 */
export function sessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, events, now, auth } = ctx;

  app.get<{ Params: { id: string } }>('/api/configs/:id/sessions', async (request) => {
    auth.requireAdmin(request);
    const configId = requireId(request.params.id, 'config');
    if (!getConfig(db, configId)) throw httpError('not_found', `No config ${configId}`);
    return listSessions(db, configId).map((row) => ({ ...sessionView(db, row), ...sessionTotals(db, row.id) }));
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/summary', async (request) => {
    auth.requireAdmin(request);
    const id = requireId(request.params.id, 'session');
    const row = getSession(db, id);
    if (!row) throw httpError('not_found', `No session ${id}`);
    return sessionSummary(db, row, now());
  });

  app.post<{ Params: { id: string } }>('/api/configs/:id/sessions', async (request, reply) => {
    auth.requireAdmin(request);
    const configId = requireId(request.params.id, 'config');
    const state = parseInput(OpenBodySchema, request.body)?.state ?? 'opened';
    const row = db.transaction(() => {
      if (!getConfig(db, configId)) throw httpError('not_found', `No config ${configId}`);
      const open = findUnclosedSession(db, configId);
      if (open) throw httpError('session_already_open', `Session ${open.name} is ${open.state}: close it first.`);
      return createSession(db, { configId, state, now: now() });
    })();
    publishConfigSessions(db, events, configId);
    return reply.code(201).send(sessionView(db, row));
  });

  app.get<{ Params: { id: string }; Querystring: unknown }>('/api/sessions/:id', async (request, reply) => {
    const principal = auth.authenticate(request);
    const id = requireId(request.params.id, 'session');
    const query = parseInput(CheckQuerySchema, request.query);
    const row = getSession(db, id);
    if (!row) throw httpError('not_found', `No session ${id}`);
    auth.allowConfig(principal, row.config_id);
    if (principal.kind === 'device') {
      const report = { deviceId: principal.deviceId, pending: query.pending ?? 0, held: query.held ?? 0, lastSeenAt: now().toISOString() };
      upsertDeviceReport(db, id, report);
    }
    void reply.header('Cache-Control', 'no-store');
    return sessionFor(principal, sessionView(db, row));
  });

  app.patch<{ Params: { id: string } }>('/api/sessions/:id', async (request) => {
    auth.requireAdmin(request);
    const id = requireId(request.params.id, 'session');
    const { state } = parseInput(PatchBodySchema, request.body);
    const row = db.transaction(() => {
      const current = getSession(db, id);
      if (!current) throw httpError('not_found', `No session ${id}`);
      if (!canTransition(current.state, state)) {
        throw httpError('transition_not_allowed', `Session ${current.name} cannot go from ${current.state} to ${state}.`);
      }
      setSessionState(db, id, state, now());
      return getSession(db, id);
    })();
    if (!row) throw httpError('not_found', `No session ${id}`);
    publishSession(db, events, id);
    return sessionView(db, row);
  });
}
