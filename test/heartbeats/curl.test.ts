// A real client: the curl line users paste into crontab, run in a loop against a live server.
import { beforeAll, expect, test } from "bun:test";
import { useServer } from "../support/server.ts";
import { createHeartbeat, monitorOf, pulsesOf } from "./support.ts";

const server = useServer();
let key: string;
beforeAll(async () => {
  key = await server.adminKey();
});

/** curl's exit code (the server runs in this process, so the client must not block it). */
const curl = (...args: string[]) => Bun.spawn(["curl", "-fsS", "-m", "10", ...args], { stdout: "ignore", stderr: "ignore" }).exited;

test("a curl loop's pings are all stored and the monitor is up", async () => {
  const monitor = await createHeartbeat(server, key);
  const url = `http://127.0.0.1:${server.port}/ping/${monitor.ping_token}`;
  const script = `for i in $(seq 1 20); do curl -fsS -m 10 --retry 3 "${url}" || exit 1; echo; done`;
  const run = Bun.spawn(["sh", "-c", script], { stdout: "pipe", stderr: "pipe" });
  const [code, out] = await Promise.all([run.exited, new Response(run.stdout).text()]);
  expect(code).toBe(0);
  expect(out.trim().split("\n")).toEqual(Array(20).fill("OK"));
  const pulses = await pulsesOf(server, key, monitor.id);
  expect(pulses).toHaveLength(20);
  expect(pulses.every((p) => p.type === "success" && p.user_agent.startsWith("curl/"))).toBe(true);
  expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
});

test("curl -f fails on an unknown token and posts a job's output with --data-binary", async () => {
  expect(await curl(`${server.base}/ping/not-a-token`)).toBe(22);
  const monitor = await createHeartbeat(server, key);
  expect(await curl("--data-binary", "rsync: 42 files", `${server.base}/ping/${monitor.ping_token}/0`)).toBe(0);
  expect((await pulsesOf(server, key, monitor.id))[0]).toMatchObject({ type: "success", exit_code: 0, body: "rsync: 42 files" });
});

test("the crontab story in real time: pinged, up; the job stops; down one period + grace later", async () => {
  const monitor = await createHeartbeat(server, key, { interval_seconds: 10, grace_seconds: 0 });
  expect(await curl(`http://127.0.0.1:${server.port}/ping/${monitor.ping_token}`)).toBe(0);
  const pinged = await monitorOf(server, key, monitor.id);
  expect(pinged.status).toBe("up");
  const deadline = Date.parse((pinged as any).last_checked_at) + 10_000;
  await Bun.sleep(deadline - 1000 - Date.now());
  expect((await monitorOf(server, key, monitor.id)).status).toBe("up");
  // DESIGN.md: an overdue heartbeat turns down within 1 s of its deadline (plus slack for a busy test machine)
  let current = await monitorOf(server, key, monitor.id);
  while (current.status === "up" && Date.now() < deadline + 1500) {
    await Bun.sleep(50);
    current = await monitorOf(server, key, monitor.id);
  }
  expect(current).toMatchObject({ status: "down", status_reason: "timeout" });
}, 20_000);
