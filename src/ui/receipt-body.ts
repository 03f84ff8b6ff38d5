import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { lineTotal, taxesByRate } from '../domain/order-totals.js';
import { isRefund } from '../domain/order-rules.js';
import type { PaymentMethod, PosOrder } from '../domain/pos-order.js';
import { formatDateTime, formatMoney, formatRate } from './money.js';
import { referenceBarcode } from './receipt-barcode.js';

/** What a receipt says besides the order itself. */
export interface ReceiptInfo {
  /** The shop: the POS config's name. */
  shopName: string | null;
  /** The session's name, or null when unknown. */
  sessionName: string | null;
  /** On a refund's receipt: the reference of the order it refunds (the outbox keeps it), else null or absent. */
  refundOf?: string | null;
}

/** "Cash" / "Card" in the till's language. */
export function methodName(method: PaymentMethod): string {
  return method === 'cash' ? msg('Cash') : msg('Card');
}

/**
 * The body of a receipt, the same on screen and on 80 mm paper: shop, session, reference and
 * time, lines (with their discount), total, taxes by rate, payments and change, and the reference
 * as a Code 128 barcode (scanned when the customer brings the receipt back). A refund's receipt
 * says "Refund" and the original's reference (a refund without receipt: "Refund without receipt"
 * and the reason instead), its lines and total negative, and what was given back by method (no
 * change). Plain elements and classes, styled by whoever renders it
 * (pos-receipt's shadow root, the print root).
 */
export function receiptBody(order: PosOrder, info: ReceiptInfo) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const refund = isRefund(order);
  return html`<div class="head">
      ${info.shopName ? html`<p class="shop">${info.shopName}</p>` : nothing}
      ${
        refund
          ? html`<p class="refund-title">
              ${order.refundOf === undefined ? msg('Refund without receipt') : msg('Refund')}
            </p>`
          : nothing
      }
      ${refund && info.refundOf ? html`<p class="meta">${msg(str`Refund of order ${info.refundOf}`)}</p>` : nothing}
      ${
        refund && order.reason !== undefined
          ? html`<p class="meta reason">${msg(str`Reason: ${order.reason}`)}</p>`
          : nothing
      }
      ${info.sessionName ? html`<p class="meta">${msg(str`Session ${info.sessionName}`)}</p>` : nothing}
      <p class="ref">${msg(str`Order ${order.reference}`)}</p>
      <p class="meta">${formatDateTime(order.createdAt)}</p>
    </div>
    <table>
      <thead>
        <tr>
          <th scope="col">${msg('Item')}</th>
          <th scope="col" class="num">${msg('Qty')}</th>
          <th scope="col" class="num">${msg('Amount')}</th>
        </tr>
      </thead>
      <tbody>
        ${order.lines.map(
          (l) =>
            html`<tr>
              <td>
                ${l.name}
                <div class="detail">
                  ${l.quantity} ×
                  ${money(l.unitPrice)}${l.discount > 0 ? html` · ${msg(str`discount ${formatRate(l.discount * 100)}`)}` : nothing}
                </div>
              </td>
              <td class="num">${l.quantity}</td>
              <td class="num">${money(lineTotal(l))}</td>
            </tr>`,
        )}
        <tr class="total">
          <td colspan="2">${msg('Total')}</td>
          <td class="num">${money(order.amountTotal)}</td>
        </tr>
        ${taxesByRate(order.lines).map(
          (t) =>
            html`<tr>
              <td colspan="2">${msg(str`Tax ${formatRate(t.taxRate)} included (on ${money(t.total)})`)}</td>
              <td class="num">${money(t.tax)}</td>
            </tr>`,
        )}
        ${order.payments.map(
          (p, i) =>
            html`<tr class=${i === 0 ? 'section' : ''}>
              <td colspan="2">
                ${refund ? msg(str`Given back: ${methodName(p.method)}`) : methodName(p.method)}
              </td>
              <td class="num">${money(refund ? -p.amount : p.amount)}</td>
            </tr>`,
        )}
        ${
          refund
            ? nothing
            : html`<tr>
                <td colspan="2">${msg('Change')}</td>
                <td class="num">${money(order.amountReturn)}</td>
              </tr>`
        }
      </tbody>
    </table>
    ${referenceBarcode(order.reference, msg(str`Barcode of order ${order.reference}`))}`;
}
