import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

/** One typed amount of the payment panel (cash tendered, card amount); styled by paymentStyles. */
export interface AmountField {
  /** The input's id, unique in its shadow root; its message gets `<id>-problem`. */
  id: string;
  label: string;
  /** The button's text ("Add cash"). */
  action: string;
  /** What is typed, kept as typed. */
  text: string;
  /** Why what is typed was refused, or null. */
  problem: string | null;
  placeholder?: string;
  /** The button is disabled (and Enter does nothing). */
  disabled?: boolean;
  onInput: (text: string) => void;
  onSubmit: () => void;
}

/**
 * The label, input and button of a typed amount, then its message: while there is one, the input
 * is `aria-invalid` and described by it, and it is announced (an alert region that is always
 * there, so screen readers hear it arrive). Enter submits.
 */
export function amountField(f: AmountField): TemplateResult {
  const problemId = `${f.id}-problem`;
  return html`<div class="entry">
      <label
        >${f.label}
        <input
          id=${f.id}
          inputmode="decimal"
          autocomplete="off"
          placeholder=${ifDefined(f.placeholder)}
          aria-invalid=${f.problem ? 'true' : 'false'}
          aria-describedby=${ifDefined(f.problem ? problemId : undefined)}
          .value=${f.text}
          @input=${(e: Event) => f.onInput((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => !f.disabled && onEnter(e, f.onSubmit)}
      /></label>
      <button ?disabled=${f.disabled ?? false} @click=${f.onSubmit}>${f.action}</button>
    </div>
    <div class="field-problem" role="alert">
      ${f.problem ? html`<p id=${problemId}>${f.problem}</p>` : nothing}
    </div>`;
}

/**
 * Runs `action` on Enter and swallows the key: the action may move focus to a button (the cash
 * question's), which would otherwise receive this same Enter as a click.
 */
function onEnter(event: KeyboardEvent, action: () => void): void {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  action();
}
