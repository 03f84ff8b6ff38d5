/**
 * zod (its functional API, `zod/mini`: tree-shaken, no method closures built per schema), as every
 * module of pos-shell imports it. In a browser (page or service worker) zod is made
 * `jitless`: it would otherwise build fast parsers with `new Function`, and the Content-Security-
 * Policy of the till has no 'unsafe-eval', so even zod's probe for it is reported as a
 * violation. zod reads the setting when a schema is built, at module load, so it must be set in
 * the module that hands zod out, before any schema exists. Node (the server, unit tests) keeps
 * the compiled parsers.
 */
import { z } from 'zod/mini';

const inBrowser = 'document' in globalThis || 'ServiceWorkerGlobalScope' in globalThis;
if (inBrowser) z.config({ jitless: true });

export { z };
