import { LitElement, css, html, nothing } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize';
import type { SessionReport } from '../domain/report.js';
import { reportBody } from './report-body.js';
import { baseStyles } from './shared-styles.js';

/**
 * An X or Z report on screen, as report-body.ts lays it out (the same body prints on 80 mm
 * paper): the register, the session, orders, sales, payments, taxes, devices, cash with the
 * counted difference, and rescued orders. Renders nothing without a report.
 */
export class PosSessionReport extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        font-variant-numeric: tabular-nums;
      }
      .head p {
        margin: 0;
      }
      .shop {
        font-weight: 700;
      }
      .meta {
        color: #374151;
      }
      h2 {
        margin: 0.25rem 0;
        font-size: 1.4rem;
      }
      h3 {
        margin: 1rem 0 0.25rem;
        font-size: 1.1rem;
        border-bottom: 2px solid #d1d5db;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      td {
        padding: 0.15rem 0;
        vertical-align: top;
      }
      .num {
        text-align: end;
        white-space: nowrap;
      }
      .total td,
      .difference td {
        font-weight: 700;
      }
    `,
  ];

  static override properties = { report: { attribute: false } };

  declare report: SessionReport | null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.report = null;
  }

  override render() {
    return this.report ? html`${reportBody(this.report)}` : nothing;
  }
}

customElements.define('pos-session-report', PosSessionReport);

declare global {
  interface HTMLElementTagNameMap {
    'pos-session-report': PosSessionReport;
  }
}
