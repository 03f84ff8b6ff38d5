import type { FastifyRequest } from 'fastify';
import { httpError } from './http-error.js';

/**
 * The address tablets reach the server at (`POS_PUBLIC_URL`, e.g. `https://till.shop.lan`), as an
 * origin without a trailing slash. http or https only; no user or password, query or fragment;
 * no path: the till is served at the root of its origin (its service worker's scope and the
 * pairing link both assume `/`), so a path prefix behind a proxy is not supported. Throws an
 * Error saying what is wrong and what to set instead.
 */
export function parsePublicUrl(raw: string): string {
  const example = 'e.g. https://till.shop.lan or http://192.168.1.20:8080';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `POS_PUBLIC_URL ${JSON.stringify(raw)} is not a URL: give the address tablets open, ${example}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `POS_PUBLIC_URL must start with http:// or https:// (${JSON.stringify(raw)}), ${example}.`,
    );
  }
  if (url.username || url.password) throw new Error('POS_PUBLIC_URL must not carry a user name or password.');
  if (raw.includes('?') || raw.includes('#'))
    throw new Error(`POS_PUBLIC_URL must not have a query (?) or a fragment (#): ${example}.`);
  if (url.pathname !== '/') {
    throw new Error(
      `POS_PUBLIC_URL must not have a path (${url.pathname}): the till is served at the root of its address, ${example}.`,
    );
  }
  return url.origin;
}

/** Host names and ports as a Host header carries them: `till.shop.lan`, `192.168.1.20:8080`, `[::1]:8080`. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a request was made to, for links given back to it: `publicUrl` when set, else the
 * request's protocol and `Host` (X-Forwarded-Proto and X-Forwarded-Host count only with
 * TRUST_PROXY=1: Fastify reads them for a trusted proxy only). Throws 400 bad_request when the
 * host named is not a host name.
 */
export function originOf(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const host = request.host;
  if (!HOST_PATTERN.test(host))
    throw httpError(
      'bad_request',
      'The request names no usable host: set POS_PUBLIC_URL to the address tablets open.',
    );
  return `${protocol}://${host}`;
}
