import { join } from 'node:path';

/** What {@link nginxConfig} needs. */
export interface NginxConfigOptions {
  /** The cluster's own folder: nginx's pid file and temp folders go there, nothing under /var or /run. */
  dir: string;
  /** The one port of the cluster, on 127.0.0.1. */
  port: number;
  /** The instances' ports on 127.0.0.1. */
  upstreams: number[];
  /**
   * The largest request body any route of the server takes (bytes): nginx would refuse a bigger
   * one with 413 itself, not in the API's shape; the server applies each route's own limit.
   */
  maxBodyBytes: number;
}

/**
 * Each event stream holds two of a worker's connections (the till's and the one to an instance):
 * 4096 leave room for about 2,000 tablets streaming at once on one worker.
 */
const WORKER_CONNECTIONS = 4096;
/**
 * After a request to an instance fails (refused, reset), nginx sends it nothing for this long (s),
 * then tries it again with one request. nginx's default, 10 s, keeps an instance restarted after an
 * update out of rotation for up to 10 s: stopping the next one within that window leaves no live
 * instance and every request answers 502. A refused connection costs nothing, so retry soon.
 */
export const FAIL_TIMEOUT_S = 2;
/** Idle connections to the instances each worker keeps open for reuse. */
const UPSTREAM_KEEPALIVE = 32;

/**
 * The nginx configuration of `npm run cluster`: one worker in the foreground (`daemon off`, so
 * the cluster owns the process and stops it), errors to standard error, no access log (each
 * instance logs its own requests), and in front of the instances:
 * - `least_conn`: a new request goes to the instance with the fewest requests in progress, so
 *   the long-lived event streams spread evenly instead of piling on one instance;
 * - for the event stream (Server-Sent Events): `proxy_buffering off` (each event reaches the till
 *   at once), `proxy_read_timeout 1h` (a stream is quiet between its 15 s pings and events),
 *   HTTP/1.1 with an empty Connection header to the instances (kept-alive connections);
 * - X-Forwarded-For/-Proto/-Host and the Host the till asked for, read by instances started with
 *   TRUST_PROXY=1 (the pairing rate limit counts the tablet's address, pairing links name the
 *   proxy's address);
 * - no gzip of its own: the instances compress (the API's larger answers, and the build's `.br` and
 *   `.gz` copies), and nginx passes Accept-Encoding to them and their Content-Encoding and Vary
 *   back as they are.
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const { dir } = options;
  const servers = options.upstreams
    .map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=${FAIL_TIMEOUT_S}s;`)
    .join('\n');
  return `# Written by npm run cluster (scripts/cluster/nginx-config.ts); removed when the cluster stops.
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;

events {
  worker_connections ${WORKER_CONNECTIONS};
}

http {
  access_log off;
  client_body_temp_path ${join(dir, 'nginx-body')};
  proxy_temp_path ${join(dir, 'nginx-proxy')};
  fastcgi_temp_path ${join(dir, 'nginx-fastcgi')};
  uwsgi_temp_path ${join(dir, 'nginx-uwsgi')};
  scgi_temp_path ${join(dir, 'nginx-scgi')};
  client_max_body_size ${options.maxBodyBytes};

  upstream pos_instances {
    least_conn;
${servers}
    keepalive ${UPSTREAM_KEEPALIVE};
  }

  server {
    listen 127.0.0.1:${options.port};

    location / {
      proxy_pass http://pos_instances;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}
