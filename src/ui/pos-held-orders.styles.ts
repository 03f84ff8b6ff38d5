import { css } from 'lit';

/**
 * The Held orders area: a small fixed button that stays reachable above the blocking session
 * dialog (held orders exist precisely when a session closed), and its full-screen panel.
 */
export const heldOrdersStyles = css`
  :host {
    position: fixed;
    inset-inline-start: 1rem;
    bottom: 1rem;
    z-index: 150;
  }
  .trigger {
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
    font-weight: 700;
  }
  .badge {
    display: inline-block;
    min-width: 1.6em;
    margin-inline-start: 0.4rem;
    padding: 0 0.4rem;
    border-radius: 999px;
    background: #b45309;
    color: #fff;
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
