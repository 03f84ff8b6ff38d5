import { css } from 'lit';

/**
 * The till's cash screens (open and close the register, the X and Z reports): a panel in a modal
 * `<dialog>` (the top layer, above the blocking session dialog), the typed amount of
 * amount-field.ts, the live difference, and the messages.
 */
export const cashStyles = css`
  .panel {
    border: none;
    border-radius: 16px;
    width: min(640px, calc(100% - 2rem));
    max-height: calc(100% - 2rem);
    overflow: auto;
    padding: 1.25rem 1.5rem;
    box-shadow: 0 30px 70px rgb(0 0 0 / 0.5);
    font-size: 1.1rem;
  }
  .panel::backdrop {
    background: rgb(17 24 39 / 0.82);
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.5rem;
  }
  .top {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 1rem;
  }
  .expected {
    font-size: 1.3rem;
    font-weight: 700;
  }
  .entry {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .entry label,
  .note label {
    display: flex;
    flex-direction: column;
    flex: 1;
    gap: 0.25rem;
    font-weight: 600;
  }
  .entry input {
    font-size: 1.4rem;
  }
  .note textarea {
    font: inherit;
    min-height: 4.5rem;
    border: 2px solid var(--pos-ink, #111);
    border-radius: 10px;
    padding: 0.4rem 0.7rem;
  }
  .note {
    margin-top: 0.75rem;
  }
  .difference {
    margin: 0.75rem 0 0;
    font-weight: 700;
  }
  .difference.off {
    color: #7f1d1d;
  }
  .field-problem p,
  .failure {
    margin: 0.5rem 0 0;
    padding: 0.4rem 0.75rem;
    border: 2px solid #b91c1c;
    border-radius: 10px;
    background: #fef2f2;
    color: #7f1d1d;
    font-weight: 600;
  }
  .failure small {
    display: block;
    font-weight: 400;
  }
  .done {
    margin: 0.75rem 0 0;
    padding: 0.4rem 0.75rem;
    border: 2px solid #166534;
    border-radius: 10px;
    background: #f0fdf4;
    color: #14532d;
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  form label {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    font-weight: 600;
  }
`;
