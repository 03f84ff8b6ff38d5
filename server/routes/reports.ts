import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dayReport, sessionLinesCsv, sessionReport, sessionReportCsv } from '../../src/domain/api/reports.js';
import type { RouteContext } from '../app-deps.js';
import { getSession } from '../db/sessions-repo.js';
import { httpError } from '../http-error.js';
import { buildDayReport } from '../reports/day-report.js';
import { linesCsv } from '../reports/lines-csv.js';
import { reportCsv } from '../reports/report-csv.js';
import { readSessionReport } from '../reports/session-report.js';

/**
 * Reports: `GET /api/sessions/:id/report` (the admin, or a device of the session's config: the X
 * report while the session runs, the Z report fixed at its closing, readSessionReport), `GET
 * /api/configs/:id/report?date=YYYY-MM-DD` (admin: the register's day, buildDayReport), and the
 * downloads `GET /api/sessions/:id/report.csv` (reportCsv) and `GET /api/sessions/:id/lines.csv`
 * (linesCsv), admin. 404 for an unknown session or config.
 */
export function reportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(sessionReport.url, { schema: sessionReport.schema }, async (request, reply) => {
    const principal = await auth.authenticate(request);
    const { id } = request.params;
    const session = await getSession(db, id);
    if (!session) throw httpError('not_found', `No session ${id}`);
    auth.allowConfig(principal, session.config_id);
    const report = await readSessionReport(db, id, now());
    if (!report) throw httpError('not_found', `No session ${id}`);
    void reply.header('Cache-Control', 'no-store');
    return report;
  });

  api.get(dayReport.url, { schema: dayReport.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const report = await buildDayReport(db, id, request.query.date, now());
    if (!report) throw httpError('not_found', `No config ${id}`);
    void reply.header('Cache-Control', 'no-store');
    return report;
  });

  api.get(sessionReportCsv.url, { schema: sessionReportCsv.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const report = await readSessionReport(db, id, now());
    if (!report) throw httpError('not_found', `No session ${id}`);
    download(reply, `${fileSafe(report.session.name)}-report.csv`);
    return reportCsv(report);
  });

  api.get(sessionLinesCsv.url, { schema: sessionLinesCsv.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const session = await getSession(db, id);
    if (!session) throw httpError('not_found', `No session ${id}`);
    download(reply, `${fileSafe(session.name)}-lines.csv`);
    return linesCsv(db, id, session.currency);
  });
}

/** A session's name as part of a file name: letters, digits, `.`, `_` and `-` only. */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** Headers of a CSV download named `filename`. */
function download(reply: FastifyReply, filename: string): void {
  void reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', 'no-store');
}
