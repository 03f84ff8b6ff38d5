import autocannon from 'autocannon';

/** One request a connection makes, rebuilt before each send (a fresh order, the next tablet). */
export type MakeRequest = () => {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
};

/** A kind of request sent at a steady rate. */
export interface Stream {
  /** For the table, e.g. "session checks". */
  name: string;
  /** Requests per second. */
  rate: number;
  /** The request of connection `index` (0 ≤ index < rate); called once per connection. */
  connection: (index: number) => MakeRequest;
  /** False for a 2xx answer that is still wrong (an order not accepted). */
  verify: (body: string) => boolean;
}

/** What one stream got over the run. */
export interface StreamResult {
  name: string;
  /** Response times (ms) of every answer, whatever its status. */
  latencies: number[];
  /** Answers received. */
  answered: number;
  /** Answers that were not 2xx, 2xx answers `verify` refused, and requests that failed or timed out. */
  non2xx: number;
  mismatches: number;
  failures: number;
  /** Answers per second over the run. */
  achievedRate: number;
}

/**
 * autocannon instances per stream, started this far apart over one second: each connection sends
 * one request per second at the start of its second (autocannon's rate), so connections started
 * together would all send at once. 20 slots spread them over the second in bursts of rate/20;
 * more would cost about 3 MB of histograms per instance in the bench's process.
 */
const SLOTS = 20;
/** A request not answered in this long (s) counts as a failure. */
const TIMEOUT_S = 10;

/**
 * Sends each stream at its rate to `url` for `durationS` seconds, open loop: `rate` connections,
 * each one request per second, started in {@link SLOTS} groups spread over the first second, so
 * the requests arrive spread over each second whatever the server's answer times (a slow answer
 * delays only its own connection's next request). Latencies are recorded as measured:
 * autocannon's correction for coordinated omission assumes an interval of ceil(1 / rate) ms, one
 * millisecond at one request per second per connection, and would add a sample for every
 * millisecond of every answer. Resolves when every connection is done.
 */
export async function runOpenLoop(
  url: string,
  streams: readonly Stream[],
  durationS: number,
): Promise<StreamResult[]> {
  return Promise.all(streams.map((stream) => runStream(url, stream, durationS)));
}

async function runStream(url: string, stream: Stream, durationS: number): Promise<StreamResult> {
  const result: StreamResult = {
    name: stream.name,
    latencies: [],
    answered: 0,
    non2xx: 0,
    mismatches: 0,
    failures: 0,
    achievedRate: 0,
  };
  const slots = Math.min(SLOTS, stream.rate);
  let nextConnection = 0;
  const runs: Promise<unknown>[] = [];
  for (let slot = 0; slot < slots; slot += 1) {
    const connections = Math.floor(stream.rate / slots) + (slot < stream.rate % slots ? 1 : 0);
    if (slot > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / slots));
    const instance = autocannon({
      url,
      connections,
      duration: durationS,
      connectionRate: 1,
      ignoreCoordinatedOmission: true,
      timeout: TIMEOUT_S,
      setupClient: (client) => {
        const make = stream.connection(nextConnection++);
        client.setRequests([
          {
            setupRequest: (request) => ({ ...request, ...make() }),
            onResponse: (status, body) => {
              if (status < 200 || status > 299) result.non2xx += 1;
              else if (!stream.verify(body)) result.mismatches += 1;
            },
          },
        ]);
      },
    });
    instance.on('response', (_client, _status, _bytes, ms) => {
      result.answered += 1;
      result.latencies.push(ms);
    });
    instance.on('reqError', () => (result.failures += 1));
    runs.push(new Promise((resolve) => instance.on('done', resolve)));
  }
  await Promise.all(runs);
  result.achievedRate = result.answered / durationS;
  return result;
}
