import { css } from 'lit';

/** Styles of `pos-payment`: the Pay button and the panel it opens over the shell. */
export const paymentStyles = css`
  :host {
    display: block;
  }
  .pay {
    width: 100%;
    min-height: 64px;
    font-size: 1.5rem;
  }
  .blocked {
    margin: 0.5rem 0 0;
    padding: 0.5rem 0.75rem;
    border: 2px solid #b45309;
    border-radius: 10px;
    background: #fffbeb;
    color: #78350f;
    font-weight: 600;
  }
  .backdrop {
    position: fixed;
    inset: 0;
    z-index: 40;
    display: grid;
    place-items: center;
    background: rgb(17 24 39 / 0.55);
    padding: 1rem;
  }
  .panel {
    background: #fff;
    border-radius: 16px;
    width: min(560px, 100%);
    max-height: calc(100dvh - 2rem);
    overflow-y: auto;
    padding: 1.25rem 1.5rem;
    box-shadow: 0 20px 50px rgb(0 0 0 / 0.35);
    font-size: 1.1rem;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.5rem;
  }
  h3 {
    margin: 1rem 0 0.5rem;
    font-size: 1.15rem;
  }
  .sums {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.5rem 1rem;
    margin: 0;
  }
  .sums div {
    display: flex;
    justify-content: space-between;
    border-bottom: 1px solid #e5e7eb;
    padding: 0.25rem 0;
  }
  dt {
    color: #374151;
  }
  dd {
    margin: 0;
    font-weight: 800;
  }
  .remaining dd {
    color: #b91c1c;
  }
  /* Fully paid: nothing is missing any more, so no alarm colour. */
  .remaining.paid dd {
    color: inherit;
  }
  .change dd {
    color: #166534;
  }
  .payments {
    list-style: none;
    padding: 0;
    margin: 0.75rem 0 0;
  }
  .payments li {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 0.25rem 0;
  }
  .quick {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .quick button {
    min-width: 96px;
    font-weight: 700;
  }
  .entry {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .entry label {
    display: flex;
    flex-direction: column;
    flex: 1;
    gap: 0.25rem;
    font-weight: 600;
  }
  .field-problem p {
    margin: 0.5rem 0 0;
    padding: 0.4rem 0.75rem;
    border: 2px solid #b91c1c;
    border-radius: 10px;
    background: #fef2f2;
    color: #7f1d1d;
    font-weight: 600;
  }
  input[aria-invalid='true'] {
    border-color: #b91c1c;
  }
  /* Typed cash that would give a large change waits here for a yes (CHANGE_CHECK_MAJOR). */
  .ask {
    margin-top: 0.75rem;
    padding: 0.75rem;
    border: 3px solid #b45309;
    border-radius: 12px;
    background: #fffbeb;
  }
  .ask p {
    margin: 0 0 0.5rem;
  }
  .ask .question {
    font-size: 1.4rem;
    font-weight: 800;
  }
  .ask-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .ask-actions button {
    flex: 1;
    min-height: 56px;
  }
  .hint {
    color: #7f1d1d;
    background: #fef2f2;
    border: 2px solid #b91c1c;
    border-radius: 10px;
    padding: 0.5rem 0.75rem;
    font-weight: 600;
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.75rem;
    margin-top: 1.25rem;
  }
  .actions button {
    min-height: 56px;
    font-size: 1.2rem;
  }
`;
