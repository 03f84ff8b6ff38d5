import type { FastifyInstance } from 'fastify';

/** `GET /api/health` → `{ok: true, version}`: liveness, no database access. */
export function healthRoutes(app: FastifyInstance, version: string): void {
  app.get('/api/health', async () => ({ ok: true, version }));
}
