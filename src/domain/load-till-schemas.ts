import { lazily } from './lazily.js';
import type * as TillSchemaModule from './till-schemas.js';

/** The till's schemas (till-schemas.ts), as loadTillSchemas() hands them out. */
export type TillSchemas = typeof TillSchemaModule;

/**
 * The till's schemas, imported on the first call and shared by every later one. The page calls it
 * right after its first render (so no sale waits on it) and every check calls it before it reads
 * anything, so whichever comes first starts the load. A failed load (a chunk the network lost) is
 * forgotten, so the next call tries again; its caller sees the rejection and never uses anything
 * unchecked.
 */
export const loadTillSchemas: () => Promise<TillSchemas> = lazily(() => import('./till-schemas.js'));
