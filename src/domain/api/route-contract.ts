import type { z } from '../zod.js';

/**
 * Names of the API's security schemes (the OpenAPI document's `components.securitySchemes`,
 * docs/ACCESS.md): the manager's admin token and a paired tablet's device token, both as
 * `Authorization: Bearer …`; the device token in `?access_token=` (an EventSource sends no
 * header); the manager PIN typed on a tablet, in its own header.
 */
export const SECURITY_SCHEMES = {
  admin: 'adminToken',
  device: 'deviceToken',
  deviceQuery: 'deviceTokenInQuery',
  managerPin: 'managerPin',
} as const;

/** One way to be let in: every scheme named must be given (OpenAPI's security requirement). */
export type SecurityRequirement = Partial<
  Record<(typeof SECURITY_SCHEMES)[keyof typeof SECURITY_SCHEMES], []>
>;

/** Who may call a route, as OpenAPI security requirements (any one of them lets the caller in). */
export const WHO = {
  /** No token: the health check, pairing. */
  anyone: [] as SecurityRequirement[],
  admin: [{ adminToken: [] }] as SecurityRequirement[],
  device: [{ deviceToken: [] }] as SecurityRequirement[],
  /** A device of the config the resource belongs to, or the admin. */
  configDeviceOrAdmin: [{ deviceToken: [] }, { adminToken: [] }] as SecurityRequirement[],
};

/** An answer that is not JSON (CSV, an event stream): documented by content type, never serialised through zod. */
export interface ContentAnswer {
  description: string;
  content: Record<string, { schema: z.ZodMiniType }>;
}

/**
 * One route of the API as the contract declares it: method, URL (Fastify's `:param` syntax) and
 * the schemas of its request parts and of each answer by HTTP status. The server registers the
 * route from it (server/routes/*.ts) and the OpenAPI document is generated from it.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  schema: {
    summary: string;
    description?: string;
    tags: readonly string[];
    security: SecurityRequirement[];
    params?: z.ZodMiniType;
    querystring?: z.ZodMiniType;
    body?: z.ZodMiniType;
    /** Content types of the body when it is not JSON (a CSV upload); the server registers their parser itself. */
    consumes?: readonly string[];
    response: Record<number, z.ZodMiniType | ContentAnswer>;
  };
}
