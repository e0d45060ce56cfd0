// The compiled executable, copied alone into an empty folder, driven over HTTP and through its CLI.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { apiClient, type Call } from "../support/http.ts";
import { BUILD_TIMEOUT_MS, binaryWithData, freePort, REPO, runCommand, startBinary, type RunningBinary } from "./binary.ts";
import { addUserWithKey, driveMainFlow, expectMadeIntact } from "./main-flow.ts";


let binary: string;
let dataDir: string;
let env: Record<string, string>;
let server: RunningBinary;

/** What the first server run created, checked again after the restart. */
const made = { key: "", projectId: "", keptMonitorId: "", deletedMonitorId: "", opsKey: "", backup: "" };

/** The API of whichever server run is current. */
const api: Call = (method, path, options) => apiClient(server.base)(method, path, options);

let setup: ReturnType<typeof binaryWithData>;
beforeAll(() => {
  setup = binaryWithData();
  ({ binary, dataDir, env } = setup);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  if (server && server.process.exitCode === null && server.process.signalCode === null) await server.stop();
  setup.remove();
});

describe("the binary, serving", () => {
  test("starts from a folder that holds nothing but itself and answers /healthz", async () => {
    expect(readdirSync(dirname(binary))).toEqual(["upbeat"]);
    server = await startBinary(binary, env);
    expect(server.base).toBe(`http://127.0.0.1:${env.UPBEAT_PORT}`);
    const response = await api("GET", "/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", version: pkg.version });
  });

  test("drives login → API key → project → monitor → list → delete over HTTP", async () => {
    Object.assign(made, await driveMainFlow(api, server.base));
  });

  test("`upbeat healthcheck` exits 0 while the server answers", () => {
    const result = runCommand(binary, ["healthcheck"], env);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  test("`upbeat backup FILE` while the server runs makes a copy that opens and holds the data", () => {
    const target = (made.backup = join(dataDir, "backup-copy.db"));
    const result = runCommand(binary, ["backup", target], env);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
      expect(copy.query("SELECT name FROM projects WHERE id = ?").get(made.projectId)).toEqual({ name: "Homelab" });
      expect(copy.query("SELECT count(*) AS n FROM monitors WHERE project_id = ?").get(made.projectId)).toEqual({ n: 1 });
    } finally {
      copy.close();
    }
  });

  test("`upbeat backup FILE` refuses to overwrite an existing file", () => {
    const result = runCommand(binary, ["backup", join(dataDir, "backup-copy.db")], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("already exists");
  });

  test("`upbeat restore FILE` refuses to replace the database under the running server", () => {
    const result = runCommand(binary, ["restore", made.backup], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("stop upbeat first");
  });

  test("`upbeat user add` and `upbeat key create` make a user whose key works against the running server", async () => {
    made.opsKey = await addUserWithKey(binary, env, api);
  });

  test("SIGTERM stops it cleanly with exit code 0", async () => {
    const stopped = await server.stop();
    expect(stopped.signal).toBeNull();
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stderr).toBe("");
    expect(stopped.stdout).toContain("stopped");
    // a clean close leaves no write-ahead log behind
    expect(existsSync(join(dataDir, "upbeat.db-wal"))).toBe(false);
  });

  test("started again on the same data, the project, monitor and key are intact", async () => {
    server = await startBinary(binary, env);
    await expectMadeIntact(api, made);
    // the admin from the environment is not created a second time
    expect(server.output()).not.toContain("created admin");
    const stopped = await server.stop();
    expect(stopped.exitCode).toBe(0);
  });

  test("`upbeat restore FILE` with the server stopped brings back the backup's data", async () => {
    const restored = runCommand(binary, ["restore", made.backup], env);
    expect(restored.stderr).toBe("");
    expect(restored.exitCode).toBe(0);
    expect(readdirSync(dataDir).some((f) => f.startsWith("upbeat.db.before-restore-"))).toBe(true);

    server = await startBinary(binary, env);
    expect((await api("GET", `/api/v1/projects/${made.projectId}`, { auth: made.key })).status).toBe(200);
    // the user added after the backup is gone with it
    expect((await api("GET", "/api/v1/users/me", { auth: made.opsKey })).status).toBe(401);
    expect((await server.stop()).exitCode).toBe(0);
  });

  test("`upbeat restore FILE` refuses a file that is not an upbeat database", () => {
    const junk = join(dataDir, "junk.db");
    writeFileSync(junk, "not a database at all, just some text that is long enough to have a header");
    const result = runCommand(binary, ["restore", junk], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("not an upbeat backup");
  });
});

describe("the binary, refusing bad input", () => {
  test("a bad variable gives one line naming it on stderr, exit code 2, no stack trace", () => {
    const result = runCommand(binary, [], { ...env, UPBEAT_PORT: "abc" });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("UPBEAT_PORT");
    expect(result.stderr).not.toMatch(/\n\s+at |\.ts:\d+/);
  });

  test("an unwritable data dir names UPBEAT_DATA_DIR and exits 2", () => {
    const result = runCommand(binary, ["migrate"], { ...env, UPBEAT_DATA_DIR: "/proc/upbeat-cannot-be-here" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("UPBEAT_DATA_DIR");
  });

  test("an unknown command exits 2 with one line", () => {
    const result = runCommand(binary, ["frobnicate"], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('upbeat: unknown command "frobnicate"; run "upbeat help"');
  });

  test("an unknown option exits 2", () => {
    const result = runCommand(binary, ["serve", "--prot", "9000"], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe("upbeat: unknown option --prot");
  });

  test("an argument a command does not take exits 2 instead of being ignored", () => {
    const result = runCommand(binary, ["serve", "8080"], env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('upbeat: unexpected argument "8080" for "serve"; run "upbeat help"');
  });

  test("`upbeat healthcheck` exits 1 when nothing answers", () => {
    const result = runCommand(binary, ["healthcheck"], { ...env, UPBEAT_PORT: String(freePort()) });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("unhealthy");
  });
});

describe("the binary, describing itself", () => {
  test("`upbeat version` prints the package version and the commit it was built from", () => {
    const result = runCommand(binary, ["version"], {});
    expect(result.exitCode).toBe(0);
    const [, version, commit] = /^upbeat (\S+) \(([0-9a-f]{7,})(?:-dirty)?\)$/.exec(result.stdout.trim()) ?? [];
    expect(version).toBe(pkg.version);
    // others may commit while the suite runs, so the build's commit need only be in HEAD's history
    const inHistory = Bun.spawnSync(["git", "merge-base", "--is-ancestor", commit ?? "none", "HEAD"], { cwd: REPO });
    expect(inHistory.exitCode).toBe(0);
  });

  test("a first start without an admin says how to create one", async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), "upbeat-empty-"));
    try {
      server = await startBinary(binary, { UPBEAT_PORT: "0", UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: emptyDir });
      expect(server.output()).toContain(`run: ${binary} user add --email E --password P --admin`);
      expect((await server.stop()).exitCode).toBe(0);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  test("`upbeat migrate` on an up-to-date database changes nothing", () => {
    const result = runCommand(binary, ["migrate"], env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe("database is up to date");
  });
});
