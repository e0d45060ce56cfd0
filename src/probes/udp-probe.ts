// The shape udp and a2s share: resolve the target through the guard, open a connected datagram socket (so a closed
// port's ICMP answer arrives as "connection refused"), exchange datagrams, and close on the result or the deadline.
import type { Socket } from "node:dgram";
import { nodeDgram } from "../node-builtins.ts";
import { isIP } from "node:net";
import { deadline, describeError, down, socketFinisher, type ProbeResult } from "./result.ts";
import { resolveTarget } from "./target-guard.ts";

export interface Exchange {
  send(datagram: Uint8Array): void;
  finish(result: ProbeResult): void;
  startedAt: number;
}

/** `start` sends the first datagram and returns what to do with each reply; errors and the deadline are handled here. */
export async function udpProbe(
  target: { host: string; port: number; timeoutMs: number },
  signal: AbortSignal | undefined,
  start: (exchange: Exchange) => (reply: Buffer) => void,
): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(target.timeoutMs, signal);
  const resolved = await resolveTarget(target.host, target.port, limit);
  if ("failure" in resolved) return down(startedAt, resolved.failure);
  return new Promise((resolve) => {
    const socket: Socket = nodeDgram().createSocket(isIP(resolved.address) === 6 ? "udp6" : "udp4");
    const finish = socketFinisher({ destroy: () => closeQuietly(socket) }, limit, startedAt, resolve);
    let onReply: (reply: Buffer) => void = () => {};
    socket.on("error", (error) => finish(down(startedAt, describeError(error))));
    socket.on("message", (reply) => onReply(reply));
    socket.connect(target.port, resolved.address, () => {
      onReply = start({ send: (datagram) => socket.send(datagram), finish, startedAt });
    });
  });
}

/** A socket closed twice (result, then deadline) throws; once is enough. */
function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
