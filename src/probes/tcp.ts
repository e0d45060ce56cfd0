// TCP probe: up when a connection to host:port opens within the timeout.
import { connect } from "node:net";
import * as v from "valibot";
import { splitHostPort } from "./hosts.ts";
import { defineKind, trimmed, unusable } from "./kind.ts";
import { deadline, describeError, down, socketFinisher, up, type ProbeResult } from "./result.ts";
import { allowedTarget, resolveTarget } from "./target-guard.ts";

export interface TcpProbeOptions {
  host: string;
  port: number;
  timeoutMs: number;
}

export async function probeTcp(options: TcpProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const target = await resolveTarget(options.host, options.port, limit);
  if ("failure" in target) return down(startedAt, target.failure);
  if (limit.signal.aborted) return down(startedAt, limit.reason());
  return new Promise((resolve) => {
    const socket = connect({ host: target.address, port: options.port });
    const finish = socketFinisher(socket, limit, startedAt, resolve);
    socket.once("connect", () => finish(up(startedAt)));
    socket.once("error", (error) => finish(down(startedAt, describeError(error))));
  });
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
