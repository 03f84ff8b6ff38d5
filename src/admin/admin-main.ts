/**
 * Entry of the back office page (admin.html, its own chunks: the till never imports src/admin).
 * The page's own look is an adopted style sheet, since `style-src 'self'` forbids inline styles.
 */
import { css } from 'lit';
import './pos-admin-app.js';

const pageStyles = css`
  html,
  body {
    margin: 0;
    background: #e8ecf2;
  }
`;

if (pageStyles.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet];
document.body.prepend(document.createElement('pos-admin-app'));
