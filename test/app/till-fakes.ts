import type { PageBridge } from '../../src/bridge/page-bridge.js';
import type { PageMessage, WorkerMessage } from '../../src/domain/messages.js';
import type { Scheduler } from '../../src/app/scheduler.js';
import type { ManagedStream } from '../../src/app/till-lifecycle.js';
import { TillLifecycle, type PageEvents } from '../../src/app/till-lifecycle.js';
import { TillCashMoves } from '../../src/app/till-cash-moves.js';
import { TillRefunds } from '../../src/app/till-refunds.js';
import { TillSale } from '../../src/app/till-sale.js';
import { initialTillState } from '../../src/app/till-state.js';
import { TillStateHolder } from '../../src/app/till-state-holder.js';
import { TillStartup, type TillStartupDeps } from '../../src/app/till-startup.js';
import { applyWorkerMessage } from '../../src/app/worker-messages.js';
import { ApiClient } from '../../src/app/api-client.js';
import { CatalogSwap } from '../../src/app/catalog-swap.js';
import { createWithLock } from '../../src/sync/with-lock.js';
import { pairWithCode } from '../../src/app/pair-device.js';
import type { OpenPosDbHooks, PosDb } from '../../src/store/db.js';
import { setMeta } from '../../src/store/meta-repo.js';
import { storePairing } from '../../src/store/device-repo.js';
import { replaceCatalog } from '../../src/store/catalog-repo.js';
import type { Product } from '../../src/domain/product.js';
import type { FetchFn } from '../../src/sync/sync-deps.js';
import type { PosSession } from '../../src/domain/pos-session.js';
import type { ManagerPinHash } from '../../src/domain/manager-pin.js';
import { makeSession, seedSession, testClock } from '../store/fixtures.js';
import { fakeFetch, json, type SeenRequest } from '../sync/fake-api.js';

/** One timer a part asked for. */
export interface ManualTask {
  ms: number;
  repeat: boolean;
  live: boolean;
  run: () => void;
}

/** A {@link Scheduler} whose timers run only when a test fires them. */
export function manualScheduler(): { scheduler: Scheduler; tasks: ManualTask[]; live: () => ManualTask[] } {
  const tasks: ManualTask[] = [];
  const add = (ms: number, fn: () => void, repeat: boolean): (() => void) => {
    const task: ManualTask = {
      ms,
      repeat,
      live: true,
      run: () => {
        if (!task.live) return;
        if (!repeat) task.live = false;
        fn();
      },
    };
    tasks.push(task);
    return () => {
      task.live = false;
    };
  };
  return {
    scheduler: { after: (ms, fn) => add(ms, fn, false), every: (ms, fn) => add(ms, fn, true) },
    tasks,
    live: () => tasks.filter((t) => t.live),
  };
}

/** A bridge that records what the page sends and lets the test play the worker. */
export interface FakeBridge extends PageBridge {
  sent: PageMessage[];
  syncRequests: number;
  /** Delivers a worker → page message to every listener. */
  emit(message: WorkerMessage): void;
  listeners: number;
}

export function fakeBridge(delivered = true): FakeBridge {
  const listeners = new Set<(message: WorkerMessage) => void>();
  const bridge: FakeBridge = {
    sent: [],
    syncRequests: 0,
    get listeners() {
      return listeners.size;
    },
    send: (message) => {
      bridge.sent.push(message);
      return Promise.resolve(delivered);
    },
    requestOutboxSync: () => {
      bridge.syncRequests += 1;
      return Promise.resolve(true);
    },
    onMessage: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    onUpdateWaiting: () => () => undefined,
    emit: (message) => listeners.forEach((cb) => cb(message)),
  };
  return bridge;
}

/** A push stream that records whom it follows and with which token. */
export function fakeStream(): ManagedStream & {
  followed: (string | number | null)[];
  tokens: (string | null)[];
  running: boolean;
} {
  const stream = {
    followed: [] as (string | number | null)[],
    tokens: [] as (string | null)[],
    running: false,
    start: () => {
      stream.running = true;
    },
    stop: () => {
      stream.running = false;
    },
    follow: (id: string | number | null) => stream.followed.push(id),
    authorize: (token: string | null) => stream.tokens.push(token),
  };
  return stream;
}

/** Page events on plain EventTargets; `visible()` and `online()` answer `isVisible` and `isOnline`. */
export function fakeEvents(): PageEvents & { isVisible: boolean; isOnline: boolean } {
  const events = {
    window: new EventTarget(),
    document: new EventTarget(),
    isVisible: true,
    isOnline: true,
    visible: () => events.isVisible,
    online: () => events.isOnline,
  };
  return events;
}

/** A product of the stored catalog: 1.20, 5.5 % tax. */
export const BAGUETTE: Product = {
  id: 1,
  name: 'Baguette',
  price: 120,
  taxRate: 550,
  category: 'Bakery',
  barcode: null,
};

export const DEVICE_TOKEN = 'pos_dev_stored';

/**
 * A tablet as a paired till leaves it: token, device number 3, config 1 "Main counter" in EUR,
 * one product, and session 42 `opened` as the device's current one (checked at `now`), opened an
 * hour before `now` by default, so the till's clock check (clockProblem) lets its sales through.
 */
