import { css, html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PaymentMethod } from '../domain/pos-order.js';
import { methodName } from './receipt-body.js';

/**
 * Styles of the choice fieldsets (a legend, radios in a wrapping row, each at least 44 px tall, and
 * the "Other" text field under them), for the panels that use {@link choiceRadio}.
 */
export const choiceStyles = css`
  fieldset {
    border: 1px solid #d1d5db;
    border-radius: 10px;
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
  }
  legend {
    font-weight: 700;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .choices label {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 44px;
  }
  .other {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-top: 0.5rem;
    font-weight: 600;
  }
  .give-back {
    font-size: 1.3rem;
    font-weight: 800;
    margin: 0.5rem 0;
  }
`;

/** One radio of a choice fieldset, its label around it; `onPick` runs when it is chosen. */
export function choiceRadio(
  name: string,
  value: string,
  label: string,
  checked: boolean,
  onPick: () => void,
): TemplateResult {
  return html`<label
    ><input type="radio" name=${name} value=${value} .checked=${checked} @change=${onPick} />${label}</label
  >`;
}

/** The reasons a panel offers as choices: each key's getter reads its words in the till's language. */
export type ReasonChoices = Readonly<Record<string, string>>;

/** What the cashier picked: a key of the offered reasons, "other" (typed), or nothing yet. */
export type PickedReason<R extends ReasonChoices> = (keyof R & string) | 'other' | null;

/**
 * The Reason fieldset: `reasons` as radios, then Other, whose text field (`otherId`) shows when it
 * is picked. `onPick` gets the key picked; `onOther` the text typed.
 */
export function reasonFieldset<R extends ReasonChoices>(options: {
  reasons: R;
  picked: PickedReason<R>;
  otherText: string;
  otherId: string;
  onPick: (picked: Exclude<PickedReason<R>, null>) => void;
  onOther: (text: string) => void;
}): TemplateResult {
  const { reasons, picked, onPick } = options;
  const keys = Object.keys(reasons) as (keyof R & string)[];
  return html`<fieldset>
    <legend>${msg('Reason')}</legend>
    <div class="choices">
      ${keys.map((key) => choiceRadio('reason', key, reasons[key] ?? key, picked === key, () => onPick(key)))}
      ${choiceRadio('reason', 'other', msg('Other'), picked === 'other', () => onPick('other'))}
    </div>
    ${
      picked === 'other'
        ? html`<label class="other"
            >${msg('Other reason')}
            <input
              id=${options.otherId}
              autocomplete="off"
              maxlength="200"
              .value=${options.otherText}
              @input=${(e: Event) => options.onOther((e.target as HTMLInputElement).value)}
          /></label>`
        : nothing
    }
  </fieldset>`;
}

/**
 * The reason as it is saved: the picked choice's words, or the text typed for Other, or '' when
 * nothing (or only blanks) was given; the caller says which is missing.
 */
export function pickedReasonText<R extends ReasonChoices>(
  reasons: R,
  picked: PickedReason<R>,
  otherText: string,
): string {
  const text = picked === 'other' ? otherText : picked ? (reasons[picked] ?? '') : '';
  return text.trim() === '' ? '' : text;
}

/** The "Give back by" fieldset of a refund (cash or card), then the line saying how much goes back and how. */
export function refundMethodFields(options: {
  name: string;
  method: PaymentMethod;
  /** The amount given back, formatted. */
  giveBack: string;
  onPick: (method: PaymentMethod) => void;
}): TemplateResult {
  const { giveBack } = options;
  return html`<fieldset>
      <legend>${msg('Give back by')}</legend>
      <div class="choices">
        ${(['cash', 'card'] as const).map((method) =>
          choiceRadio(options.name, method, methodName(method), options.method === method, () =>
            options.onPick(method),
          ),
        )}
      </div>
    </fieldset>
    <p class="give-back" role="status">
      ${
        options.method === 'cash'
          ? msg(str`Give back ${giveBack} from the drawer`)
          : msg(str`Give back ${giveBack} on the card`)
      }
    </p>`;
}
