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
    /* minmax(0, …): a one-line bar or strip cuts its text instead of widening the page. */
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto minmax(0, 1fr);
    height: 100%;
  }
  .tools {
    display: flex;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: 0.5rem 1rem 0;
  }
  pos-toolbar {
    flex: 1;
    min-width: 0;
  }
  main {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(360px, 38%);
    gap: 1rem;
    padding: 0.75rem 1rem 1rem;
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
