import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { SessionReport } from '../domain/report.js';
import { deviceLabel } from './device-name.js';
import { formatDateTime, formatDifference, formatMoney, formatNumber, methodLabel } from './admin-format.js';
import { currentLocale } from '../app/locale.js';

/** What a session's report and a day's report both sum (src/domain/report.ts, ReportTotalsSchema). */
export type ReportTotals = Pick<
  SessionReport,
  'orders' | 'sales' | 'payments' | 'change' | 'taxes' | 'devices' | 'cash' | 'rescued' | 'refunds'
>;

/** A tax rate in basis points as a percentage: 2000 → "20%", 550 → "5.5%" ("5,5 %" in French). */
export function formatTaxRate(basisPoints: number, locale: string = currentLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    basisPoints / 10_000,
  );
}

/**
 * Every part of a report, in the order a Z report is read: orders, sales, payments (with the
 * change given back), refunds (apart, then the net of sales and refunds), taxes (net), devices,
 * the cash of the drawer (under cash control) and the orders rescued into it. Money in minor
 * units of `currency`.
 */
export function reportParts(report: ReportTotals, currency: string) {
  const money = (minor: number) => formatMoney(minor, currency);
  return html`<section class="part" aria-labelledby="part-sales">
      <h3 id="part-sales">${msg('Sales')}</h3>
      <dl class="figures">
        <dt>${msg('Orders')}</dt>
        <dd>${formatNumber(report.orders.count)}</dd>
        <dt>${msg('First order')}</dt>
        <dd>${report.orders.firstReference ?? '—'}</dd>
        <dt>${msg('Last order')}</dt>
        <dd>${report.orders.lastReference ?? '—'}</dd>
        <dt>${msg('Total sales')}</dt>
        <dd>${money(report.sales.amountTotal)}</dd>
        <dt>${msg('Of which tax')}</dt>
        <dd>${money(report.sales.amountTax)}</dd>
        <dt>${msg('Discounts given')}</dt>
        <dd>${money(report.sales.discounts)}</dd>
      </dl>
    </section>
    ${paymentsPart(report, money)} ${refundsPart(report, money)} ${taxesPart(report, money)}
    ${devicesPart(report, money)} ${report.cash ? cashPart(report.cash, currency) : nothing}
    <section class="part" aria-labelledby="part-rescued">
      <h3 id="part-rescued">${msg('Rescued orders')}</h3>
      <p>
        ${msg(str`${formatNumber(report.rescued.count)} rescued into this report, ${money(report.rescued.amountTotal)} (counted in the totals above).`)}
      </p>
    </section>`;
}

function paymentsPart(report: ReportTotals, money: (minor: number) => string) {
  return html`<section class="part" aria-labelledby="part-payments">
    <h3 id="part-payments">${msg('Payments')}</h3>
    <table>
      <thead>
        <tr>
          <th scope="col">${msg('Method')}</th>
          <th scope="col" class="amount">${msg('Payments')}</th>
          <th scope="col" class="amount">${msg('Tendered')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.payments.map(
          (p) =>
            html`<tr>
              <th scope="row">${methodLabel(p.method)}</th>
              <td class="amount">${formatNumber(p.count)}</td>
              <td class="amount">${money(p.amount)}</td>
            </tr>`,
        )}
        <tr>
          <th scope="row">${msg('Change given')}</th>
          <td></td>
          <td class="amount">${money(-report.change)}</td>
        </tr>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">${msg('Total')}</th>
          <td></td>
          <td class="amount">${money(report.sales.amountTotal)}</td>
        </tr>
      </tfoot>
    </table>
  </section>`;
}

function refundsPart(report: ReportTotals, money: (minor: number) => string) {
  const { refunds } = report;
  return html`<section class="part" aria-labelledby="part-refunds">
    <h3 id="part-refunds">${msg('Refunds')}</h3>
    <dl class="figures">
      <dt>${msg('Refunds')}</dt>
      <dd>${formatNumber(refunds.count)}</dd>
      <dt>${msg('Total refunded')}</dt>
      <dd>${money(refunds.amountTotal)}</dd>
      <dt>${msg('Of which tax')}</dt>
      <dd>${money(refunds.amountTax)}</dd>
      ${refunds.payments.map(
        (p) =>
          html`<dt>${msg(str`Paid back: ${methodLabel(p.method)} (${formatNumber(p.count)})`)}</dt>
            <dd>${money(p.amount)}</dd>`,
      )}
      <dt>${msg('Net sales (sales + refunds)')}</dt>
      <dd>${money(report.sales.amountTotal + refunds.amountTotal)}</dd>
    </dl>
  </section>`;
}

