import { LitElement, css, html } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { adminStyles } from './admin-styles.js';
import { paperOf, usePaper, type Paper } from './print-paper.js';

/** Where the manager's choice of paper is kept on this computer (the printer beside it stays). */
const PAPER_KEY = 'pos-admin-paper';

/**
 * The paper a report prints on (A4, or an 80 mm receipt printer), remembered on this computer and
 * applied to the document's printed page at once (print-paper.ts).
 */
export class PosAdminPaper extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      label {
        font-weight: 600;
        margin-inline-end: 0.4rem;
      }
    `,
  ];

  static override properties = { paper: { state: true } };

  declare paper: Paper;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.paper = paperOf(readStored());
    usePaper(document, this.paper);
  }

  override render() {
    return html`<label for="paper">${msg('Paper')}</label>
      <select id="paper" @change=${this.onChange}>
        <option value="a4" ?selected=${this.paper === 'a4'}>${msg('A4 sheet')}</option>
        <option value="receipt" ?selected=${this.paper === 'receipt'}>${msg('80 mm receipt roll')}</option>
      </select>`;
  }

  private onChange(event: Event): void {
    this.paper = paperOf((event.target as HTMLSelectElement).value);
    usePaper(document, this.paper);
    try {
      localStorage.setItem(PAPER_KEY, this.paper);
    } catch {
      // Storage refused (private mode): the choice holds for this page only.
    }
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(PAPER_KEY);
  } catch {
    return null;
  }
}

customElements.define('pos-admin-paper', PosAdminPaper);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-paper': PosAdminPaper;
  }
}
