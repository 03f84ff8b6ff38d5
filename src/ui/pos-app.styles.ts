import { css } from 'lit';

/**
 * Layout of the shell for a 10-inch tablet: products left and sale right in landscape, stacked in
 * portrait. Colours are set here as custom properties and inherited by every element.
 */
export const appStyles = css`
  :host {
    --pos-ink: #111827;
    --pos-accent: #0b4fb3;
    --pos-bar: #14213d;
    --pos-focus: #f59e0b;
    --pos-surface: #fff;
    display: block;
    height: 100vh;
    height: 100dvh;
    background: #e8ecf2;
    font-size: 18px;
  }
  .shell {
    display: grid;
    grid-template-rows: auto minmax(0, 1fr);
    height: 100%;
  }
  .top {
    position: relative;
    z-index: 30;
  }
  pos-update-banner {
    padding: 0 1rem;
  }
  .alerts {
    position: relative;
    z-index: 30;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: 0.75rem 1rem 0;
  }
  .alerts p {
    display: flex;
    align-items: center;
    gap: 1rem;
    margin: 0;
    padding: 0.5rem 0.5rem 0.5rem 1rem;
    border-radius: 10px;
    font-weight: 600;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.15);
  }
  .alerts p span {
    flex: 1;
  }
  .error {
    background: #fef2f2;
    border: 2px solid #b91c1c;
    color: #7f1d1d;
  }
  .notice {
    background: #fffbeb;
    border: 2px solid #b45309;
    color: #78350f;
  }
  main {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(360px, 38%);
    gap: 1rem;
    padding: 1rem;
    /* Room for the fixed Held orders button (bottom-left, reachable above the session dialog):
       it must never cover a product tile or the Pay button. */
    padding-bottom: calc(var(--pos-held-trigger-height, 48px) + 2rem);
    min-height: 0;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-height: 0;
    background: #fff;
    border-radius: 14px;
    padding: 1rem;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.12);
  }
  pos-product-grid,
  pos-cart,
  pos-receipt {
    flex: 1;
    min-height: 0;
  }
  @media (orientation: portrait) {
    main {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: minmax(0, 3fr) minmax(0, 2fr);
    }
  }
`;
