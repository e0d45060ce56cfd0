// `upbeat serve` restarts itself (same PID) with JavaScriptCore's memory options, however it was started;
// the short commands do not. Checked on the compiled binary and from the sources (npm start).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { JSC_OPTIONS } from "../../src/jsc-options.ts";
import { BUILD_TIMEOUT_MS, FROM_SOURCE, binaryWithData, runCommand, startBinary } from "./binary.ts";

/** What the kernel holds as the process's environment: what its last execve was given. */
function environOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]));
}

/** Generous: a busy box, but a server that ignored the signal would take far longer (or never stop). */
const PROMPT_STOP_MS = 10_000;

let setup: ReturnType<typeof binaryWithData>;
beforeAll(() => {
  setup = binaryWithData();
}, BUILD_TIMEOUT_MS);
afterAll(() => setup.remove());

describe("upbeat serve, started by hand", () => {
  for (const [how, command] of [["the binary", () => setup.binary], ["from source", () => FROM_SOURCE]] as const) {
    test(`${how}: keeps its PID, runs with the options, and stops on SIGTERM with exit 0`, async () => {
      const server = await startBinary([command(), "serve"].flat(), setup.env);
      try {
        expect(environOf(server.process.pid)).toMatchObject(JSC_OPTIONS);
        expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
      } finally {
        const startedAt = Date.now();
        const stopped = await server.stop();
        expect(stopped.exitCode).toBe(0);
        expect(stopped.signal).toBeNull();
        expect(Date.now() - startedAt).toBeLessThan(PROMPT_STOP_MS);
        expect(stopped.stderr).toBe("");
      }
    }, 30_000);
  }

  test("a user's own BUN_JSC_ value wins; JavaScriptCore gets it and ours", async () => {
    const own = String(128 * 1024 * 1024);
    // dumpOptions=1: JavaScriptCore lists the options it was started with, so this is what it read, not only the environment
    const server = await startBinary(setup.binary, { ...setup.env, BUN_JSC_forceRAMSize: own, BUN_JSC_dumpOptions: "1" });
    const environ = environOf(server.process.pid);
    const stopped = await server.stop();
    expect(environ).toMatchObject({ ...JSC_OPTIONS, BUN_JSC_forceRAMSize: own });
    expect(stopped.stdout + stopped.stderr).toContain(`forceRAMSize=${own}`);
    expect(stopped.stdout + stopped.stderr).toContain(`numberOfGCMarkers=${JSC_OPTIONS.BUN_JSC_numberOfGCMarkers}`);
  }, 30_000);
});

describe("the short commands", () => {
  for (const args of [["version"], ["help"], ["--version"]]) {
    test(`upbeat ${args.join(" ")} runs without restarting (JavaScriptCore's options untouched)`, () => {
      const result = runCommand(setup.binary, args, { BUN_JSC_dumpOptions: "1" });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("upbeat");
      expect(result.stdout + result.stderr).toContain("dumpOptions=1");
      expect(result.stdout + result.stderr).not.toContain("forceRAMSize");
    });
  }
});
