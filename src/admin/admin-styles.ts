import { css } from 'lit';
import { baseStyles } from '../ui/shared-styles.js';

/**
 * Look of the back-office elements: the till's base (44 px targets, focus ring, colours as custom
 * properties) plus sections, forms and tables. Styles live in the elements (adopted style sheets):
 * the page runs under `style-src 'self'`, so no `<style>` in the HTML and no `style=""`.
 */
export const adminStyles = [
  baseStyles,
  css`
    /* min-width 0: as a grid item an element would otherwise be as wide as its widest table, and a
       phone would scroll the whole page sideways; now only the table scrolls, in its .table-wrap. */
    :host {
      display: block;
      min-width: 0;
    }
    section {
      min-width: 0;
      background: var(--pos-surface, #fff);
      border-radius: 14px;
      border: 1px solid #c9d1dc;
      padding: 1rem 1.25rem 1.25rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.3rem;
    }
    h3 {
      margin: 1rem 0 0.5rem;
      font-size: 1.1rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: center;
    }
    .spread {
      justify-content: space-between;
    }
    /* A chosen item among buttons (the POS config, the session whose orders are shown). */
    button[aria-pressed='true'] {
      background: var(--pos-accent, #0b4fb3);
      border-color: var(--pos-accent, #0b4fb3);
      color: #fff;
    }
    button.danger {
      background: #b91c1c;
      border-color: #b91c1c;
      color: #fff;
      font-weight: 700;
    }
    .error {
      color: #b91c1c;
      font-weight: 600;
    }
    .hint {
      color: #4b5563;
      margin: 0.25rem 0;
    }
    /* A field's own problem, right under it (named by its aria-describedby). */
    .field-error {
      color: #b91c1c;
      font-weight: 600;
      margin: 0.15rem 0 0;
    }
    /* Lists and notes look like the till's inputs (shared-styles.ts styles input only). */
    select,
    textarea {
      font: inherit;
      min-height: 44px;
      border: 2px solid var(--pos-ink, #111);
      border-radius: 10px;
      padding: 0.4rem 0.7rem;
      background: #fff;
      color: var(--pos-ink, #111);
    }
    select:focus-visible,
    textarea:focus-visible {
      outline: 3px solid var(--pos-focus, #f59e0b);
      outline-offset: 2px;
    }
    textarea[aria-invalid='true'],
    input[aria-invalid='true'] {
      border-color: #b91c1c;
      background: #fef2f2;
    }
    .warning {
      background: #fef3c7;
      color: #78350f;
      border-left: 4px solid #b45309;
      padding: 0.5rem 0.75rem;
      border-radius: 6px;
    }
    /* relative: a .visually-hidden label (absolute) in a scrolled-off column stays inside the
       scroller instead of widening the page. On a phone the columns past the edge get a shadow
       there, so the manager knows the table scrolls (scroll shadows, as on the till's receipt). */
    .table-wrap {
      overflow-x: auto;
      position: relative;
      background:
        linear-gradient(to right, var(--pos-surface, #fff) 30%, rgb(255 255 255 / 0)) left center / 2.5rem
          100% no-repeat local,
        linear-gradient(to left, var(--pos-surface, #fff) 30%, rgb(255 255 255 / 0)) right center / 2.5rem
          100% no-repeat local,
        radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / 0.25), transparent) left center / 0.9rem 100%
          no-repeat scroll,
        radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / 0.25), transparent) right center / 0.9rem 100%
          no-repeat scroll;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      text-align: left;
      padding: 0.45rem 0.5rem;
      border-bottom: 1px solid #dde3ea;
      vertical-align: middle;
    }
    th {
      font-size: 0.9rem;
      color: #374151;
    }
    td.amount,
    th.amount {
      text-align: right;
    }
    tr[aria-current='true'] {
      background: #e7efff;
    }
    .badge {
      display: inline-block;
      border-radius: 999px;
      padding: 0.1rem 0.6rem;
      font-size: 0.85rem;
      font-weight: 700;
      background: #e5e7eb;
    }
    .badge.opened {
      background: #d1fae5;
      color: #065f46;
    }
    .badge.closing_control {
      background: #fef3c7;
      color: #92400e;
    }
    .badge.closed,
    .badge.revoked {
      background: #fee2e2;
      color: #991b1b;
    }
  `,
];