function taxesPart(report: ReportTotals, money: (minor: number) => string) {
  return html`<section class="part" aria-labelledby="part-taxes">
    <h3 id="part-taxes">${msg('Taxes')}</h3>
    <table>
      <thead>
        <tr>
          <th scope="col">${msg('Rate')}</th>
          <th scope="col" class="amount">${msg('Base (excl. tax)')}</th>
          <th scope="col" class="amount">${msg('Tax')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.taxes.map(
          (t) =>
            html`<tr>
              <th scope="row">${formatTaxRate(t.taxRate)}</th>
              <td class="amount">${money(t.base)}</td>
              <td class="amount">${money(t.tax)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function devicesPart(report: ReportTotals, money: (minor: number) => string) {
  return html`<section class="part" aria-labelledby="part-devices">
    <h3 id="part-devices">${msg('Devices')}</h3>
    <table>
      <thead>
        <tr>
          <th scope="col">${msg('Device')}</th>
          <th scope="col" class="amount">${msg('Orders')}</th>
          <th scope="col" class="amount">${msg('Total')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.devices.map(
          (d) =>
            html`<tr>
              <th scope="row">${deviceLabel({ deviceId: '', deviceNumber: d.deviceNumber })}</th>
              <td class="amount">${formatNumber(d.count)}</td>
              <td class="amount">${money(d.amountTotal)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function cashPart(cash: NonNullable<ReportTotals['cash']>, currency: string) {
  const money = (minor: number) => formatMoney(minor, currency);
  return html`<section class="part" aria-labelledby="part-cash">
    <h3 id="part-cash">${msg('Cash drawer')}</h3>
    <dl class="figures">
      <dt>${msg('Opening float')}</dt>
      <dd>${money(cash.opening)}</dd>
      <dt>${msg('Cash payments')}</dt>
      <dd>${money(cash.payments)}</dd>
      <dt>${msg('Change given')}</dt>
      <dd>${money(-cash.change)}</dd>
      <dt>${msg('Cash refunds')}</dt>
      <dd>${money(cash.refunds)}</dd>
      <dt>${msg('Cash in and out')}</dt>
      <dd>${money(cash.moves.reduce((sum, m) => sum + m.amount, 0))}</dd>
      <dt>${msg('Expected cash')}</dt>
      <dd>${money(cash.expected)}</dd>
      <dt>${msg('Counted cash')}</dt>
      <dd>${cash.counted === null ? msg('not counted yet') : money(cash.counted)}</dd>
      <dt>${msg('Difference')}</dt>
      <dd class=${cash.difference ? 'off' : ''}>
        ${cash.difference === null ? '—' : formatDifference(cash.difference, currency)}
      </dd>
    </dl>
    ${cash.note ? html`<p><strong>${msg('Note:')}</strong> ${cash.note}</p>` : nothing}
    ${cash.moves.length > 0 ? movesTable(cash.moves, money) : nothing}
  </section>`;
}

function movesTable(moves: NonNullable<ReportTotals['cash']>['moves'], money: (minor: number) => string) {
  return html`<table>
    <caption>
      ${msg('Cash in and out')}
    </caption>
    <thead>
      <tr>
        <th scope="col">${msg('When')}</th>
        <th scope="col">${msg('Device')}</th>
        <th scope="col">${msg('Reason')}</th>
        <th scope="col" class="amount">${msg('Amount')}</th>
      </tr>
    </thead>
    <tbody>
      ${moves.map(
        (m) =>
          html`<tr>
            <td>${formatDateTime(m.createdAt)}</td>
            <td>${deviceLabel({ deviceId: '', deviceNumber: m.deviceNumber })}</td>
            <td>${m.reason}</td>
            <td class="amount">${money(m.amount)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
