/**
 * Entry of the back office page (admin.html, its own chunks: the till never imports src/admin).
 * It picks the language as the till does (the choice kept on this device, else the browser's),
 * then puts the page in, so a French back office never flashes English; the French strings are
 * a chunk of their own, loaded only in French. The page's own look is an adopted style sheet,
 * since `style-src 'self'` forbids inline styles.
 */
import { css } from 'lit';
import { applyStartLocale } from '../app/locale.js';
import './pos-admin-app.js';

const pageStyles = css`
  html,
  body {
    margin: 0;
    background: #e8ecf2;
  }
`;

if (pageStyles.styleSheet)
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet];
// Not a top-level await: the entry shares its chunk with the modules the French strings and the
// sections import, and a chunk still evaluating (awaiting) could not be imported by the chunk it waits for.
void applyStartLocale().then(() => document.body.prepend(document.createElement('pos-admin-app')));
