import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { ordersText, waitingText } from './admin-counts.js';
import { formatAge, formatDateTime, formatMoney, formatNumber, isOne } from './admin-format.js';
import type { Words } from './admin-errors.js';
import type { SessionListItem, SessionSummary, SummaryDevice } from './admin-types.js';
import { deviceLabel } from './device-name.js';

/**
 * What the close confirmation says before a session is closed: its orders and total, and what
 * each device last reported it still holds (its name, pending and held orders, when it last
 * checked and how long ago, at `nowMs`), with the devices that went silent. `summaryError` stands in for a summary that could not be read.
 */
export function closeDetails(
  session: SessionListItem,
  summary: SessionSummary | null,
  summaryError: Words | null,
  currency: string,
  nowMs: number,
) {
  const totals = html`<p>
    ${msg(str`${ordersText(session.orderCount)} received, ${formatMoney(session.amountTotal, currency)}.`)}
  </p>`;
  if (!summary)
    return html`${totals}
      <p class="error">${msg(str`What the devices hold is unknown: ${summaryError?.() ?? ''}`)}</p>`;
  const waiting = summary.held + summary.pending;
  const silent = summary.silentDevices ?? 0;
  return html`${totals}
    <p class=${waiting > 0 ? 'error' : ''}>
      ${
        waiting > 0
          ? msg(
              str`Devices still hold ${waitingText(summary.pending, summary.held)} of this session (their last reports, read again every 10 s).`,
            )
          : silent > 0
            ? msg('The devices that reported have no orders left to send.')
            : msg('No device reported orders left to send.')
      }
    </p>
    ${silent > 0 ? html`<p class="error">${silentText(silent)}</p>` : nothing}
    ${
      summary.devices.length > 0
        ? html`<ul class="devices">
            ${summary.devices.map((d) => html`<li>${deviceLine(d, nowMs)}</li>`)}
          </ul>`
        : nothing
    }
    <p class="hint">
      ${msg('Orders not sent when the session closes stay on their tablet as held orders until a manager rescues them.')}
    </p>`;
}

/** The sentence about devices that did not report for two check intervals. */
function silentText(count: number): string {
  const n = formatNumber(count);
  return isOne(count)
    ? msg(
        str`${n} device did not report for more than two check intervals (offline?): sales made there may not have reached the server. Whatever a tablet still holds waits on it for a rescue.`,
      )
    : msg(
        str`${n} devices did not report for more than two check intervals (offline?): sales made there may not have reached the server. Whatever a tablet still holds waits on it for a rescue.`,
      );
}

/** One device's line: "Bar left: 2 pending, 0 held, last seen 3/12/25, 2:05 PM (12 s ago)", or that it has no report. */
export function deviceLine(d: SummaryDevice, nowMs: number): string {
  const name = deviceLabel(d);
  if (d.lastSeenAt === null) {
    return d.silent
      ? msg(str`${name}: no report this session (silent)`)
      : msg(str`${name}: no report this session`);
  }
  const seen = formatDateTime(d.lastSeenAt);
  const age = formatAge(d.lastSeenAt, nowMs) ?? '';
  const pending = d.pending ?? 0;
  const held = d.held ?? 0;
  return d.silent
    ? msg(str`${name}: ${pending} pending, ${held} held, last seen ${seen} (${age}, silent)`)
    : msg(str`${name}: ${pending} pending, ${held} held, last seen ${seen} (${age})`);
}
