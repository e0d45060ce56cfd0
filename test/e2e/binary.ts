// Helpers for driving the compiled executable: build it once per test run, copy it alone, start and stop it.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ADMIN } from "../support/server.ts";

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

/** How long a beforeAll may take when it is the one that builds the binary. */
export const BUILD_TIMEOUT_MS = 180_000;

/** The binary copied alone, an empty data folder, and a server environment on a free port with the test admin. */
export function binaryWithData(extra: Record<string, string> = {}) {
  const binary = copyAlone(buildOnce());
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-data-"));
  const env: Record<string, string> = {
    UPBEAT_PORT: String(freePort()), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
    UPBEAT_ADMIN_EMAIL: ADMIN.email, UPBEAT_ADMIN_PASSWORD: ADMIN.password, ...extra,
  };
  return {
    binary, dataDir, env,
    remove() {
      rmSync(dirname(binary), { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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

/** upbeat started from its sources, as `npx bun src/main.ts` does; usable wherever a binary path is. */
export const FROM_SOURCE = [process.execPath, join(REPO, "src/main.ts")];

/** `command` is the binary's path, or FROM_SOURCE */
export function runCommand(command: string | string[], args: string[], env: Record<string, string>, cwd?: string): CommandResult {
  const result = Bun.spawnSync([command, ...args].flat(), { env: cleanEnv(env), cwd, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

export interface RunningBinary {
  base: string;
  process: Bun.Subprocess<"ignore", "pipe", "pipe">;
  /** everything written to stdout so far */
  output(): string;
  /** everything written to stderr so far */
  errors(): string;
  /** SIGTERM, then the exit code and the rest of the output */
  stop(): Promise<{ exitCode: number | null; signal: Bun.Subprocess["signalCode"]; stdout: string; stderr: string }>;
}

const START_TIMEOUT_MS = 15_000;

/** Collects a stream's text as it arrives; `done` resolves at its end. */
function collect(stream: ReadableStream<Uint8Array>): { text(): string; done: Promise<void> } {
  let text = "";
  const decoder = new TextDecoder();
  const done = (async () => {
    const reader = stream.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  })();
  return { text: () => text, done };
}

/** Starts `upbeat serve` (in `cwd`, tmpdir by default) and resolves once it prints its listening line. */
export async function startBinary(command: string | string[], env: Record<string, string>, cwd = tmpdir()): Promise<RunningBinary> {
  const child = Bun.spawn([command].flat(), { env: cleanEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe", cwd });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);

  const deadline = Date.now() + START_TIMEOUT_MS;
  let match: RegExpExecArray | null = null;
  while (!(match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout.text()))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      await Promise.all([stdout.done, stderr.done]);
      throw new Error(`upbeat did not start (exit ${child.exitCode}):\n${stdout.text()}\n${stderr.text()}`);
    }
    await Bun.sleep(20);
  }
  return {
    base: `http://127.0.0.1:${match[1]}`,
    process: child,
    output: stdout.text,
    errors: stderr.text,
    async stop() {
      child.kill("SIGTERM");
      await child.exited;
      await Promise.all([stdout.done, stderr.done]);
      return { exitCode: child.exitCode, signal: child.signalCode, stdout: stdout.text(), stderr: stderr.text() };
    },
  };
}