export async function seedPairedTill(
  db: PosDb,
  options: Parameters<typeof seedSession>[1] = {},
): Promise<void> {
  await storePairing(db, {
    token: DEVICE_TOKEN,
    deviceId: '8a3f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    deviceNumber: 3,
    configId: 1,
  });
  await setMeta(db, 'currency', 'EUR');
  await setMeta(db, 'configName', 'Main counter');
  await replaceCatalog(db, [BAGUETTE]);
  const openedAt = new Date((options.now ?? testClock().at) - 3_600_000).toISOString();
  await seedSession(db, { ...options, session: { openedAt, ...options.session } });
}

/** What {@link tillServer} answers; tests change it between requests. */
export interface TillServerState {
  name: string;
  currentSessionId: number | null;
  products: Product[];
  session: PosSession;
  /** The answer to `POST /api/pair`. */
  pair: () => Response;
  /** Answers every request instead, when set (an outage, a refused token…). */
  fail: ((request: SeenRequest) => Response | Promise<Response>) | null;
  /** The config's manager PIN hash as the server has it now; null when none is set. */
  managerPinHash: ManagerPinHash | null;
}

/** The API as a paired till's start-up sees it: config 1, its products and its current session. */
export function tillServer(overrides: Partial<TillServerState> = {}) {
  const state: TillServerState = {
    name: 'Main counter',
    currentSessionId: 42,
    products: [BAGUETTE],
    session: makeSession(),
    pair: () =>
      json(
        {
          token: 'pos_dev_new',
          deviceId: '8a3f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
          deviceNumber: 7,
          configId: 1,
        },
        201,
      ),
    fail: null,
    managerPinHash: null,
    ...overrides,
  };
  const server = fakeFetch((request) => {
    if (state.fail) return state.fail(request);
    const path = request.url.pathname;
    if (path === '/api/pair') return state.pair();
    if (path === '/api/configs/1')
      return json({
        id: 1,
        name: state.name,
        currency: 'EUR',
        checkSessionStateFrequency: 60,
        currentSessionId: state.currentSessionId,
        managerPinHash: state.managerPinHash,
      });
    if (path === '/api/configs/1/products') return json(state.products);
    if (path === `/api/sessions/${String(state.session.id)}`) return json(state.session);
    return json({ error: { code: 'not_found', message: path } }, 404);
  });
  return { ...server, state };
}

/** Every part of the till, composed as TillController composes them, over fakes. */
export function makeTill(
  db: PosDb,
  options: {
    fetch?: FetchFn;
    online?: boolean;
    search?: string;
    openDb?: (hooks: OpenPosDbHooks) => Promise<PosDb>;
    now?: () => number;
    delivered?: boolean;
    /** Look orders up on the server by reference (through the till's ApiClient over `fetch`), as the controller does. */
    lookUp?: boolean;
  } = {},
) {
  const clock = testClock();
  const now = options.now ?? clock.now;
  const timers = manualScheduler();
  const bridge = fakeBridge(options.delivered ?? true);
  const stream = fakeStream();
  const net = { online: options.online ?? true };
  const events = fakeEvents();
  events.online = () => net.online;
  const dropped: string[] = [];
  const holder = new TillStateHolder(initialTillState(net.online), now);
  let lifecycle: TillLifecycle | null = null;
  const dbOf = () => lifecycle?.db ?? null;
  const fetch: FetchFn = options.fetch ?? tillServer().fetch;
  const startupDeps: TillStartupDeps = {
    holder,
    db: dbOf,
    api: new ApiClient(fetch),
    bridge: () => lifecycle?.bridge ?? null,
    stream: () => lifecycle?.stream ?? null,
    catalog: new CatalogSwap(holder),
    online: () => net.online,
    now,
    search: options.search ?? '',
    dropPairParam: () => dropped.push('pair'),
    loadPairing: () => Promise.resolve({ pairWithCode, withLock: createWithLock({ locks: null }) }),
  };
  const startup = new TillStartup(startupDeps);
  // What every writer to the outbox is given, as the controller does.
  const writer = {
    holder,
    db: dbOf,
    now,
    bridge: () => lifecycle?.bridge ?? null,
    online: () => net.online,
    reread: () => startup.rereadLive(),
  };
  const sale = new TillSale({ ...writer, scheduler: timers.scheduler, askPersistence: () => undefined });
  const cashMoves = new TillCashMoves(writer);
  const refunds = new TillRefunds({
    ...writer,
    ...(options.lookUp ? { lookUp: (reference: string) => startupDeps.api.orderByReference(reference) } : {}),
    refreshConfig: (refreshed: PosDb) => startupDeps.api.refreshStoredConfig(refreshed),
  });
  lifecycle = new TillLifecycle({
    holder,
    openDb: options.openDb ?? (() => Promise.resolve(db)),
    createBridge: () => bridge,
    createStream: () => stream,
    startup,
    onWorkerMessage: (message) =>
      applyWorkerMessage(message, {
        holder,
        rereadLive: () => startup.rereadLive(),
        rereadUploadError: () => startup.rereadUploadError(),
        rereadCatalog: (stored) => startup.rereadCatalog(stored),
      }),
    scheduler: timers.scheduler,
    now,
    events,
  });
  return {
    holder,
    startup,
    sale,
    cashMoves,
    refunds,
    lifecycle,
    bridge,
    stream,
    events,
    timers,
    clock,
    net,
    dropped,
  };
}
