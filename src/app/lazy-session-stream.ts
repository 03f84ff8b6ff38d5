import type { Id } from '../domain/ids.js';
import type { PageBridge } from '../bridge/page-bridge.js';
import type { ManagedStream } from './till-lifecycle.js';

/**
 * The push stream (`SessionStream`, src/bridge/session-stream.ts) with its code in a chunk of its
 * own, loaded when the till starts it: it only speeds up a closure that the checks deliver anyway,
 * so it need not be in the first-load JavaScript. Calls made before the chunk is
 * in are not queued one by one: the stream's behaviour depends only on its state (started, the
 * session followed, the token), which is handed over whole once it loads. A chunk that fails to
 * load leaves the till on its checks alone (rule 6) and is tried again at the next call.
 */
export class LazySessionStream implements ManagedStream {
  private stream: ManagedStream | null = null;
  private loading = false;
  private started = false;
  private sessionId: Id | null = null;
  private token: string | null = null;

  /** `make` loads the stream's code and makes one (the real SessionStream unless a test passes its own). */
  constructor(
    bridge: PageBridge,
    private readonly make: () => Promise<ManagedStream> = () =>
      import('../bridge/session-stream.js').then(({ SessionStream }) => new SessionStream(bridge)),
  ) {}

  start(): void {
    this.started = true;
    if (this.stream) this.stream.start();
    else this.load();
  }

  follow(id: Id | null): void {
    this.sessionId = id;
    if (this.stream) this.stream.follow(id);
    else if (this.started) this.load();
  }

  authorize(token: string | null): void {
    this.token = token;
    if (this.stream) this.stream.authorize(token);
    else if (this.started) this.load();
  }

  stop(): void {
    this.started = false;
    this.stream?.stop();
  }

  private load(): void {
    if (this.loading) return;
    this.loading = true;
    this.make().then(
      (stream) => {
        this.loading = false;
        if (!this.started) return; // stopped meanwhile: the next start loads it again
        this.stream = stream;
        stream.start();
        stream.authorize(this.token);
        stream.follow(this.sessionId);
      },
      () => (this.loading = false),
    );
  }
}
