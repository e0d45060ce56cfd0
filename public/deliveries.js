// The delivery log as a table, on the monitor page and on each channel's page: what was sent, and for every alert
// not sent, why, in plain words (the why-not log); each attempt with what the provider answered.
import { api } from "./api.js";
import { esc, timeCell } from "./dom.js";

/** The log's reason codes (docs/alerts.md, "The why-not log") in words. */
const REASONS = {
  maintenance: "held back: a maintenance window covered the monitor",
  dependency: "held back: a monitor it depends on was down",
  flapping: "held back: the monitor was flapping; its state goes out once when it is stable",
  quiet_hours: "held for the channel's quiet hours; sent in one digest when they end",
  grouped: "sent inside one grouped message with other monitors' changes",
  rate_limited: "the channel's rate limit folded it into a summary message",
  channel_disabled: "not sent: the channel was disabled first",
};

export function reasonText(reason) {
  if (!reason) return "";
  if (REASONS[reason]) return REASONS[reason];
  if (reason.startsWith("rate limit")) return `${REASONS.rate_limited} (${reason})`;
  return reason;
}

export const attemptText = (a) => `${a.result}${a.error ? `: ${a.error}` : ""} (${a.duration_ms} ms)`;

/** `about(d)`: the cell naming the other side (the channel on a monitor's log, the monitor on a channel's). */
export function deliveriesHtml(deliveries, { titleId, about }) {
  if (!deliveries.length) return "<p>Nothing sent or held back yet.</p>";
  const row = (d) => `<tr><td>${timeCell(d.created_at)}</td><td>${esc(d.event)}</td><td>${about.cell(d)}</td>
<td><span class="state ${esc(d.state)}">${esc(d.state)}</span>${d.reason ? `<div class="why">${esc(reasonText(d.reason))}</div>` : ""}</td>
<td>${d.attempts.map((a) => `${timeCell(a.at)} ${esc(attemptText(a))}`).join("<br>") || "—"}</td></tr>`;
  return `<div class="table-wrap"><table class="deliveries" aria-labelledby="${esc(titleId)}"><thead><tr>
<th scope="col">When</th><th scope="col">Event</th><th scope="col">${esc(about.heading)}</th><th scope="col">State and why</th><th scope="col">Attempts and answers</th>
</tr></thead><tbody>${deliveries.map(row).join("")}</tbody></table></div>`;
}

/** The monitor page's panel: its log, each row naming the channel. */
export async function monitorDeliveriesHtml(monitorId) {
  const [{ data }, { data: channels }] = await Promise.all([api("GET", `monitors/${monitorId}/deliveries?limit=50`), api("GET", "channels?limit=1000")]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const cell = (d) => `<a href="#/channel/${esc(d.channel_id)}">${esc(names.get(d.channel_id) ?? "a channel")}</a>`;
  return `<h2 id="deliveries-title">Delivery log</h2>${deliveriesHtml(data, { titleId: "deliveries-title", about: { heading: "Channel", cell } })}`;
}
