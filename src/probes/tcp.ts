// TCP probe: up when a connection to host:port opens within the timeout.
import { connect } from "node:net";
import * as v from "valibot";
import { splitHostPort } from "./hosts.ts";
import { defineKind, trimmed, unusable } from "./kind.ts";
import { up, type ProbeResult } from "./result.ts";
import { socketProbe } from "./socket-probe.ts";
import { allowedTarget } from "./target-guard.ts";

export interface TcpProbeOptions {
  host: string;
  port: number;
  timeoutMs: number;
}

export function probeTcp(options: TcpProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  return socketProbe(options, signal, (address, finish, startedAt) =>
    connect({ host: address, port: options.port }).once("connect", () => finish(up(startedAt))));
}

export const tcpKind = defineKind({
  name: "tcp",
  label: "tcp — a port answers",
  target: { schema: trimmed(v.check((s) => splitHostPort(s) !== null, "must be host:port, e.g. db.lan:5432"), allowedTarget(splitHostPort)), label: "Host and port", example: "db.lan:5432" },
  settings: {},
  check: ({ url, timeoutMs }) => {
    const target = splitHostPort(url);
    if (!target) return unusable(`not a host:port: ${url}`);
    const options = { ...target, timeoutMs };
    return (signal) => probeTcp(options, signal);
  },
});
