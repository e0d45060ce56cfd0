// The benchmark's targets, in their own process so their CPU is not counted: a tiny HTTP server on 127.0.0.1 and,
// with --mix, what the other kinds check (a WebSocket on the same server, UDP echo, Minecraft and A2S responders,
// a Docker Engine API on a unix socket). Prints the HTTP port, or with --mix one JSON line of every address.
import { createSocket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { a2sInfo, a2sResponder, minecraftResponder, minecraftStatus } from "../test/support/game-responders.ts";

const health = JSON.stringify({ status: "ok", checks: [{ ok: true }] });
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (request, srv) => (new URL(request.url).pathname === "/socket" && srv.upgrade(request) ? undefined : new Response(health)),
  websocket: { message: (ws, message) => void ws.send(message) },
});
if (!process.argv.includes("--mix")) {
  console.log(server.port);
} else {
  const echo = createSocket("udp4").on("message", (msg, from) => echo.send(msg, from.port, from.address));
  await new Promise<void>((resolve) => echo.bind(0, "127.0.0.1", resolve));
  const minecraft = await minecraftResponder(minecraftStatus({ version: { name: "1.21.4" }, players: { online: 3, max: 20 } }));
  const a2s = await a2sResponder(a2sInfo({ name: "bench", map: "de_dust2", game: "cs", players: 5, max: 16, bots: 0, version: "1.0" }));
  const dockerSocket = join(mkdtempSync(join(tmpdir(), "upbeat-bench-docker-")), "docker.sock");
  const running = JSON.stringify({ Name: "/web", Config: { Image: "nginx" }, State: { Status: "running", Running: true, StartedAt: new Date().toISOString() } });
  Bun.serve({ unix: dockerSocket, fetch: () => new Response(running, { headers: { "Content-Type": "application/json" } }) });
  console.log(JSON.stringify({ http: server.port, udp: echo.address().port, minecraft: minecraft.port, a2s: a2s.address().port, dockerSocket }));
}
