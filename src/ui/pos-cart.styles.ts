import { css } from 'lit';

/** Styles of `pos-cart`: the lines with their controls, the discount editor and its message, the clear confirmation and the total. */
export const cartStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-bottom: 0.5rem;
  }
  h2 {
    margin: 0;
    font-size: 1.3rem;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 2px solid #b91c1c;
    border-radius: 10px;
    background: #fef2f2;
    color: #7f1d1d;
    font-weight: 600;
  }
  .confirm span {
    flex: 1 1 100%;
  }
  .danger {
    background: #b91c1c;
    border-color: #b91c1c;
    color: #fff;
  }
  .discount-editor {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
  }
  .discount-editor input {
    width: 5.5rem;
  }
  .discount-editor [aria-pressed='true'] {
    background: var(--pos-ink, #111);
    color: #fff;
  }
  .was {
    color: #374151;
    font-weight: 400;
    text-decoration: line-through;
    margin-inline-end: 0.4rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.35rem 0.75rem;
    padding: 0.6rem 0;
    border-bottom: 1px solid #d1d5db;
  }
  .name {
    font-weight: 700;
    font-size: 1.1rem;
  }
  .unit {
    color: #374151;
  }
  .line-total {
    font-weight: 700;
    font-size: 1.1rem;
    text-align: end;
  }
  .controls {
    grid-column: 1 / -1;
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .controls button,
  .unit,
  .line-total {
    white-space: nowrap;
  }
  .qty {
    min-width: 56px;
    padding: 0 0.5rem;
    font-weight: 700;
    font-size: 1.2rem;
    font-variant-numeric: tabular-nums;
  }
  .line-problem,
  .field-problem p {
    grid-column: 1 / -1;
    margin: 0;
    padding: 0.4rem 0.75rem;
    border: 2px solid #b91c1c;
    border-radius: 10px;
    background: #fef2f2;
    color: #7f1d1d;
    font-weight: 600;
  }
  .field-problem {
    flex: 1 1 100%;
  }
  /* No message: the live region stays in place (so a message is announced) but takes no row. */
  .field-problem:empty {
    flex-basis: 0;
  }
  .discount-editor input[aria-invalid='true'] {
    border-color: #b91c1c;
  }
  .step {
    font-size: 1.4rem;
    line-height: 1;
    padding: 0;
    width: 48px;
  }
  .remove {
    margin-inline-start: auto;
    font-size: 0.95rem;
    border-color: #b91c1c;
    color: #b91c1c;
  }
  .empty {
    color: #374151;
    font-size: 1.1rem;
  }
  .total {
    display: flex;
    justify-content: space-between;
    font-size: 1.5rem;
    font-weight: 800;
    padding-top: 0.6rem;
  }
`;
