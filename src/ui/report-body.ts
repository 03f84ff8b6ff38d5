import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ReportCash, SessionReport } from '../domain/report.js';
import { formatCount } from './input-messages.js';
import { formatDateTime, formatMoney, formatRate } from './money.js';

/** A payment method's name in the till's language; a method this build does not know, as sent. */
function methodWord(method: string): string {
  if (method === 'cash') return msg('Cash');
  if (method === 'card') return msg('Card');
  return method;
}

/** "+€1.50" / "−€1.50" / "€0.00": a difference with its sign, so a shortfall is never read as a surplus. */
export function signedMoney(minor: number, currency: string): string {
  if (minor === 0) return formatMoney(0, currency);
  return `${minor > 0 ? '+' : '−'}${formatMoney(Math.abs(minor), currency)}`;
}

/** One "label … amount" row. */
function row(label: string, value: string, cls = ''): TemplateResult {
  return html`<tr class=${cls}>
    <td>${label}</td>
    <td class="num">${value}</td>
  </tr>`;
}

/** A section: its heading, then its rows in a table (one column of labels, one of amounts). */
function section(title: string, rows: TemplateResult | TemplateResult[]): TemplateResult {
  return html`<section>
    <h3>${title}</h3>
    <table>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}

/**
 * The body of an X or Z report, the same on screen and on 80 mm paper: the register, the session
 * and when the report was made, then orders, sales, payments (with the change given), refunds
 * (apart, with what each method paid back, then the net of sales and refunds), taxes by rate
 * (net), devices, cash (under cash control: opening, cash refunds, cash in and out, expected,
 * counted and the difference with its note) and orders rescued into the session. Plain elements and classes,
 * styled by whoever renders it (pos-session-report's shadow root, the print root). Amounts are
 * integer minor units formatted in the report's currency.
 */
export function reportBody(report: SessionReport): TemplateResult {
  const money = (minor: number) => formatMoney(minor, report.config.currency);
  const { session } = report;
  return html`<div class="head">
      <p class="shop">${report.config.name}</p>
      <h2>${report.kind === 'Z' ? msg('Z report') : msg('X report')}</h2>
      <p class="meta">${msg(str`Session ${session.name}`)}</p>
      ${session.openedAt ? html`<p class="meta">${msg(str`Opened ${formatDateTime(session.openedAt)}`)}</p>` : nothing}
      ${session.closedAt ? html`<p class="meta">${msg(str`Closed ${formatDateTime(session.closedAt)}`)}</p>` : nothing}
      <p class="meta">${msg(str`As of ${formatDateTime(report.generatedAt)}`)}</p>
    </div>
    ${section(msg('Orders'), [
      row(msg('Orders'), formatCount(report.orders.count)),
      ...(report.orders.firstReference
        ? [
            row(msg('First'), report.orders.firstReference),
            row(msg('Last'), report.orders.lastReference ?? ''),
          ]
        : []),
    ])}
    ${section(msg('Sales'), [
      row(msg('Total sales'), money(report.sales.amountTotal), 'total'),
      row(msg('Tax included'), money(report.sales.amountTax)),
      row(msg('Discounts'), money(report.sales.discounts)),
    ])}
    ${section(msg('Payments'), [
      ...report.payments.map((p) =>
        row(`${methodWord(p.method)} (${formatCount(p.count)})`, money(p.amount)),
      ),
      row(msg('Change given'), money(-report.change)),
    ])}
    ${section(msg('Refunds'), [
      row(msg('Refunds'), formatCount(report.refunds.count)),
      row(msg('Total refunded'), money(report.refunds.amountTotal)),
      ...report.refunds.payments.map((p) =>
        row(msg(str`Paid back: ${methodWord(p.method)} (${formatCount(p.count)})`), money(p.amount)),
      ),
      row(msg('Net sales'), money(report.sales.amountTotal + report.refunds.amountTotal), 'total'),
    ])}
    ${section(
      msg('Taxes'),
      report.taxes.map((t) => row(msg(str`Tax ${formatRate(t.taxRate)} on ${money(t.base)}`), money(t.tax))),
    )}
    ${section(
      msg('Devices'),
      report.devices.map((d) =>
        row(msg(str`Device ${d.deviceNumber} (${formatCount(d.count)})`), money(d.amountTotal)),
      ),
    )}
    ${report.cash ? cashSection(report.cash, report.config.currency) : nothing}
    ${section(msg('Rescued orders'), [
      row(msg('Orders'), formatCount(report.rescued.count)),
      row(msg('Total'), money(report.rescued.amountTotal)),
    ])}`;
}

/** The cash of the drawer: what it should hold, and once counted what it held and the difference. */
function cashSection(cash: ReportCash, currency: string): TemplateResult {
  const money = (minor: number) => formatMoney(minor, currency);
  return section(msg('Cash'), [
    row(msg('Opening float'), money(cash.opening)),
    row(msg('Cash payments'), money(cash.payments)),
    row(msg('Change given'), money(-cash.change)),
    ...(cash.refunds === 0 ? [] : [row(msg('Cash refunds'), money(cash.refunds))]),
    ...cash.moves.map((m) =>
      row(
        m.amount > 0
          ? msg(str`Cash in: ${m.reason} (device ${m.deviceNumber})`)
          : msg(str`Cash out: ${m.reason} (device ${m.deviceNumber})`),
        signedMoney(m.amount, currency),
      ),
    ),
    row(msg('Expected cash'), money(cash.expected), 'total'),
    ...(cash.counted === null
      ? []
      : [
          row(msg('Counted cash'), money(cash.counted)),
          row(
            msg('Difference'),
            signedMoney(cash.difference ?? cash.counted - cash.expected, currency),
            'difference',
          ),
        ]),
    ...(cash.note
      ? [
          html`<tr class="note">
            <td colspan="2">${msg(str`Note: ${cash.note}`)}</td>
          </tr>`,
        ]
      : []),
  ]);
}
