// Real database and cache servers from the Debian packages, run by the tests in temp dirs on free ports.
// Run as root (CI), they drop to the packages' own users: postgres refuses to run as root.
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

const isRoot = process.getuid?.() === 0;

/** A command run as `user` when the tests run as root, else as the tests' own user. */
export const asUser = (user: string, command: string[]): string[] => (isRoot ? ["runuser", "-u", user, "--", ...command] : command);

export interface ServerDir {
  path: string;
  /** who runs the server: `user` when the tests run as root, else the tests' own user */
  owner: string;
  /** writes a file only the owner may read (keys, passwords) and gives its path */
  write(name: string, text: string): string;
  remove(): void;
}

/** A fresh temp dir owned by the server's user and closed to others, as database servers want their data dirs. */
export function serverDir(user: string, prefix: string): ServerDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(path, 0o700);
  const id = (flag: string) => Number(Bun.spawnSync(["id", flag, user]).stdout.toString().trim());
  const [uid, gid] = isRoot ? [id("-u"), id("-g")] : [process.getuid!(), process.getgid!()];
  chownSync(path, uid, gid);
  return {
    path,
    owner: isRoot ? user : userInfo().username,
    write(name, text) {
      const file = join(path, name);
      writeFileSync(file, text, { mode: 0o600 });
      chownSync(file, uid, gid);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/**
 * Runs `stop` and removes `dir` once this process is gone, however it ends (afterAll skipped, a crash, SIGTERM from a
 * timeout, SIGKILL): a shell in its own session (so a signal to our process group spares it) blocks reading a pipe
 * whose only writer is this process, and the kernel closes that pipe when the process dies. `stop` is tried for up to
 * `retrySeconds`, for a server still starting when we died. `cancel()` ends the watch after a normal stop.
 */
export function stopWhenProcessEnds(dir: string, stop: string[], retrySeconds = 20): { cancel(): void } {
  const script = `read -r _; i=0; until "$@" >/dev/null 2>&1 || [ $i -ge ${retrySeconds} ]; do sleep 1; i=$((i+1)); done; rm -rf "$0"`;
  const watchdog = Bun.spawn(["setsid", "sh", "-c", script, dir, ...stop], { stdin: "pipe", stdout: "ignore", stderr: "ignore" });
  watchdog.unref();
  return { cancel: () => watchdog.kill() };
}

/** Runs a setup command to its end; its output goes into the error when it fails. */
export function runOrThrow(command: string[], env: Record<string, string> = {}): void {
  const run = Bun.spawnSync(command, { stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  if (run.exitCode !== 0) throw new Error(`${command.join(" ")} failed (${run.exitCode}): ${run.stderr.toString()}${run.stdout.toString()}`);
}

/** Waits until `ready()` holds, or fails after `timeoutMs` saying what did not start. */
export async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ready().catch(() => false)) return;
    await Bun.sleep(50);
  }
  throw new Error(`${what} did not start within ${timeoutMs} ms`);
}
