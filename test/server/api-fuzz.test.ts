import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/pos-error.js';
import type { CashMove } from '../../src/domain/cash.js';
import type { PosOrder } from '../../src/domain/pos-order.js';
import { MAX_BODY_BYTES, MAX_ORDERS_BODY_BYTES } from '../../server/body-limits.js';
import type { Executor } from '../../server/db/database.js';
import {
  call,
  freshSession,
  makeOrder,
  makeTempDir,
  newPairingCode,
  pairDevice,
  SEED_CONFIG_ID,
  startTestServer,
  TEST_ENGINE,
  TEST_ADMIN_TOKEN,
  type PairedDevice,
  type TestServer,
} from './fixtures.js';
import { registeredRoutes, type RegisteredRoute } from '../kit/registered-routes.js';

/**
 * The whole API fuzzed: every route the app registers (read from the app itself, so a route added
 * later is fuzzed too, and fails the test until it has an entry in {@link examplesFor}) gets
 * generated bad ids, query strings, bodies and tokens. Three properties: no answer is a 5xx;
 * every 4xx answer is JSON `{error: {code, message, ...}}` with a code of ERROR_CODES; and no bad
 * request changes what is stored (every table is compared before and after each batch).
 */

/**
 * The seed of every property, fixed so a run is the same each time: a failure prints it with its
 * path. `FUZZ_SEED=n` explores other requests, `FUZZ_RUNS=n` makes more of them (100 per route
 * takes a few minutes), `FUZZ_ONLY=regex` keeps the routes whose `METHOD url` it matches.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/**
 * Batches per route (1 to 4 requests each): about 700 requests in all, about 20 s on the 2-core
 * machine shared by seven test suites. PostgreSQL answers each request and each read of the
 * tables over a connection, several times slower: it gets fewer. A HEAD route runs the handler of
 * its GET twin, and gets fewer too.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? (TEST_ENGINE === 'postgres' ? 4 : 10));
const RUNS_PER_HEAD_ROUTE = Math.ceil(RUNS_PER_ROUTE / 3);
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;
/** Most requests in one batch (the tables are compared after each batch). */
const MAX_BATCH = 4;
/** A request still unanswered after this long (ms) is a failure of its own. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Who a request is made as. `deviceInQuery` and `adminInQuery` put the token in `?access_token=`. */
type AuthKind =
  | 'none'
  | 'admin'
  | 'device'
  | 'deviceInQuery'
  | 'adminInQuery'
  | 'revoked'
  | 'otherConfigDevice'
  | 'unknownToken'
  | 'malformedHeader';
const AUTH_KINDS: readonly AuthKind[] = [
  'none',
  'admin',
  'device',
  'deviceInQuery',
  'adminInQuery',
  'revoked',
  'otherConfigDevice',
  'unknownToken',
  'malformedHeader',
];
/** A route that asks for no token: every kind of token (or none) is as good as another. */
const ANYONE = AUTH_KINDS;

/**
 * What the fuzz knows of one route: just enough to build a request that passes everything but
 * the one thing it breaks.
 */
interface RouteExample {
  /** Tokens the route accepts; the first is the one requests that break nothing are sent with. */
  accepts: readonly AuthKind[];
  /** A value of each path parameter that names something stored. */
  params?: Record<string, string>;
  /** Each query key the route reads, with a value it takes. */
  query?: Record<string, string>;
  /**
   * A body the route takes. It is never sent as it is: the fuzz changes one field of it. Absent
   * when the route reads no body.
   */
  body?: unknown;
  /** The route also works with no body at all. */
  bodyOptional?: true;
  /**
   * A CSV file the route takes as its `text/csv` body, with a header line and data rows, instead
   * of a JSON {@link body}. It is never sent as it is: the fuzz spoils one of its cells or its header.
   */
  csv?: string;
}

/** What the fixture set up, for {@link examplesFor}. */
interface World {
  closedSessionId: number;
  openSessionId: number;
  /** The reference of the order stored in the closed session. */
  storedReference: string;
  device: PairedDevice;
  revoked: PairedDevice;
  otherConfigDevice: PairedDevice;
  pairingCode: string;
  newOrder: PosOrder;
  heldOrder: PosOrder;
  /** A cash move stored already in the open session: sent again (mutated), it is a duplicate at most. */
  storedMove: CashMove;
}

/**
 * One entry per route, keyed `METHOD url` as Fastify registered it (HEAD routes use their GET
 * twin's entry). A route missing here fails the test by name.
 */
