import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { PosError } from '../src/domain/pos-error.js';

/** Node's limit on a request's line and headers together (bytes): `--max-http-header-size`'s default. */
const HEADER_LIMIT_KB = 16;

/**
 * The answer to a request Node's HTTP parser refused before Fastify saw it: a request line and
 * headers over the limit (a very long URL) answer 431, one that took too long to arrive 408,
 * anything else that cannot be parsed 400; each in the API's `{error: {code, message}}` shape,
 * where Fastify's own handler answers `{error, message, statusCode}`. `headers` are added to the
 * answer (the security headers every other answer carries). The connection is closed after it,
 * as Node and Fastify do: what follows on it cannot be read.
 */
export function clientErrorHandler(
  headers: Readonly<Record<string, string>>,
): NonNullable<FastifyServerOptions['clientErrorHandler']> {
  return (error: NodeJS.ErrnoException, socket: Socket) => {
    // A reset connection has no one left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const posError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new PosError(
            'bad_request',
            `The request's URL and headers are longer than ${HEADER_LIMIT_KB} KB together: send a shorter one.`,
            431,
          )
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new PosError('bad_request', 'The request took too long to arrive: send it again.', 408)
          : new PosError('bad_request', 'The request is not valid HTTP.', 400);
    const status = posError.status ?? 400;
    const body = JSON.stringify(posError.toBody());
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (socket.writable) socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    socket.destroy(error);
  };
}
