/**
 * Page entry: picks the language (stored choice, else the browser's), then puts the shell in the
 * page, so a French till never flashes English text. The French strings are their own chunk,
 * precached by the worker like the rest.
 */
// First, so IndexedDB opens and the stored till is read while the rest of the code is evaluated (early-db.ts).
import { storedTillSettled } from './app/early-db.js';
import { applyStartLocale } from './app/locale.js';
import './ui/pos-app.js';

// Not a top-level await: the entry shares its chunk with the modules the French strings import,
// and a chunk still evaluating (awaiting) could not be imported by the chunk it waits for.
// The shell goes in once the stored till is read (early-db.ts), so its first render has the catalog.
void Promise.all([applyStartLocale(), storedTillSettled()]).then(() =>
  document.body.prepend(document.createElement('pos-app')),
);
