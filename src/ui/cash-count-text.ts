import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { cashFailureText, type CashAction } from '../app/cash-messages.js';
import { MAX_CASH_AMOUNT } from '../domain/cash.js';
import { moneyMessage } from './input-messages.js';
import { formatMoney, readMoney } from './money.js';

/** A typed count of the drawer: its integer minor units, or the sentence for its field. */
export type TypedCount = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Reads a count of the drawer typed by the cashier, exactly (readMoney): 0 is a count (an empty
 * drawer), more than {@link MAX_CASH_AMOUNT} minor units is refused as a slip, never clamped.
 */
export function readCount(text: string, currency: string | null): TypedCount {
  const read = readMoney(text, currency);
  if (!read.ok) {
    return {
      ok: false,
      message:
        read.problem === 'empty'
          ? msg('Type the cash counted in the drawer, for example 150 or 152.40.')
          : moneyMessage(read.problem, currency),
    };
  }
  if (read.minor > MAX_CASH_AMOUNT)
    return {
      ok: false,
      message: msg(str`A drawer holds at most ${formatMoney(MAX_CASH_AMOUNT, currency)}.`),
    };
  return { ok: true, minor: read.minor };
}

/** The difference of a count with what was expected, in words: which way, and how much. */
export function differenceSentence(difference: number, currency: string | null): string {
  if (difference === 0) return msg('No difference with the expected cash.');
  const amount = formatMoney(Math.abs(difference), currency);
  return difference > 0
    ? msg(str`Difference: ${amount} more than expected.`)
    : msg(str`Difference: ${amount} less than expected.`);
}

/** A failed request of a cash screen, as an alert: the sentence, and the server's words beside. */
export function failureView(error: unknown, action: CashAction): TemplateResult | typeof nothing {
  if (error === null || error === undefined) return nothing;
  const { text, detail } = cashFailureText(error, action);
  return html`<p class="failure">${text}${detail ? html`<small lang="en">${detail}</small>` : nothing}</p>`;
}
