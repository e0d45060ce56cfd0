// Helpers for driving the compiled executable: build it once per test run, copy it alone, start and stop it.
import { chmodSync, copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REPO = new URL("../../", import.meta.url).pathname;
const DIST_BINARY = join(REPO, "dist/upbeat");
/** set in this process once the build ran, so every test file of one `bun test` run reuses it */
const BUILT_MARK = "UPBEAT_TEST_BINARY_BUILT";

/** `npm run build` once per test run; later callers reuse dist/upbeat. */
export function buildOnce(): string {
  if (process.env[BUILT_MARK] === DIST_BINARY && existsSync(DIST_BINARY)) return DIST_BINARY;
  const build = Bun.spawnSync([process.execPath, "run", "scripts/build.ts"], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  process.env[BUILT_MARK] = DIST_BINARY;
  return DIST_BINARY;
}

/** A fresh folder holding nothing but a copy of the executable (no node_modules, no sources). */
export function copyAlone(binary: string): string {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-bin-"));
  const copy = join(dir, "upbeat");
  copyFileSync(binary, copy);
  chmodSync(copy, 0o755);
  return copy;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Only what the binary needs: no inherited UPBEAT_* from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...extra };
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runCommand(binary: string, args: string[], env: Record<string, string>, cwd?: string): CommandResult {
  const result = Bun.spawnSync([binary, ...args], { env: cleanEnv(env), cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

export interface RunningBinary {
  base: string;
  process: Bun.Subprocess<"ignore", "pipe", "pipe">;
  /** everything written to stdout so far */
  output(): string;
  /** SIGTERM, then the exit code and the rest of the output */
  stop(): Promise<{ exitCode: number | null; signal: Bun.Subprocess["signalCode"]; stdout: string; stderr: string }>;
}

const START_TIMEOUT_MS = 15_000;

/** Starts `upbeat serve` and resolves once it prints its listening line. */
export async function startBinary(binary: string, env: Record<string, string>): Promise<RunningBinary> {
  const child = Bun.spawn([binary], { env: cleanEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe", cwd: tmpdir() });
  let stdout = "";
  const stderrText = new Response(child.stderr).text();
  const reading = (async () => {
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) stdout += decoder.decode(chunk.value, { stream: true });
  })();

  const deadline = Date.now() + START_TIMEOUT_MS;
  let match: RegExpExecArray | null = null;
  while (!(match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`upbeat did not start (exit ${child.exitCode}):\n${stdout}\n${await stderrText}`);
    }
    await Bun.sleep(20);
  }
  return {
    base: `http://127.0.0.1:${match[1]}`,
    process: child,
    output: () => stdout,
    async stop() {
      child.kill("SIGTERM");
      await child.exited;
      await reading;
      return { exitCode: child.exitCode, signal: child.signalCode, stdout, stderr: await stderrText };
    },
  };
}
