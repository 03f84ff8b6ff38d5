/**
 * The part of autocannon 8's API the load bench uses (the package ships no types; its README is
 * the reference). One instance runs `connections` clients against `url` for `duration` seconds.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    /** What a request is made of; `setupRequest` rebuilds it before each send. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
      /** Called with each answer to this request. */
      onResponse?: (
        status: number,
        body: string,
        context: Record<string, unknown>,
        headers: Record<string, string>,
      ) => void;
    }

    /** One connection; `setupClient` gets it first and may give it requests of its own. */
    interface Client {
      setRequests: (requests: Request[]) => void;
    }

    interface Options {
      url: string;
      connections: number;
      duration: number;
      /** Requests per second from each connection, sent back to back at the start of each second. */
      connectionRate?: number;
      /** Without it, latencies are "corrected" for an expected interval of ceil(1 / rate) ms. */
      ignoreCoordinatedOmission?: boolean;
      timeout?: number;
      setupClient?: (client: Client) => void;
      skipAggregateResult?: boolean;
    }

    interface Instance extends EventEmitter {
      stop: () => void;
      /** statusCode, response bytes, response time (ms, fractional). */
      on(
        event: 'response',
        listener: (client: Client, statusCode: number, bytes: number, responseTime: number) => void,
      ): this;
      on(event: 'reqError', listener: (error: Error) => void): this;
      on(event: 'done', listener: (result: unknown) => void): this;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback?: (error: Error | null, result: unknown) => void,
  ): autocannon.Instance;
  export = autocannon;
}
