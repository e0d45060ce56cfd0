// The shape tcp and ssl share: resolve the target through the guard, open a socket to the checked
// address, and end on its result, its error or the deadline, whichever comes first.
import type { Socket } from "node:net";
import { deadline, describeError, down, socketFinisher, type ProbeResult } from "./result.ts";
import { resolveTarget } from "./target-guard.ts";

/** `open` connects to `address` and calls `finish` with the result; errors and the deadline are handled here. */
export async function socketProbe(
  /** startedAt: when the check began, if a step came before this one (the timeout counts from then) */
  target: { host: string; port: number; timeoutMs: number; startedAt?: number },
  signal: AbortSignal | undefined,
  open: (address: string, finish: (result: ProbeResult) => void, startedAt: number) => Socket,
): Promise<ProbeResult> {
  const startedAt = target.startedAt ?? performance.now();
  const limit = deadline(target.timeoutMs, signal, performance.now() - startedAt);
  const resolved = await resolveTarget(target.host, target.port, limit);
  if ("failure" in resolved) return down(startedAt, resolved.failure);
  return new Promise((resolve) => {
    // events fire on a later tick, so `finish` is set before any of them can call it
    let finish: (result: ProbeResult) => void = () => {};
    const socket = open(resolved.address, (result) => finish(result), startedAt);
    finish = socketFinisher(socket, limit, startedAt, resolve);
    socket.once("error", (error) => finish(down(startedAt, describeError(error))));
  });
}