function examplesFor(world: World): Record<string, RouteExample> {
  const admin = ['admin'] as const;
  const config = { id: String(SEED_CONFIG_ID) };
  const open = { id: String(world.openSessionId) };
  const closed = { id: String(world.closedSessionId) };
  return {
    'GET /api/health': { accepts: ANYONE },
    'GET /api/backups/last': { accepts: admin },
    'GET /api/configs': { accepts: admin },
    'POST /api/configs': {
      accepts: admin,
      body: {
        name: 'Fuzz counter',
        currency: 'EUR',
        checkSessionStateFrequency: 30,
        cashControl: true,
        timeZone: 'Europe/Paris',
        copyCatalogFrom: SEED_CONFIG_ID,
      },
    },
    'GET /api/configs/:id': { accepts: ['admin', 'device'], params: config },
    'PATCH /api/configs/:id': {
      accepts: admin,
      params: config,
      body: {
        name: 'Fuzz counter',
        checkSessionStateFrequency: 30,
        maxUnverifiedSeconds: 600,
        syncedRetentionDays: 14,
        managerPin: '1357',
        cashControl: false,
        timeZone: 'Europe/Paris',
      },
    },
    'GET /api/configs/:id/sessions': { accepts: admin, params: config },
    'POST /api/configs/:id/sessions': {
      accepts: admin,
      params: config,
      body: { state: 'opened' },
      bodyOptional: true,
    },
    'GET /api/configs/:id/products': {
      accepts: ['admin', 'device'],
      params: config,
      query: { includeArchived: '1' },
    },
    'POST /api/configs/:id/products': {
      accepts: admin,
      params: config,
      body: { name: 'Fuzz tea', price: 250, taxRate: 550, category: 'Boissons', barcode: '4006381333931' },
    },
    'PATCH /api/products/:id': {
      accepts: admin,
      params: { id: '1' },
      body: {
        name: 'Fuzz tea',
        price: 250,
        taxRate: 550,
        category: 'Boissons',
        barcode: '4006381333931',
        archived: true,
      },
    },
    'GET /api/configs/:id/products.csv': { accepts: admin, params: config },
    // Not a dry run: a spoiled file that got through would write, and the tables would say so.
    'POST /api/configs/:id/products/import': {
      accepts: admin,
      params: config,
      query: { dryRun: '0' },
      csv: 'name,price,tax_rate,category,barcode,archived\nFuzz apple,1.00,5.5,Fruit,96385074,0\n',
    },
    'POST /api/configs/:id/pairing-codes': { accepts: admin, params: config },
    'GET /api/configs/:id/devices': { accepts: admin, params: config },
    'GET /api/sessions/:id': {
      accepts: ['admin', 'device'],
      params: open,
      query: { pending: '7', held: '2' },
    },
    'PATCH /api/sessions/:id': { accepts: admin, params: open, body: { state: 'closing_control' } },
    'GET /api/sessions/:id/summary': { accepts: admin, params: open },
    'GET /api/sessions/:id/events': { accepts: ['admin', 'device', 'deviceInQuery'], params: open },
    'GET /api/sessions/:id/orders': { accepts: admin, params: closed, query: { limit: '50' } },
    'GET /api/sessions/:id/orders.csv': { accepts: admin, params: closed },
    // The open session's: a closed one's first report is stored (the fuzz wants no write).
    'GET /api/sessions/:id/report': { accepts: ['admin', 'device'], params: open },
    'GET /api/sessions/:id/report.csv': { accepts: admin, params: open },
    'GET /api/sessions/:id/lines.csv': { accepts: admin, params: closed },
    'GET /api/configs/:id/report': { accepts: admin, params: config, query: { date: '2026-12-05' } },
    'POST /api/sessions/:id/rescue': { accepts: admin, params: closed, body: { orders: [world.heldOrder] } },
    'GET /api/device': { accepts: ['device'] },
    'PATCH /api/devices/:id': {
      accepts: admin,
      params: { id: world.device.deviceId },
      body: { name: 'Front till' },
    },
    'POST /api/devices/:id/revoke': { accepts: admin, params: { id: world.device.deviceId } },
    'POST /api/orders': { accepts: ['device'], body: { orders: [world.newOrder] } },
    'GET /api/orders/by-reference/:reference': {
      accepts: ['device', 'admin'],
      params: { reference: world.storedReference },
    },
    // Already stored: a mutation the schema still takes (an amount of -1 is a valid cash out) is a duplicate.
    'POST /api/cash-moves': { accepts: ['device', 'admin'], body: { moves: [world.storedMove] } },
    'POST /api/pair': {
      accepts: ANYONE,
      body: { code: world.pairingCode, previousToken: world.revoked.token },
    },
    'GET /*': { accepts: ANYONE, params: { '*': 'index.html' } },
    // The API's own description and its page (public: they hold no data).
    'GET /api/openapi.json': { accepts: ANYONE },
    'GET /api/docs': { accepts: ANYONE },
    'GET /api/docs/': { accepts: ANYONE },
    'GET /api/docs/static/index.html': { accepts: ANYONE },
    'GET /api/docs/static/swagger-initializer.js': { accepts: ANYONE },
    'GET /api/docs/*': { accepts: ANYONE, params: { '*': 'swagger-ui.css' } },
    'GET /api/docs/json': { accepts: ANYONE },
    'GET /api/docs/yaml': { accepts: ANYONE },
  };
}

