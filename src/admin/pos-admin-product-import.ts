import { LitElement, css, html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { MAX_LISTED_CSV_ROWS, PosError } from '../domain/pos-error.js';
import type { AdminApi } from './admin-api.js';
import { errorText, type Words } from './admin-errors.js';
import { formatNumber } from './admin-format.js';
import { adminStyles } from './admin-styles.js';
import { csvProblemWords } from './csv-problem-words.js';
import type { ImportCounts, ImportProblem } from './admin-types.js';

/** Where an import stands: the dry run of the picked file, then its application. */
type ImportState =
  | { kind: 'idle' }
  | { kind: 'checking' | 'applying'; file: string }
  | { kind: 'checked'; file: string; counts: ImportCounts }
  | { kind: 'refused'; file: string; problems: ImportProblem[] }
  | { kind: 'applied'; file: string; counts: ImportCounts };

/**
 * Import CSV for one config: picking a file runs the server's dry run at once (nothing written)
 * and shows what it would do (created, updated, unchanged) or every bad line (line number as a
 * spreadsheet shows it, column, reason). The file goes as its bytes, never decoded here: a file
 * that is not UTF-8 (a Windows-1252 export) is the server's to refuse, on its line, where a
 * decoding in the page would have put replacement characters in the names and let it through.
 * Apply sends the bytes the dry run checked, only after a clean dry run of them; then the list
 * reloads.
 *
 * @fires admin-products-imported - `CustomEvent<ImportCounts>`, after an import was applied
 */
export class PosAdminProductImport extends LitElement {
  static override styles = [
    ...adminStyles,
    css`
      label {
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    configId: { attribute: false },
    currency: { attribute: false },
    state: { state: true },
    error: { state: true },
  };

  declare api: AdminApi | null;
  declare configId: Id | null;
  /** The config's currency (ISO 4217): the price rule a refused row is told says its decimals. */
  declare currency: string;
  declare state: ImportState;
  declare error: Words | null;
  /**
   * The bytes of the file picked, read once when it was picked: Apply sends exactly what the dry
   * run checked, even if the file changed on disk since.
   */
  private bytes: Blob | null = null;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.api = null;
    this.configId = null;
    this.currency = 'EUR';
    this.state = { kind: 'idle' };
    this.error = null;
  }

  override render() {
    const busy = this.state.kind === 'checking' || this.state.kind === 'applying';
    return html`<section aria-labelledby="import-title">
      <h3 id="import-title">${msg('Import CSV')}</h3>
      <p class="hint" id="import-hint">
        ${msg(
          'Columns name, price, tax_rate, category, barcode and archived (optional), as Export CSV writes them. A row replaces the product with its barcode, else with its name. Nothing is written until you apply.',
        )}
      </p>
      <div class="row">
        <label for="import-file">${msg('CSV file')}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="import-hint"
          ?disabled=${busy}
          @change=${this.onFile}
        />
      </div>
      <div role="status">${this.renderState()}</div>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${this.state.kind === 'refused' ? this.renderProblems(this.state.problems) : nothing}
      ${
        this.state.kind === 'checked'
          ? html`<div class="row">
              <button class="primary" type="button" @click=${this.onApply}>${msg('Apply')}</button>
            </div>`
          : nothing
      }
    </section>`;
  }

  private renderState() {
    const state = this.state;
    const n = formatNumber;
    switch (state.kind) {
      case 'idle':
        return nothing;
      case 'checking':
        return html`<p>${msg(str`Checking ${state.file}…`)}</p>`;
      case 'applying':
        return html`<p>${msg(str`Importing ${state.file}…`)}</p>`;
      case 'checked': {
        const { created, updated, unchanged } = state.counts;
        return html`<p>
          ${msg(
            str`Dry run of ${state.file}: ${n(created)} to create, ${n(updated)} to update, ${n(unchanged)} unchanged. Nothing is written yet.`,
          )}
        </p>`;
      }
      case 'refused': {
        // Lines, not problems: a row with a bad price and a bad tax rate is one bad line.
        const lines = new Set(state.problems.map((p) => p.line)).size;
        return html`<p class="error">
          ${
            lines >= MAX_LISTED_CSV_ROWS
              ? msg(
                  str`${state.file} cannot be imported: at least ${n(lines)} bad lines, the first ${n(lines)} listed below. Nothing was written.`,
                )
              : lines === 1
                ? msg(str`${state.file} cannot be imported: 1 bad line. Nothing was written.`)
                : msg(str`${state.file} cannot be imported: ${n(lines)} bad lines. Nothing was written.`)
          }
        </p>`;
      }
      case 'applied': {
        const { created, updated, unchanged } = state.counts;
        return html`<p>
          ${msg(str`Imported ${state.file}: ${n(created)} created, ${n(updated)} updated, ${n(unchanged)} unchanged.`)}
        </p>`;
      }
    }
  }

  private renderProblems(problems: ImportProblem[]) {
    return html`<div class="table-wrap">
      <table>
        <caption class="hint">
          ${msg('Bad lines of the file')}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="amount">${msg('Line')}</th>
            <th scope="col">${msg('Column')}</th>
            <th scope="col">${msg('Problem')}</th>
          </tr>
        </thead>
        <tbody>
          ${problems.map(
            (p) =>
              html`<tr>
                <th scope="row" class="amount">${formatNumber(p.line)}</th>
                <td>${p.column || '—'}</td>
                <td>${csvProblemWords(p, this.currency)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.error = null;
    if (!file) {
      this.bytes = null;
      this.state = { kind: 'idle' };
      return;
    }
    try {
      this.bytes = new Blob([await file.arrayBuffer()], { type: 'text/csv' });
    } catch {
      // The file moved or changed on disk after it was picked (NotReadableError).
      this.bytes = null;
      this.state = { kind: 'idle' };
      this.error = () => msg(str`${file.name} could not be read: pick it again.`);
      return;
    }
    await this.run(file.name, true);
  }

  private async onApply(): Promise<void> {
    if (this.state.kind !== 'checked') return;
    await this.run(this.state.file, false);
  }

  /** The dry run (`dryRun`) or the import of the file's bytes. */
  private async run(file: string, dryRun: boolean): Promise<void> {
    const { api, configId, bytes } = this;
    if (!api || configId === null || !bytes) return;
    this.state = { kind: dryRun ? 'checking' : 'applying', file };
    this.error = null;
    try {
      const outcome = await api.importProducts(configId, bytes, dryRun);
      if ('problems' in outcome) {
        this.state = { kind: 'refused', file, problems: outcome.problems };
      } else if (dryRun) {
        this.state = { kind: 'checked', file, counts: outcome.ok };
      } else {
        this.state = { kind: 'applied', file, counts: outcome.ok };
        this.dispatchEvent(new CustomEvent<ImportCounts>('admin-products-imported', { detail: outcome.ok }));
      }
    } catch (error) {
      this.state = { kind: 'idle' };
      this.error =
        error instanceof PosError && error.status === 413
          ? () => msg(str`${file} is too large to import: 5 MB and 20,000 rows at most.`)
          : () => msg(str`${file} could not be imported: ${errorText(error)}`);
    }
  }
}

customElements.define('pos-admin-product-import', PosAdminProductImport);

declare global {
  interface HTMLElementTagNameMap {
    'pos-admin-product-import': PosAdminProductImport;
  }
}
