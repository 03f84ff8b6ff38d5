/**
 * Page entry: picks the language (stored choice, else the browser's), then puts the shell in the
 * page, so a French till never flashes English text. The French strings are their own chunk,
 * precached by the worker like the rest.
 */
// First, so IndexedDB opens and the stored till is read while the rest of the code is evaluated (early-db.ts).
import { storedTillSettled } from './app/early-db.js';
import { applyStartLocale } from './app/locale.js';
import { pairCodeOf } from './app/pair-param.js';
import './ui/pos-app.js';

// Not a top-level await: the entry shares its chunk with the modules the French strings import,
// and a chunk still evaluating (awaiting) could not be imported by the chunk it waits for.
// The shell goes in once the stored till is read (early-db.ts), so its first render has the catalog.
// A pairing link opens a new tablet on the pairing screen: its chunk loads beside that read, so the
// first render is the screen itself, not an empty shell drawn again a request later (on a slow
// network, the till's largest paint came 0.8 s after its first).
const pairingScreen = pairCodeOf(location.search) === null ? null : import('./ui/pos-pairing.js');
void Promise.all([applyStartLocale(), storedTillSettled(), pairingScreen?.catch(() => undefined)]).then(() =>
  document.body.prepend(document.createElement('pos-app')),
);
