/**
 * Page entry: picks the language (stored choice, else the browser's), then puts the shell in the
 * page, so a French till never flashes English text. The French strings are their own chunk,
 * precached by the worker like the rest.
 */
import { applyStartLocale } from './app/locale.js';
import './ui/pos-app.js';

await applyStartLocale();
document.body.prepend(document.createElement('pos-app'));
