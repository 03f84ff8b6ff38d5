import { request, type ClientRequest } from 'node:http';
import { pairDevice } from '../../test/kit/pair-device.js';

/** A tablet paired over HTTP: its device token and number. */
export interface Tablet {
  token: string;
  deviceNumber: number;
}

/** Pairings in flight at once. */
const PAIRING_CONCURRENCY = 10;

/**
 * Pairs `count` tablets with the seed's config through `urls` (a server's own address, or each
 * instance's of a cluster in turn), as a manager and the tablets would: a code made with the admin
 * token, redeemed by `POST /api/pair`. Tablet i says it comes from 10.x.y.z (X-Forwarded-For: the
 * server trusts one proxy hop with TRUST_PROXY=1, here the bench), so the pairing rate limit, which
 * counts attempts per address, sees 500 tablets, not one bench. Not through nginx: it adds the
 * bench's own address as the hop the server trusts, rightly. Throws with the answer when a
 * pairing is refused.
 */
export async function pairTablets(urls: string | readonly string[], count: number): Promise<Tablet[]> {
  const servers = typeof urls === 'string' ? [urls] : urls;
  const tablets: Tablet[] = new Array<Tablet>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++)
      tablets[i] = await pairOne(servers[i % servers.length] ?? '', i);
  };
  await Promise.all(Array.from({ length: PAIRING_CONCURRENCY }, worker));
  return tablets;
}

async function pairOne(url: string, index: number): Promise<Tablet> {
  const forwardedFor = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const { token, deviceNumber } = await pairDevice(url, { forwardedFor }).catch((error: unknown) => {
    throw new Error(`pairing tablet ${index}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return { token, deviceNumber };
}

/** Event streams held open, one per tablet, and how many are still open. */
export interface HeldStreams {
  /** Streams that answered 200 and are still open. */
  open: () => number;
  /** Streams that failed to open or ended while held. */
  failed: () => number;
  close: () => void;
}

/**
 * Opens `GET /api/sessions/:sessionId/events` for each tablet (its token in the header, as the
 * till's service worker sends it), each on a connection of its own, reading and dropping what
 * comes (the first event, then a ping every 15 s), and holds them until `close()`. Resolves when
 * each has answered or failed.
 */
export async function holdEventStreams(
  url: string,
  tablets: readonly Tablet[],
  sessionId: number,
): Promise<HeldStreams> {
  let open = 0;
  let failed = 0;
  let closing = false;
  const requests: ClientRequest[] = [];
  await Promise.all(
    tablets.map(
      (tablet) =>
        new Promise<void>((resolve) => {
          let lost = false;
          const lose = (): void => {
            if (closing || lost) return;
            lost = true;
            failed += 1;
          };
          const req = request(
            `${url}/api/sessions/${sessionId}/events`,
            { headers: { authorization: `Bearer ${tablet.token}` }, agent: false },
            (res) => {
              if (res.statusCode !== 200) {
                lose();
                res.resume();
                return resolve();
              }
              open += 1;
              res.on('data', () => undefined);
              res.once('close', () => {
                open -= 1;
                lose();
              });
              resolve();
            },
          );
          req.on('error', () => {
            lose();
            resolve();
          });
          req.end();
          requests.push(req);
        }),
    ),
  );
  return {
    open: () => open,
    failed: () => failed,
    close: () => {
      closing = true;
      for (const req of requests) req.destroy();
    },
  };
}
