// The mix of monitors `bench/checks.ts --mix` runs: every checked kind in turn, in proportions a homelab might have
// (http the most, half of it with JSON assertions), each with the settings its kind stores.
import type { Kind } from "../src/probes/registry.ts";

export interface MixTargets {
  http: number;
  udp: number;
  minecraft: number;
  a2s: number;
  dockerSocket: string;
}

type Mixed = { kind: Kind; url: string | null; settings: Record<string, unknown> };

const SLOTS = ["http", "http-json", "http", "http-json", "tcp", "tcp", "udp", "websocket", "websocket", "docker", "docker", "minecraft", "a2s", "group"] as const;
/** how many of the monitors made before it a group lists */
const GROUP_SIZE = 5;

/** The i-th monitor of the mix; `earlier` holds the ids of those made before it (a group's children). */
export function mixedMonitor(i: number, t: MixTargets, earlier: string[]): Mixed {
  const slot = SLOTS[i % SLOTS.length]!;
  const http = { method: "GET", expected_status: "200-399", follow_redirects: true };
  switch (slot) {
    case "http": return { kind: "http", url: `http://127.0.0.1:${t.http}/m${i}`, settings: http };
    case "http-json": return {
      kind: "http", url: `http://127.0.0.1:${t.http}/m${i}`,
      settings: { ...http, assertions: [{ source: "json", path: "$.status", operator: "==", value: "ok" }, { source: "response_time_ms", path: null, operator: "<", value: 300 }] },
    };
    case "tcp": return { kind: "tcp", url: `127.0.0.1:${t.http}`, settings: {} };
    case "udp": return { kind: "udp", url: `127.0.0.1:${t.udp}`, settings: { payload: `m${i}`, assertions: [{ source: "body", path: null, operator: "==", value: `m${i}` }] } };
    case "websocket": return { kind: "websocket", url: `ws://127.0.0.1:${t.http}/socket`, settings: { message: "ping", assertions: [] } };
    case "docker": return { kind: "docker", url: "web", settings: { docker_host: `unix://${t.dockerSocket}` } };
    case "minecraft": return { kind: "minecraft", url: `127.0.0.1:${t.minecraft}`, settings: {} };
    case "a2s": return { kind: "a2s", url: `127.0.0.1:${t.a2s}`, settings: {} };
    case "group": return earlier.length > 0
      ? { kind: "group", url: null, settings: { children: earlier.slice(-GROUP_SIZE), down_when: "any" } }
      : { kind: "tcp", url: `127.0.0.1:${t.http}`, settings: {} };
  }
}
