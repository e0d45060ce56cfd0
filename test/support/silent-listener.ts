// A TCP listener on 127.0.0.1 (or a unix socket) that accepts and never answers: the timeout case of every probe,
// counting the connections still open so a test can show the probe closed its socket after the timeout.
import { createServer, type Socket } from "node:net";

export interface SilentListener {
  port: number;
  /** connections the far side has not closed yet */
  open(): number;
  /** resolves once every connection is closed (or rejects after `withinMs`) */
  allClosed(withinMs?: number): Promise<void>;
  stop(): void;
}

export async function silentListener(path?: string): Promise<SilentListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    // reads (and drops) what comes, so the far side's close is seen
    socket.resume();
  });
  await new Promise<void>((resolve) => (path ? server.listen(path, resolve) : server.listen(0, "127.0.0.1", resolve)));
  return {
    port: path ? 0 : (server.address() as { port: number }).port,
    open: () => sockets.size,
    async allClosed(withinMs = 1000) {
      for (const until = Date.now() + withinMs; sockets.size > 0; await Bun.sleep(10)) {
        if (Date.now() > until) throw new Error(`${sockets.size} connection(s) still open`);
      }
    },
    stop() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
