// Heartbeat fixtures: a monitor made through the API, its pulses, and its stored status changes.
import { json } from "../support/http.ts";
import type { TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

export interface Heartbeat {
  id: string;
  ping_token: string;
  url: string;
  status: string;
  status_reason: string | null;
}

export async function createHeartbeat(server: TestServer, key: string, fields: Record<string, unknown> = {}): Promise<Heartbeat> {
  const response = await server.call("POST", "/api/v1/monitors", {
    auth: key,
    body: { name: "nightly backup", kind: "heartbeat", interval_seconds: 60, grace_seconds: 30, ...fields },
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return json<Heartbeat>(response);
}

export async function monitorOf(server: TestServer, key: string, id: string): Promise<Heartbeat> {
  return json<Heartbeat>(await server.call("GET", `/api/v1/monitors/${id}`, { auth: key }));
}

export async function pulsesOf(server: TestServer, key: string, id: string, limit = 100): Promise<any[]> {
  const response = await server.call("GET", `/api/v1/monitors/${id}/pulses?limit=${limit}`, { auth: key });
  if (response.status !== 200) throw new Error(`pulses failed: ${response.status}`);
  return json<any[]>(response);
}

/** Status changes as stored (read from the server's store, as another process would), oldest first. */
export function eventsOf(server: TestServer, id: string): { from_status: string; to_status: string; reason: string | null }[] {
  return openStoreOf(server).store.events.since(id, 0)
    .map((event) => ({ from_status: event.fromStatus, to_status: event.toStatus, reason: event.reason }));
}

/** Polls until `check` passes or `timeoutMs` runs out; returns the last value. */
export async function waitFor<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await Bun.sleep(25);
    value = await read();
  }
  return value;
}
