import { css } from 'lit';

/**
 * Look shared by the elements: high contrast, large text, 44 px minimum touch targets (WCAG 2.5.5).
 * Colours are custom properties set once on `pos-app` so a theme is one place.
 */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family:
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      sans-serif;
    color: var(--pos-ink, #111);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    border-radius: 10px;
    border: 2px solid var(--pos-ink, #111);
    background: var(--pos-surface, #fff);
    color: var(--pos-ink, #111);
    padding: 0.4rem 0.9rem;
    cursor: pointer;
    touch-action: manipulation;
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  button.primary {
    background: var(--pos-accent, #0b4fb3);
    border-color: var(--pos-accent, #0b4fb3);
    color: #fff;
    font-weight: 700;
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--pos-focus, #f59e0b);
    outline-offset: 2px;
  }
  input {
    font: inherit;
    min-height: 44px;
    border: 2px solid var(--pos-ink, #111);
    border-radius: 10px;
    padding: 0.4rem 0.7rem;
    background: #fff;
    color: var(--pos-ink, #111);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/**
 * The host of a screen that blocks the till (the closed-session dialog, "Open the register"): over
 * everything, centred, the till dimmed behind it. One rule, so the screens that replace each other
 * as the session moves look alike.
 */
export const blockingScreenStyles = css`
  :host {
    position: fixed;
    inset: 0;
    z-index: 100;
    display: grid;
    place-items: center;
    padding: 1.5rem;
    background: rgb(17 24 39 / 0.82);
  }
`;
