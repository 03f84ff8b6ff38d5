import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { Id } from '../domain/ids.js';
import { formatDateTime, formatMoney, formatNumber, stateLabel } from './admin-format.js';
import type { PosConfig, SessionListItem } from './admin-types.js';
import { reportHash } from './admin-route.js';

/**
 * The sessions of `config`, newest first: each one's name (the button that shows its orders,
 * pressed for `selectedId`), state, opening and closing times, order count and total, and the
 * link to its Report page (X while it runs, Z once closed); a line
 * saying there are none yet when the list is empty. `onSelect` gets the session chosen.
 */
export function sessionsTable(
  sessions: readonly SessionListItem[],
  config: PosConfig,
  selectedId: Id | null,
  onSelect: (session: SessionListItem) => void,
) {
  if (sessions.length === 0) return html`<p>${msg('No sessions yet.')}</p>`;
  // The session's name is the button that shows its orders: first in the row, so a phone that
  // scrolls the table sideways still shows it.
  return html`<p class="hint">${msg('Choose a session to see its orders.')}</p>
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">
          ${msg(str`Sessions of ${config.name}, newest first`)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${msg('Session')}</th>
            <th scope="col">${msg('State')}</th>
            <th scope="col">${msg('Opened')}</th>
            <th scope="col">${msg('Closed')}</th>
            <th scope="col" class="amount">${msg('Orders')}</th>
            <th scope="col" class="amount">${msg('Total')}</th>
            <th scope="col">${msg('Report')}</th>
          </tr>
        </thead>
        <tbody>
          ${sessions.map((s) => {
            const selected = String(s.id) === String(selectedId);
            return html`<tr aria-current=${selected ? 'true' : 'false'}>
              <th scope="row">
                <button
                  type="button"
                  class="session-name"
                  aria-pressed=${selected ? 'true' : 'false'}
                  @click=${() => onSelect(s)}
                >
                  ${s.name}
                </button>
              </th>
              <td><span class="badge ${s.state}">${stateLabel(s.state)}</span></td>
              <td>${formatDateTime(s.openedAt)}</td>
              <td>${formatDateTime(s.closedAt)}</td>
              <td class="amount">${formatNumber(s.orderCount)}</td>
              <td class="amount">${formatMoney(s.amountTotal, config.currency)}</td>
              <td>
                <a
                  href=${reportHash(s.id)}
                  aria-label=${s.state === 'closed' ? msg(str`Z report of ${s.name}`) : msg(str`X report of ${s.name}`)}
                  >${s.state === 'closed' ? msg('Z report') : msg('X report')}</a
                >
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}
