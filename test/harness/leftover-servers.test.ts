// A test run leaves no PostgreSQL, MariaDB or Redis behind, however it ends: each case runs a `bun test` of a file
// that starts one of each (as test/support does for the tests) and never removes them, then ends that run its own way.
import { expect, test } from "bun:test";
import { existsSync, readlinkSync, rmSync } from "node:fs";
import { join } from "node:path";

const FIXTURE = join(import.meta.dir, "starts-servers.fixture.ts");

type Servers = Record<string, { dir: string; pid: number }>;

/** The fixture's run, once its servers are up: each server's dir and pid. */
async function runUntilStarted(end: string) {
  const run = Bun.spawn([process.execPath, "test", FIXTURE], {
    env: { ...process.env, UPBEAT_FIXTURE_END: end }, stdout: "pipe", stderr: "pipe",
  });
  const reader = run.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    output += read.value;
    const started = /STARTED (.+)\n/.exec(output);
    if (started) return { run, servers: JSON.parse(started[1]!) as Servers };
  }
  throw new Error(`the fixture ended before its servers started: ${output}${await new Response(run.stderr).text()}`);
}

/** The server is still running: its pid works in its dir (a pid reused since would work elsewhere, a dead one nowhere). */
const running = ({ dir, pid }: Servers[string]) => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
  } catch {
    return false;
  }
};

const left = (server: Servers[string]) => ({ running: running(server), dirKept: existsSync(server.dir) });

async function expectNoServerLeft(servers: Servers) {
  const all = Object.values(servers);
  const until = Date.now() + 45_000;
  while (all.some((server) => running(server) || existsSync(server.dir)) && Date.now() < until) await Bun.sleep(200);
  const found = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, left(server)]));
  for (const server of all) {
    if (running(server)) process.kill(server.pid, "SIGKILL"); // a failing case cleans up the servers it made
    rmSync(server.dir, { recursive: true, force: true });
  }
  const none = { running: false, dirKept: false };
  expect(found).toEqual({ postgres: none, mariadb: none, redis: none });
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`a run killed with ${signal} (as a timeout kills it) leaves no server`, async () => {
    const { run, servers } = await runUntilStarted("killed");
    expect(Object.values(servers).map(running)).toEqual([true, true, true]);
    run.kill(signal);
    await run.exited;
    await expectNoServerLeft(servers);
  }, 150_000);
}

test("a run whose test calls process.exit, so no afterAll runs, leaves no server", async () => {
  const { run, servers } = await runUntilStarted("exit");
  expect(await run.exited).toBe(3);
  await expectNoServerLeft(servers);
}, 150_000);

test("a run whose test fails with no afterAll to remove its servers leaves none", async () => {
  const { run, servers } = await runUntilStarted("throw");
  expect(await run.exited).toBe(1);
  await expectNoServerLeft(servers);
}, 150_000);
