import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { SECURITY_SCHEMES } from '../src/domain/api/route-contract.js';
import { MANAGER_PIN_HEADER } from '../src/domain/api/names.js';
import { compressAnswers } from './compression.js';

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/api/openapi.json';
/** Where the readable API page is served (Swagger UI, from this server: no CDN). */
export const API_DOCS_PATH = '/api/docs';

/** CSP hash of the inline <style> Swagger UI (@fastify/swagger-ui 6.1.3) injects into its page. */
const SWAGGER_UI_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * Generates the OpenAPI 3.1 document from the contract (src/domain/api/) of every route
 * registered after this call, and serves it at {@link OPENAPI_PATH} and as a page at
 * {@link API_DOCS_PATH}. Both are public: they describe the API and hold no data
 * (docs/ACCESS.md). The page runs under the app's Content-Security-Policy `policy`: Swagger UI
 * loads its scripts and styles from this origin, and its validator badge (an image from another
 * site) is off.
 */
export function registerOpenApi(
  app: FastifyInstance,
  version: string,
  policy: Readonly<Record<string, readonly string[]>>,
): void {
  // The app's policy, plus the hash of the one <style> element Swagger UI injects: the page's
  // own answers only, never 'unsafe-inline' and never for the till's pages. A new Swagger UI
  // whose style differs is refused, and the browser test of the page says so.
  const docsPolicy = Object.entries({
    ...policy,
    'style-src': [...(policy['style-src'] ?? []), SWAGGER_UI_STYLE_HASH],
  })
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'pos-shell API',
        version,
        description:
          'The API of the pos-shell point of sale. Errors answer `{error: {code, message, field?}}`; ' +
          'each answer lists the codes it may carry. A JSON body over 1 MiB answers 413 payload_too_large ' +
          '(an upload of orders or a rescue: over 4 MiB; a catalog CSV: over 5 MiB). Who may call what: ' +
          'docs/ACCESS.md.',
      },
      components: {
        securitySchemes: {
          [SECURITY_SCHEMES.admin]: {
            type: 'http',
            scheme: 'bearer',
            description:
              "The manager's admin token (data/admin-token): `Authorization: Bearer pos_admin_…`. After 10 " +
              'unknown tokens from one address within a minute, every request from it with a token that is ' +
              'not a device’s answers 429 rate_limited with Retry-After until that minute ends, this token included.',
          },
          [SECURITY_SCHEMES.device]: {
            type: 'http',
            scheme: 'bearer',
            description:
              "A paired tablet's device token (from POST /api/pair): `Authorization: Bearer pos_dev_…`",
          },
          [SECURITY_SCHEMES.deviceQuery]: {
            type: 'apiKey',
            in: 'query',
            name: 'access_token',
            description:
              'The device token in the query, for the event stream only (an EventSource sends no header)',
          },
          [SECURITY_SCHEMES.managerPin]: {
            type: 'apiKey',
            in: 'header',
            name: MANAGER_PIN_HEADER,
            description: "The config's manager PIN typed on the tablet, for a rescue of held orders",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // The document is large and read by tools, not tills: compressed like the API's answers.
  void app.register(async (scope) => {
    await compressAnswers(scope);
    scope.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
  });
  void app.register(swaggerUi, {
    routePrefix: API_DOCS_PATH,
    uiConfig: { validatorUrl: null, docExpansion: 'list', deepLinking: false },
    uiHooks: {
      preHandler: (_request, reply, done) => {
        void reply.header('content-security-policy', docsPolicy);
        done();
      },
    },
  });
}
