import { minorToDecimal } from '../../src/domain/currency.js';
import type { SessionReport } from '../../src/domain/report.js';
import { basisPointsToPercent } from '../catalog/products-csv-cells.js';
import { csvText } from '../orders-csv.js';

/**
 * A session's report as a CSV file an accountant can open: one section per part of the report,
 * each a title line (`report`, `sales`, `payments`, `refunds`, `taxes`, `devices`, `cash`,
 * `cash_moves`, `rescued`), a header line and its rows, an empty line between sections. `sales`
 * and `payments` are the sales' alone; `refunds` gives the refunds' count, total and tax (0 or
 * less), the net (sales + refunds), then what each method paid back; `taxes` are net. Money as decimals of
 * the config's currency ("4.50"), tax rates in percent ("5.5"). `cash` and `cash_moves` only under
 * cash control (`report.cash` not null); an empty count, difference or note is an empty field.
 */
export function reportCsv(report: SessionReport): string {
  const money = (minor: number) => minorToDecimal(minor, report.config.currency);
  const maybe = (minor: number | null) => (minor === null ? '' : money(minor));
  const sections: string[][][] = [
    [
      ['report'],
      ['kind', 'session', 'state', 'opened_at', 'closed_at', 'config', 'currency', 'generated_at'],
      [
        report.kind,
        report.session.name,
        report.session.state,
        report.session.openedAt ?? '',
        report.session.closedAt ?? '',
        report.config.name,
        report.config.currency,
        report.generatedAt,
      ],
    ],
    [
      ['sales'],
      ['orders', 'first_reference', 'last_reference', 'total', 'tax', 'discounts', 'change'],
      [
        String(report.orders.count),
        report.orders.firstReference ?? '',
        report.orders.lastReference ?? '',
        money(report.sales.amountTotal),
        money(report.sales.amountTax),
        money(report.sales.discounts),
        money(report.change),
      ],
    ],
    [
      ['payments'],
      ['method', 'count', 'amount'],
      ...report.payments.map((p) => [p.method, String(p.count), money(p.amount)]),
    ],
    [
      ['refunds'],
      ['refunds', 'total', 'tax', 'net_total'],
      [
        String(report.refunds.count),
        money(report.refunds.amountTotal),
        money(report.refunds.amountTax),
        money(report.sales.amountTotal + report.refunds.amountTotal),
      ],
      ['method', 'count', 'amount'],
      ...report.refunds.payments.map((p) => [p.method, String(p.count), money(p.amount)]),
    ],
    [
      ['taxes'],
      ['tax_rate', 'base', 'tax'],
      ...report.taxes.map((t) => [basisPointsToPercent(t.taxRate), money(t.base), money(t.tax)]),
    ],
    [
      ['devices'],
      ['device', 'orders', 'total'],
      ...report.devices.map((d) => [String(d.deviceNumber), String(d.count), money(d.amountTotal)]),
    ],
  ];
  const { cash } = report;
  if (cash)
    sections.push(
      [
        ['cash'],
        ['opening', 'payments', 'change', 'refunds', 'moves', 'expected', 'counted', 'difference', 'note'],
        [
          money(cash.opening),
          money(cash.payments),
          money(cash.change),
          money(cash.refunds),
          money(cash.moves.reduce((sum, m) => sum + m.amount, 0)),
          money(cash.expected),
          maybe(cash.counted),
          maybe(cash.difference),
          cash.note ?? '',
        ],
      ],
      [
        ['cash_moves'],
        ['created_at', 'device', 'amount', 'reason'],
        ...cash.moves.map((m) => [m.createdAt, String(m.deviceNumber), money(m.amount), m.reason]),
      ],
    );
  sections.push([
    ['rescued'],
    ['orders', 'total'],
    [String(report.rescued.count), money(report.rescued.amountTotal)],
  ]);
  return csvText(sections.flatMap((section, index) => (index === 0 ? section : [[], ...section])));
}
