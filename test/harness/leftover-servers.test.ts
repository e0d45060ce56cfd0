// A test run leaves no PostgreSQL behind, however it ends: each case runs a `bun test` of a file that starts one
// (as test/support/postgres.ts does for every test) and never removes it, then ends that run its own way.
import { expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const FIXTURE = join(import.meta.dir, "starts-postgres.fixture.ts");

/** The fixture's run, once its server is up: the server's data dir and postmaster pid. */
async function runUntilStarted(end: string) {
  const run = Bun.spawn([process.execPath, "test", FIXTURE], {
    env: { ...process.env, UPBEAT_FIXTURE_END: end }, stdout: "pipe", stderr: "pipe",
  });
  const reader = run.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    output += read.value;
    const started = /STARTED (\S+) (\d+)/.exec(output);
    if (started) return { run, dataDir: started[1]!, postmasterPid: Number(started[2]) };
  }
  throw new Error(`the fixture ended before its server started: ${output}${await new Response(run.stderr).text()}`);
}

/** The postmaster of `dataDir` is still running (its pid, if reused since, would name another command line). */
const running = (pid: number, dataDir: string) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dataDir);
  } catch {
    return false;
  }
};

async function expectNoServerLeft(dataDir: string, postmasterPid: number) {
  const serverDir = join(dataDir, "..");
  const until = Date.now() + 45_000;
  while ((running(postmasterPid, dataDir) || existsSync(serverDir)) && Date.now() < until) await Bun.sleep(200);
  const left = { running: running(postmasterPid, dataDir), dirKept: existsSync(serverDir) };
  if (left.running) process.kill(postmasterPid, "SIGQUIT"); // a failing case cleans up the one server it made
  if (left.dirKept) rmSync(serverDir, { recursive: true, force: true });
  expect(left).toEqual({ running: false, dirKept: false });
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`a run killed with ${signal} (as a timeout kills it) leaves no server`, async () => {
    const { run, dataDir, postmasterPid } = await runUntilStarted("killed");
    expect(running(postmasterPid, dataDir)).toBe(true);
    run.kill(signal);
    await run.exited;
    await expectNoServerLeft(dataDir, postmasterPid);
  }, 120_000);
}

test("a run whose test calls process.exit, so no afterAll runs, leaves no server", async () => {
  const { run, dataDir, postmasterPid } = await runUntilStarted("exit");
  expect(await run.exited).toBe(3);
  await expectNoServerLeft(dataDir, postmasterPid);
}, 120_000);

test("a run whose test fails with no afterAll to remove its server leaves none", async () => {
  const { run, dataDir, postmasterPid } = await runUntilStarted("throw");
  expect(await run.exited).toBe(1);
  await expectNoServerLeft(dataDir, postmasterPid);
}, 120_000);
