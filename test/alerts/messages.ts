// Alert messages for tests, built in code: a monitor that went down, and the same one back up.
import type { AlertMessage } from "../../src/alerts/message.ts";

export const BASE_URL = "https://upbeat.example.org";

export function downMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    id: "dlv_01",
    event: "down",
    monitor: { id: "mon_api", name: "API", kind: "http", url: "https://api.example.com/health", status: "down", project: "Shop", tags: ["prod"] },
    previous_status: "up",
    reason: "HTTP 503",
    at: "2026-03-01T13:05:09.000Z",
    started_at: "2026-03-01T13:05:09.000Z",
    duration_seconds: null,
    count: null,
    down_monitors: [
      { id: "mon_db", name: "Database", reason: "timeout after 10 s", started_at: "2026-03-01T13:00:00.000Z" },
      { id: "mon_cdn", name: "CDN", reason: "HTTP 502", started_at: "2026-03-01T13:01:00.000Z" },
    ],
    folded: [],
    time_zone: "Europe/Berlin",
    base_url: BASE_URL,
    ack_url: null,
    ...overrides,
  };
}

/** The same incident, resolved after 12 minutes. */
export function upMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  const down = downMessage();
  return downMessage({
    id: "dlv_02",
    event: "up",
    monitor: { ...down.monitor!, status: "up" },
    previous_status: "down",
    reason: null,
    at: "2026-03-01T13:17:09.000Z",
    duration_seconds: 720,
    ...overrides,
  });
}

/** `count` monitors down together (m0000, m0001, …) in one group message; every third one came back up. */
export function groupMessage(count: number): AlertMessage {
  const monitors = Array.from({ length: count }, (_, i) => ({
    id: `mon_${i}`, name: `m${String(i).padStart(4, "0")}`, status: "down" as "down" | "up", reason: "connection refused",
    down_at: "2026-03-01T13:05:09.000Z", up_at: null as string | null, unreachable: [], ack_url: null,
  }));
  return downMessage({ id: "dlv_group", event: "group", monitor: null, previous_status: null, reason: null, started_at: null, count, down_monitors: [], monitors });
}
