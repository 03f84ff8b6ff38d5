import type { FastifyInstance } from 'fastify';

/** One route the app answers: its method and its URL pattern as registered (`/api/sessions/:id`). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/** One line of Fastify's route tree: the indentation, the segment, and the methods it answers. */
const TREE_LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([A-Z, ]+)\))?$/u;
/** Characters of indentation per level of the tree. */
const INDENT = 4;

/**
 * Every route `app` has registered, read from `app.printRoutes({commonPrefix: false})` once the
 * app is ready: Fastify keeps no public list, and this tree is the one place that holds every
 * route, the ones plugins add included (HEAD twins of GET routes, a static wildcard). Each line
 * of the tree is a segment to append to its parent's path. Throws when a line cannot be read, so
 * a change of Fastify's format fails loudly instead of hiding routes.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    if (line.trim() === '') continue;
    const match = TREE_LINE.exec(line);
    if (!match) throw new Error(`cannot read this line of app.printRoutes(): ${JSON.stringify(line)}`);
    const [, indent = '', segment = '', methods] = match;
    const depth = indent.length / INDENT;
    // The tree prints a wildcard under the root without its slash (`*` for `/*`).
    const url =
      depth === 0 && !segment.startsWith('/') ? `/${segment}` : (parents[depth - 1] ?? '') + segment;
    parents[depth] = url;
    parents.length = depth + 1;
    for (const method of methods ? methods.split(', ') : []) routes.push({ method, url });
  }
  return routes;
}
