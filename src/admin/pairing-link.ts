import type { PairingCode } from './admin-types.js';

/**
 * The link a tablet opens to pair: the server's `pairUrl` (the address it was told the tablets
 * use, `POS_PUBLIC_URL`, else the host the back office reached it at), or, from a server that
 * does not give one, `origin` (the back office's own) followed by `pairPath`.
 */
export function pairLink(
  pairing: Pick<PairingCode, 'pairPath'> & Partial<Pick<PairingCode, 'pairUrl'>>,
  origin: string,
): string {
  return pairing.pairUrl ?? `${origin}${pairing.pairPath}`;
}

/**
 * True when `url`'s host is this machine's own (a tablet opening it reaches itself, not the
 * server): `localhost` and its subdomains, 127.0.0.0/8, `[::1]` and an IPv4-mapped 127.x
 * address. False for any other host, and for text that is not a URL.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // URL writes IPv6 hosts in brackets, compressed: [::1]; an IPv4-mapped 127.x.y.z is [::ffff:7fxx:yyzz].
  return host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}
