import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createConfig as createConfigRoute,
  getConfig as getConfigRoute,
  listConfigs as listConfigsRoute,
  patchConfig,
} from '../../src/domain/api/configs.js';
import { DEFAULT_CHECK_FREQUENCY_S } from '../../src/domain/pos-config.js';
import type { RouteContext } from '../app-deps.js';
import { hashManagerPin } from '../config/manager-pin-hash.js';
import { configView } from '../config-view.js';
import {
  configNameTaken,
  createConfig,
  getConfig,
  listConfigs,
  updateConfig,
  type ConfigRow,
} from '../db/configs-repo.js';
import type { Executor } from '../db/database.js';
import { copyCatalog } from '../db/products-repo.js';
import { isUniqueViolation } from '../db/dialect.js';
import { httpError } from '../http-error.js';

/**
 * `POST /api/configs` (admin: 201, 409 conflict for a name in use; `copyCatalogFrom` copies that
 * config's products in the same transaction, 404 when it does not exist, 400 in another
 * currency), `GET /api/configs` (admin),
 * `GET /api/configs/:id` (its devices or the admin) and `PATCH /api/configs/:id` (admin; 400
 * validation_failed out of range or for a time zone Intl does not know, 404 unknown id, 409
 * conflict for a name in use); both take `cashControl` and `timeZone`. A
 * `managerPin` is stored as its PBKDF2 hash only (answered as `managerPinHash`). A PATCH reaches
 * the event streams of the config's sessions (changes.configChanged), so tills pick up a new
 * frequency at once.
 */
export function configRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, changes, auth } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const nameTaken = (name: string) => httpError('conflict', `Another POS config is already named ${name}.`);

  api.get(listConfigsRoute.url, { schema: listConfigsRoute.schema }, async (request) => {
    await auth.requireAdmin(request);
    const rows = await listConfigs(db);
    return Promise.all(rows.map((row) => configView(db, row)));
  });

  api.post(createConfigRoute.url, { schema: createConfigRoute.schema }, async (request, reply) => {
    await auth.requireAdmin(request);
    const { copyCatalogFrom, ...input } = request.body;
    const config = {
      ...input,
      checkSessionStateFrequency: input.checkSessionStateFrequency ?? DEFAULT_CHECK_FREQUENCY_S,
    };
    const row = await db
      .transaction()
      .execute(async (trx) => {
        const source = copyCatalogFrom === undefined ? undefined : await catalogSource(trx, copyCatalogFrom);
        const created = await createConfig(trx, config);
        if (source) await copyCatalog(trx, source.id, created.id);
        return created;
      })
      .catch((error: unknown) => {
        // The unique name decides: a name taken at the same moment by another request is a 409 too.
        throw isUniqueViolation(error) ? nameTaken(input.name) : error;
      });
    return reply.code(201).send(await configView(db, row));

    /**
     * The config `id` whose catalog the new one copies: 404 `not_found` when there is none, 400
     * `validation_failed` when it sells in another currency (its minor units would be other amounts).
     */
    async function catalogSource(trx: Executor, id: number): Promise<ConfigRow> {
      const field = { field: 'copyCatalogFrom' };
      const source = await getConfig(trx, id);
      if (!source) throw httpError('not_found', `No config ${id} to copy the catalog from.`, field);
      if (source.currency !== config.currency)
        throw httpError(
          'validation_failed',
          `copyCatalogFrom: config ${source.name} sells in ${source.currency}, not ${config.currency}: its prices would be other amounts. Copy the catalog of a config in ${config.currency}.`,
          field,
        );
      return source;
    }
  });

  api.get(getConfigRoute.url, { schema: getConfigRoute.schema }, async (request) => {
    const { id } = request.params;
    await auth.requireConfigAccess(request, id);
    const row = await getConfig(db, id);
    if (!row) throw httpError('not_found', `No config ${id}`);
    return configView(db, row);
  });

  api.patch(patchConfig.url, { schema: patchConfig.schema }, async (request) => {
    await auth.requireAdmin(request);
    const { id } = request.params;
    const { managerPin, ...rest } = request.body;
    // Hashed before the transaction: PBKDF2 takes a while and must not hold the database.
    const pinHash =
      managerPin === undefined
        ? undefined
        : managerPin === null
          ? null
          : JSON.stringify(await hashManagerPin(managerPin));
    const row = await db
      .transaction()
      .execute(async (trx) => {
        if (rest.name !== undefined && (await configNameTaken(trx, rest.name, id)))
          throw nameTaken(rest.name);
        const updated = await updateConfig(trx, id, { ...rest, managerPinHash: pinHash });
        if (!updated) throw httpError('not_found', `No config ${id}`);
        await changes.configChanged(trx, id);
        return updated;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) && rest.name !== undefined ? nameTaken(rest.name) : error;
      });
    return configView(db, row);
  });
}