/**
 * What a refused request may still write, by table (`'*'`: any column) or by column, and why.
 * Everything else must be exactly as it was.
 */
const MAY_CHANGE: Readonly<Record<string, readonly string[] | '*'>> = {
  // The pairing rate limit counts every attempt from an address, refused ones first (counting
  // failures is its purpose), and the manager PIN counts wrong PINs.
  attempt_counters: '*',
  // A request signed by a device's token is a sign of life, even when refused (auth.ts writes it
  // at most every 10 s).
  devices: ['last_seen_at'],
};

/** One generated request. `bad` says whether it breaks a rule the route must refuse. */
interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  auth: AuthKind;
  malformedHeader: string;
  body?: { payload: string | Blob; contentType?: string };
  bad: boolean;
  /** What was broken, for a failure's message. */
  what: string[];
}

let server: TestServer;
let staticDir: string;
let world: World;
let tokens: Record<'admin' | 'device' | 'revoked' | 'otherConfigDevice', string>;

beforeAll(async () => {
  // A built till of two pages, so the static routes answer as in production (unbuilt, `/` is a 503).
  staticDir = makeTempDir('pos-fuzz-dist-');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>till</title>');
  writeFileSync(join(staticDir, 'admin.html'), '<!doctype html><title>back office</title>');
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'export {};');
  // Unknown tokens are one of the fuzz's spoilt parts, sent by the hundred from one address: the
  // limit on them (token-limit.test.ts) would turn later requests into 429s.
  server = await startTestServer({ staticDir, tokenFailuresPerMinute: 1_000_000 });
  world = await setUpWorld(server);
  tokens = {
    admin: TEST_ADMIN_TOKEN,
    device: world.device.token,
    revoked: world.revoked.token,
    otherConfigDevice: world.otherConfigDevice.token,
  };
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

/**
 * Data for every table: an accepted order and a device report in a session now closed, the
 * config's manager PIN, an opened session with a report and a cash move (cash control on), a
 * revoked device, a device of another config, an unused pairing code; and two orders never sent
 * (the fuzz sends them mutated).
 */
async function setUpWorld(s: TestServer): Promise<World> {
  const base = s.url;
  const expectStatus = (answer: { status: number; body: unknown }, status: number, what: string) => {
    if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  const config = await call<{ currentSessionId: number }>(base, 'GET', `/api/configs/${SEED_CONFIG_ID}`);
  const closedSessionId = config.body.currentSessionId;
  const firstOrder = makeOrder({ sessionId: closedSessionId });
  const upload = await call(base, 'POST', '/api/orders', { orders: [firstOrder] });
  expectStatus(upload, 200, 'first order');
  const report = { token: s.device.token };
  expectStatus(
    await call(
      base,
      'GET',
      `/api/sessions/${closedSessionId}?pending=3&held=1`,
      undefined,
      undefined,
      report,
    ),
    200,
    'report',
  );
  expectStatus(
    await call(base, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { managerPin: '2468' }),
    200,
    'PIN',
  );
  const openSession = await freshSession(base);
  const openSessionId = Number(openSession.id);
  expectStatus(
    await call(base, 'GET', `/api/sessions/${openSessionId}?pending=7&held=2`, undefined, undefined, report),
    200,
    'report',
  );
  expectStatus(
    await call(base, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, { cashControl: true }),
    200,
    'cash control',
  );
  const storedMove: CashMove = {
    uuid: randomUUID(),
    sessionId: openSessionId,
    deviceNumber: s.device.deviceNumber,
    amount: 2_000,
    reason: 'Change float',
    createdAt: new Date().toISOString(),
  };
  const moved = await call(base, 'POST', '/api/cash-moves', { moves: [storedMove] }, undefined, report);
  expectStatus(moved, 200, 'cash move');
  if (moved.body.results[0].status !== 'accepted')
    throw new Error(`cash move: ${JSON.stringify(moved.body)}`);
  const revoked = await pairDevice(base, SEED_CONFIG_ID);
  expectStatus(await call(base, 'POST', `/api/devices/${revoked.deviceId}/revoke`), 200, 'revoke');
  const other = await call<{ id: number }>(base, 'POST', '/api/configs', {
    name: 'Other counter',
    currency: 'EUR',
  });
  expectStatus(other, 201, 'other config');
  const otherConfigDevice = await pairDevice(base, other.body.id);
  return {
    closedSessionId,
    openSessionId,
    storedReference: firstOrder.reference,
    device: s.device,
    revoked,
    otherConfigDevice,
    pairingCode: await newPairingCode(base, SEED_CONFIG_ID),
    newOrder: makeOrder({ sessionId: openSessionId }),
    heldOrder: makeOrder({ sessionId: closedSessionId }),
    storedMove,
  };
}

/** The routes of the app, with the example of each; throws naming every route without one. */
function routesWithExamples(): { route: RegisteredRoute; example: RouteExample }[] {
  const examples = examplesFor(world);
  const routes = registeredRoutes(server.app);
  const keyOf = (route: RegisteredRoute) => `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
  const missing = [...new Set(routes.map(keyOf).filter((key) => !(key in examples)))];
  if (missing.length > 0)
    throw new Error(
      `routes with no entry in examplesFor (api-fuzz.test.ts), add one for each: ${missing.join(', ')}`,
    );
  return routes.map((route) => ({ route, example: examples[keyOf(route)] as RouteExample }));
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Path segments that name nothing: huge, negative, not a number, unicode, encoded bytes, long. */
const badSegment: fc.Arbitrary<string> = fc.oneof(
  fc.bigInt({ min: 2n ** 31n, max: 10n ** 40n }).map(String),
  fc.integer({ min: -(2 ** 31), max: -1 }).map(String),
  fc.integer({ min: 100_000, max: 2 ** 31 - 1 }).map(String),
  fc.constantFrom(
    'abc',
    '1e3',
    '1.5',
    '0x1F',
    '+1',
    'NaN',
    'Infinity',
    'null',
    '%00',
    '1%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%2F',
    '%2e%2e',
    '..',
    '%20',
    '%0A',
    '1;1',
  ),
  fc
    .string({ unit: 'grapheme', minLength: 0, maxLength: 30 })
    .filter((s) => !/^\d*$/.test(s) || s === '')
    .map(encodeURIComponent),
  fc.integer({ min: 101, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Query parameters a route does not read (ignoring them is allowed). */
const noiseParams: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom('deviceId', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a[]', 'a.b', ''),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
    ),
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.bigInt({ min: 10n ** 20n, max: 10n ** 30n }).map(String),
    ),
  ),
  { minLength: 1, maxLength: 3 },
);

/** Values no whole-number query key takes: not digits, negative, huge. */
const badQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/^\d{1,9}$/.test(s)),
  fc.integer({ min: -(2 ** 31), max: -1 }).map(String),
  fc.bigInt({ min: 10n ** 10n, max: 10n ** 40n }).map(String),
  fc.constantFrom('1e3', '1.5', '0x10', ' 1', '', '\u0000', 'Infinity'),
);

/**
 * One part of a request (its token, path, query or body) as generated: the ways to get it right
 * and, when the route has a rule to break there, the ways to get it wrong.
 */
interface Part<T> {
  valid: fc.Arbitrary<T>;
  bad?: fc.Arbitrary<T>;
}

/** A query string (with its `?`, or empty), whether it breaks a rule of the route, and how. */
interface QueryChoice {
  text: string;
  bad: boolean;
  what?: string;
}

/** Query strings: the example's (unknown keys may be added: they are ignored), or a known key spoiled. */
function queryPart(example: RouteExample): Part<QueryChoice> {
  const known = Object.entries(example.query ?? {});
  const encode = (pairs: [string, string][]) =>
    pairs.length === 0
      ? ''
      : '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const valid = fc.oneof(
    fc.constant({ text: encode(known), bad: false }),
    noiseParams.map((noise) => ({
      text: encode([...known, ...noise.filter(([k]) => !(k in (example.query ?? {})))]),
      bad: false,
      what: 'unknown query keys',
    })),
  );
  if (known.length === 0) return { valid };
  const keys = known.map(([k]) => k);
  const bad = fc.oneof(
    fc.tuple(fc.constantFrom(...keys), badQueryValue).map(([key, value]) => ({
      text: encode(known.map(([k, v]): [string, string] => [k, k === key ? value : v])),
      bad: true,
      what: `query ${key}=${JSON.stringify(value)}`,
    })),
    fc.tuple(fc.constantFrom(...keys), fc.nat(9999)).map(([key, n]) => ({
      text: encode([...known, [key, String(n)]]),
      bad: true,
      what: `query ${key} repeated`,
    })),
  );
  return { valid, bad };
}

type Path = (string | number)[];

/** Every path into `value`, the root (`[]`) included. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const paths: Path[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...at, key]));
  return paths;
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value);
}

/** A copy of `value` with `path` replaced by `next`. */
function replaced(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = next;
  return copy;
}

/** Values of another JSON type than `value` (never null: some fields take it). */
function wrongType(value: unknown): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 10 })],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
    ['boolean', fc.boolean()],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 })],
  ];
  const type = Array.isArray(value) ? 'array' : typeof value;
  return fc.oneof(...all.filter(([t]) => t !== type).map(([, arb]) => arb));
}

/** Numbers out of every range the API takes: negative, fractional, beyond safe integers. */
const outOfRange = fc.constantFrom(-1, -0.5, 0.5, 2 ** 53, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2);
/** Text longer than any field the API takes. */
const longString = fc
  .tuple(fc.constantFrom('x', 'é', '🍞', ' '), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([c, n]) => c.repeat(n));
/** An extra key, `__proto__` as an own key (JSON can carry it) among others. */
const extraKey = fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'id', '');

/** `valid` with one field changed to a wrong type, an out-of-range number, a long text or an extra key. */
function mutated(valid: unknown): fc.Arbitrary<{ value: unknown; what: string }> {
  return fc.constantFrom(...pathsOf(valid)).chain((path) => {
    const current = valueAt(valid, path);
    const where = path.length === 0 ? 'body' : path.join('.');
    const options: fc.Arbitrary<{ value: unknown; what: string }>[] = [
      wrongType(current).map((v) => ({ value: replaced(valid, path, v), what: `${where}: wrong type` })),
    ];
    if (typeof current === 'number')
      options.push(outOfRange.map((v) => ({ value: replaced(valid, path, v), what: `${where}: ${v}` })));
    if (typeof current === 'string')
      options.push(
        longString.map((v) => ({
          value: replaced(valid, path, v),
          what: `${where}: ${v.length} characters`,
        })),
      );
    if (current !== null && typeof current === 'object' && !Array.isArray(current))
      options.push(
        fc.tuple(extraKey, fc.jsonValue({ maxDepth: 1 })).map(([key, v]) => {
          const next = { ...current };
          Object.defineProperty(next, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          return { value: replaced(valid, path, next), what: `${where}: extra key ${JSON.stringify(key)}` };
        }),
      );
    return fc.oneof(...options);
  });
}

/** Content types the API does not take (it speaks application/json only). */
const wrongContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'text/json',
  'application/jsonx',
  'image/png',
);

/** Text that is not JSON (a leading byte order mark is allowed by RFC 8259, and Fastify skips it). */
const notJson = fc.oneof(
  fc.constantFrom('{', '}', "{'a':1}", 'NaN', 'undefined', '{"a":1,}', '[1,]', '\u0000', '{"a":1}{"b":2}'),
  fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => {
    try {
      JSON.parse(s.replace(/^\uFEFF/, ''));
      return false;
    } catch {
      return true;
    }
  }),
);

/** JSON text of a value fast-check makes up (`fc.anything()` where JSON can carry it). */
const anyJson = fc.oneof(
  fc.json(),
  fc.anything().chain((value) => {
    try {
      const text = JSON.stringify(value);
      return typeof text === 'string' ? fc.constant(text) : fc.json();
    } catch {
      return fc.json();
    }
  }),
);

interface BodyChoice {
  body?: FuzzRequest['body'];
  bad: boolean;
  what: string;
}

/**
 * Bodies of a route that is not GET or HEAD. Right: the example as it is, no body where the route
 * takes none or may go without, any JSON where it reads none (it ignores it). Wrong: the example
 * with one field changed, text that is not JSON, an empty JSON body, a wrong content type, none at
 * all, and made-up JSON where the route reads a body.
 */
function bodyPart(example: RouteExample): Part<BodyChoice> {
  if (example.csv !== undefined) return csvBodyPart(example.csv);
  const takesBody = example.body !== undefined;
  const json = (text: string) => ({ payload: text, contentType: 'application/json' });
  const none = fc.constant({ bad: false, what: 'no body' });
  const generated = anyJson.map((text) => ({ body: json(text), bad: takesBody, what: 'generated JSON' }));
  const valid = takesBody
    ? fc.oneof(
        fc.constant({ body: json(JSON.stringify(example.body)), bad: false, what: '' }),
        ...(example.bodyOptional ? [none] : []),
      )
    : fc.oneof(none, generated);
  const bad: fc.Arbitrary<BodyChoice>[] = [
    notJson.map((text) => ({ body: json(text), bad: true, what: 'not JSON' })),
    fc.constant({ body: json(''), bad: true, what: 'empty JSON body' }),
    fc.tuple(anyJson, wrongContentType).map(([text, type]) => ({
      body: { payload: text, contentType: type },
      bad: true,
      what: `content type ${type}`,
    })),
    anyJson.map((text) => ({
      body: { payload: new Blob([text]) },
      bad: true,
      what: 'a body without a content type',
    })),
  ];
  if (takesBody) {
    bad.push(
      mutated(example.body).map(({ value, what }) => ({
        body: json(JSON.stringify(value)),
        bad: true,
        what,
      })),
      generated,
    );
    // A mutated body is the likeliest to reach the route's own checks: weigh it like the rest together.
    bad.push(
      mutated(example.body).map(({ value, what }) => ({
        body: json(JSON.stringify(value)),
        bad: true,
        what,
      })),
    );
    if (!example.bodyOptional) bad.push(fc.constant({ bad: true, what: 'no body' }));
  }
  return { valid, bad: fc.oneof(...bad) };
}

/** Text longer than any cell of a catalog CSV takes (a name: 120 characters). */
const longCell = fc
  .tuple(fc.constantFrom('x', 'é', '🍞', '9'), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([c, n]) => c.repeat(n));

/**
 * Bodies of a route that takes a CSV file: right, the file as it is; wrong, the file with one cell
 * made too long for any column, a header column renamed or added, a price made negative, its
 * first row twice, any text where the header should be, an empty file, no body, JSON, or another
 * content type.
 */
function csvBodyPart(csv: string): Part<BodyChoice> {
  const [header = '', ...rows] = csv.split('\n').filter((line) => line !== '');
  const columns = header.split(',');
  const file = (lines: string[]) => ({ payload: `${lines.join('\n')}\n`, contentType: 'text/csv' });
  const spoiled = (lines: string[], what: string): BodyChoice => ({ body: file(lines), bad: true, what });
  const cells = (rows[0] ?? '').split(',');
  const bad: fc.Arbitrary<BodyChoice>[] = [
    fc
      .tuple(fc.nat(columns.length - 1), longCell)
      .map(([i, text]) =>
        spoiled(
          [header, cells.map((c, j) => (j === i ? text : c)).join(','), ...rows.slice(1)],
          `cell ${columns[i]}: ${text.length} characters`,
        ),
      ),
    fc
      .tuple(fc.nat(columns.length - 1), fc.string({ minLength: 1, maxLength: 20 }))
      .filter(([, name]) => !/[,"\r\n]/.test(name) && !columns.includes(name.trim().toLowerCase()))
      .map(([i, name]) =>
        spoiled(
          [columns.map((c, j) => (j === i ? name : c)).join(','), ...rows],
          `header column ${columns[i]} renamed`,
        ),
      ),
    fc.constant(spoiled([`${header},extra`, ...rows.map((r) => `${r},x`)], 'an unknown column')),
    fc.constant(
      spoiled(
        [header, cells.map((c, j) => (columns[j] === 'price' ? `-${c}` : c)).join(','), ...rows.slice(1)],
        'a negative price',
      ),
    ),
    fc.constant(spoiled([header, ...rows, rows[0] ?? ''], 'a row twice')),
    fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => ({
      body: { payload: text, contentType: 'text/csv' },
      bad: true,
      what: 'text as the file',
    })),
    fc.constant({ bad: true, what: 'no body' }),
    anyJson.map((text) => ({
      body: { payload: text, contentType: 'application/json' },
      bad: true,
      what: 'JSON',
    })),
    fc.tuple(fc.constant(csv), wrongContentType).map(([text, type]) => ({
      body: { payload: text, contentType: type },
      bad: true,
      what: `content type ${type}`,
    })),
  ];
  return {
    valid: fc.constant({ body: file([header, ...rows]), bad: false, what: '' }),
    bad: fc.oneof(...bad),
  };
}

/** A path parameter's value, whether it names nothing, and its name. */
interface ParamChoice {
  name: string;
  value: string;
  bad: boolean;
}

/**
 * Requests to `route`: each breaks one part (its token, a path parameter, its query, its body) and
 * gets the rest right, or mixes right and wrong parts at random. A request that breaks nothing is
 * only made for reads, with the route's first token (a device's session check files its report).
 */
function requestArb(route: RegisteredRoute, example: RouteExample): fc.Arbitrary<FuzzRequest> {
  const reads = route.method === 'GET' || route.method === 'HEAD';
  const refused = AUTH_KINDS.filter((kind) => !example.accepts.includes(kind));
  const auth: Part<AuthKind> = {
    valid: fc.constantFrom(...example.accepts),
    ...(refused.length > 0 ? { bad: fc.constantFrom(...refused) } : {}),
  };
  const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const params: Part<ParamChoice[]> = {
    valid: fc.constant(names.map((name) => ({ name, value: example.params?.[name] ?? '', bad: false }))),
    ...(names.length > 0
      ? { bad: fc.tuple(...names.map((name) => badSegment.map((value) => ({ name, value, bad: true })))) }
      : {}),
  };
  const query = queryPart(example);
  const body: Part<BodyChoice> = reads ? { valid: fc.constant({ bad: false, what: '' }) } : bodyPart(example);
  const parts = { auth, params, query, body };
  const either = <T>(part: Part<T>) => (part.bad ? fc.oneof(part.valid, part.bad) : part.valid);
  const variants = [
    fc.record({ auth: either(auth), params: either(params), query: either(query), body: either(body) }),
    ...(Object.keys(parts) as (keyof typeof parts)[]).flatMap((broken) => {
      const spoiled = parts[broken].bad;
      if (!spoiled) return [];
      return [
        fc.record({
          auth: broken === 'auth' ? (spoiled as fc.Arbitrary<AuthKind>) : auth.valid,
          params: broken === 'params' ? (spoiled as fc.Arbitrary<ParamChoice[]>) : params.valid,
          query: broken === 'query' ? (spoiled as fc.Arbitrary<QueryChoice>) : query.valid,
          body: broken === 'body' ? (spoiled as fc.Arbitrary<BodyChoice>) : body.valid,
        }),
      ];
    }),
  ];
  const malformed = fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer a b',
    'bearer\ttoken',
    'Token x',
  );
  return fc
    .tuple(fc.oneof(...variants), malformed)
    .map(([{ auth: kind, params: values, query: q, body: b }, malformedHeader]) => {
      let path = route.url;
      for (const { name, value } of values) path = path.replace(name === '*' ? '*' : `:${name}`, value);
      const what = [
        `as ${kind}`,
        ...values.filter((v) => v.bad).map((v) => `${v.name} = ${v.value.slice(0, 60)}`),
        ...(q.what ? [q.what] : []),
        ...(b.what ? [b.what] : []),
      ];
      const bad = !example.accepts.includes(kind) || values.some((v) => v.bad) || q.bad || b.bad;
      return described({
        method: route.method,
        path,
        query: q.text,
        auth: kind,
        malformedHeader,
        ...(b.body ? { body: b.body } : {}),
        bad,
        what,
      });
    })
    .filter((request) => request.bad || (reads && request.auth === example.accepts[0]));
}

/** A request in a line: its method, the start of its URL and what it breaks. */
function summary(request: FuzzRequest): string {
  return `${request.method} ${request.path.slice(0, 120)}${request.query.slice(0, 120)} (${request.what.join('; ')})`;
}

/** `request`, printed by fast-check as {@link summary} says (a counterexample stays readable). */
function described(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => summary(request) });
}

// ---------------------------------------------------------------------------------------------
// Requests and checks

/** An answer: status, content type and text (an event stream is closed once its headers are in). */
interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

async function send(request: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string> = {};
  let query = request.query;
  const addQueryToken = (token: string) => {
    query += `${query ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
  };
  switch (request.auth) {
    case 'none':
      break;
    case 'deviceInQuery':
      addQueryToken(tokens.device);
      break;
    case 'adminInQuery':
      addQueryToken(tokens.admin);
      break;
    case 'unknownToken':
      headers.authorization = 'Bearer pos_dev_unknown0123456789abcdef';
      break;
    case 'malformedHeader':
      headers.authorization = request.malformedHeader;
      break;
    default:
      headers.authorization = `Bearer ${tokens[request.auth]}`;
  }
  if (request.body?.contentType) headers['content-type'] = request.body.contentType;
  const response = await fetch(server.url + request.path + query, {
    method: request.method,
    headers,
    ...(request.body ? { body: request.body.payload } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, contentType, text: '' };
  }
  return { status: response.status, contentType, text: await response.text() };
}

/** Throws, saying the request and the answer, unless the answer keeps the API's promises. */
function checkAnswer(request: FuzzRequest, outcome: Outcome): void {
  const fail = (problem: string) => {
    throw new Error(
      `${problem}: ${summary(request)} answered ${outcome.status} ${outcome.contentType} ${outcome.text.slice(0, 300)}`,
    );
  };
  if (outcome.status >= 500) fail('a 5xx');
  if (outcome.status < 400) return;
  if (!outcome.contentType.startsWith('application/json')) fail('a 4xx that is not JSON');
  if (request.method === 'HEAD') return;
  let body: unknown;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    return fail('a 4xx whose body is not JSON');
  }
  const shape = body as { error?: { code?: unknown; message?: unknown; field?: unknown } };
  const { error } = shape;
  if (Object.keys(body as object).join() !== 'error' || typeof error !== 'object' || error === null)
    fail('a 4xx that is not {error: {…}}');
  else {
    if (typeof error.code !== 'string' || !(ERROR_CODES as readonly string[]).includes(error.code))
      fail('a 4xx whose code is not one of ERROR_CODES');
    if (typeof error.message !== 'string' || error.message === '') fail('a 4xx without a message');
    if (error.field !== undefined && typeof error.field !== 'string') fail('a 4xx whose field is not text');
  }
}

/** The database's tables, as its catalog lists them (a table added later is compared too). */
let tableNames: string[] | undefined;

/** Every table's rows as sorted JSON lines, without what {@link MAY_CHANGE} lets change. */
async function snapshot(db: Executor): Promise<Record<string, string[]>> {
  // Read once: no request makes a table, and the catalog query is slow on PostgreSQL.
  tableNames ??= (await db.introspection.getTables()).map((t) => t.name).sort();
  const tables = tableNames;
  const result: Record<string, string[]> = {};
  for (const table of tables) {
    const mayChange = MAY_CHANGE[table];
    if (mayChange === '*') continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    result[table] = rows
      .map((row) => {
        const kept = { ...row };
        for (const column of mayChange ?? []) delete kept[column];
        return JSON.stringify(kept);
      })
      .sort();
  }
  return result;
}

/**
 * The tables as the last batch left them, when it changed nothing: the next batch starts from
 * them instead of reading every table again. Forgotten after a failure.
 */
let lastSnapshot: Record<string, string[]> | undefined;

/** Sends `requests` one after the other, checks each answer, then that no table changed. */
async function sendBatch(requests: readonly FuzzRequest[]): Promise<void> {
  const before = lastSnapshot ?? (await snapshot(server.database.db));
  lastSnapshot = undefined;
  for (const request of requests) checkAnswer(request, await send(request));
  const after = await snapshot(server.database.db);
  for (const table of Object.keys(before))
    if (JSON.stringify(after[table]) !== JSON.stringify(before[table])) {
      const added = (after[table] ?? []).filter((row) => !before[table]?.includes(row));
      const gone = (before[table] ?? []).filter((row) => !after[table]?.includes(row));
      throw new Error(
        `table ${table} changed after ${requests.map(summary).join(', ')}: ` +
          `now ${added.map((r) => r.slice(0, 300)).join(' ')}, was ${gone.map((r) => r.slice(0, 300)).join(' ')}`,
      );
    }
  lastSnapshot = after;
}

// ---------------------------------------------------------------------------------------------

describe('every route of the API, fuzzed', () => {
  it('has an example for every route the app registers, and none for a route it does not', () => {
    const registered = new Set(registeredRoutes(server.app).map((r) => `${r.method} ${r.url}`));
    expect(() => routesWithExamples()).not.toThrow();
    const stale = Object.keys(examplesFor(world)).filter((key) => !registered.has(key));
    expect(stale, 'entries of examplesFor for routes the app no longer has').toEqual([]);
  });

  it('answers bad ids, queries, bodies and tokens with a 4xx of the error shape and changes nothing', async () => {
    for (const { route, example } of routesWithExamples()) {
      if (ONLY && !ONLY.test(`${route.method} ${route.url}`)) continue;
      await fc.assert(
        fc.asyncProperty(
          fc.array(requestArb(route, example), { minLength: 1, maxLength: MAX_BATCH }),
          sendBatch,
        ),
        // No shrinking: a batch that changed the data left the database in another state, so
        // smaller batches replayed on it would not show the same thing; the first one says it all.
        {
          seed: SEED,
          numRuns: route.method === 'HEAD' ? RUNS_PER_HEAD_ROUTE : RUNS_PER_ROUTE,
          endOnFailure: true,
        },
      );
    }
  }, 300_000);

  it('answers bodies at and above the size limit with the error shape and changes nothing', async () => {
    // Routes with a body limit of their own (server/body-limits.ts); the others take MAX_BODY_BYTES.
    const ownLimits: Record<string, number> = {
      'POST /api/orders': MAX_ORDERS_BODY_BYTES,
      'POST /api/sessions/:id/rescue': MAX_ORDERS_BODY_BYTES,
    };
    const requests: FuzzRequest[] = [];
    for (const { route, example } of routesWithExamples()) {
      if (route.method === 'GET' || route.method === 'HEAD') continue;
      const limit = ownLimits[`${route.method} ${route.url}`] ?? MAX_BODY_BYTES;
      const near = `{"pad":"${'x'.repeat(limit - 100)}"}`;
      const above = `{"pad":"${'x'.repeat(limit)}"}`;
      // A route that reads no body ignores a big one: send it an id that names nothing.
      let path = route.url;
      for (const [name, value] of Object.entries(example.params ?? {}))
        path = path.replace(name === '*' ? '*' : `:${name}`, example.body === undefined ? 'none' : value);
      for (const [size, text] of [
        ['near the limit', near],
        ['above the limit', above],
      ] as const)
        requests.push({
          method: route.method,
          path,
          query: '',
          auth: example.accepts[0] ?? 'none',
          malformedHeader: '',
          body: { payload: text, contentType: 'application/json' },
          bad: true,
          what: [`a body ${size}`],
        });
    }
    await sendBatch(requests);
  }, 60_000);

  it('answers a method a route does not have with the error shape', async () => {
    const requests = routesWithExamples().flatMap(({ route, example }): FuzzRequest[] =>
      ['PUT', 'DELETE', 'OPTIONS'].map((method) => ({
        method,
        path: route.url
          .replace(/:(\w+)/g, (_m, name: string) => example.params?.[name] ?? '1')
          .replace('*', 'index.html'),
        query: '',
        auth: 'admin',
        malformedHeader: '',
        bad: true,
        what: ['a method it does not have'],
      })),
    );
    await sendBatch(requests);
  });
});
