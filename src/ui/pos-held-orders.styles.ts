import { css } from 'lit';

/**
 * The Held orders area: its button sits in the till's toolbar row; while the blocking session
 * dialog is up it is raised above the dialog's backdrop (held orders exist precisely when a
 * session closed); on the pairing screen it floats at the bottom. Its panel is full-screen.
 */
export const heldOrdersStyles = css`
  :host {
    display: block;
    flex: none;
  }
  :host([raised]) {
    position: relative;
    z-index: 150;
  }
  :host([floating]) {
    position: fixed;
    inset-inline-start: 1rem;
    bottom: 1rem;
    z-index: 150;
  }
  .trigger {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 700;
  }
  :host([raised]) .trigger,
  :host([floating]) .trigger {
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  .badge {
    display: inline-grid;
    place-items: center;
    min-width: 1.9rem;
    height: 1.9rem;
    padding: 0 0.45rem;
    border-radius: 999px;
    background: #b91c1c;
    color: #fff;
    font-size: 1.05rem;
    font-variant-numeric: tabular-nums;
  }
  .panel {
    border: none;
    border-radius: 16px;
    width: min(980px, calc(100% - 2rem));
    max-height: calc(100% - 2rem);
    overflow: auto;
    padding: 1.25rem 1.5rem;
    box-shadow: 0 30px 70px rgb(0 0 0 / 0.5);
  }
  .panel::backdrop {
    background: rgb(17 24 39 / 0.82);
  }
  h2 {
    margin: 0 0 0.75rem;
  }
  form,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.75rem;
    margin: 0.75rem 0;
  }
  label {
    display: flex;
    flex-direction: column;
    font-weight: 600;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: start;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid #d1d5db;
    vertical-align: top;
  }
  .num {
    text-align: end;
  }
  td.reason::first-letter {
    text-transform: uppercase;
  }
  .ref {
    font-family: ui-monospace, monospace;
  }
  .error {
    color: #7f1d1d;
    font-weight: 700;
  }
  .hint {
    color: #374151;
  }
  .close {
    margin-inline-start: auto;
  }
`;
