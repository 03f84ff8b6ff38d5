/**
 * Page entry: picks the language (stored choice, else the browser's), then puts the shell in the
 * page, so a French till never flashes English text. The French strings are their own chunk,
 * precached by the worker like the rest.
 */
// First, so IndexedDB opens and the stored till is read while the rest of the code is evaluated (early-db.ts).
import { PAIRING_LINK_WAIT_CAP_MS, storedTillSettled } from './app/early-db.js';
import { applyStartLocale } from './app/locale.js';
import { pairCodeOf } from './app/pair-param.js';
import './ui/pos-app.js';

// Not a top-level await: the entry shares its chunk with the modules the French strings import,
// and a chunk still evaluating (awaiting) could not be imported by the chunk it waits for.
// The shell goes in once the stored till is read (early-db.ts), so its first render has the catalog.
// A pairing link opens a new tablet on the pairing screen: the page waits for that read (the
// database being created) and for the screen's chunk, loaded beside it (the server hinted it in
// the page's answer), so the first render is the screen itself, not the empty till drawn first
// and replaced (on a slow network the till's largest paint came 0.5 to 0.8 s after its first).
const pairingLink = pairCodeOf(location.search) !== null;
void Promise.all([
  applyStartLocale(),
  storedTillSettled(pairingLink ? PAIRING_LINK_WAIT_CAP_MS : undefined),
  pairingLink ? import('./ui/pos-pairing.js').catch(() => undefined) : null,
]).then(() => document.body.prepend(document.createElement('pos-app')));
