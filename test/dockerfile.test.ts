// No Docker engine runs here: read the Dockerfile, check what the image promises, and run the build
// stage's commands outside Docker on a copy of the build context (the repo minus .dockerignore).
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix, relative } from "node:path";
import { Glob } from "bun";
import pkg from "../package.json" with { type: "json" };
import { all, assignments, readDockerfile } from "./support/dockerfile.ts";

const REPO = new URL("../", import.meta.url).pathname;
const BUILD_TIMEOUT_MS = 600_000;

/** The files `docker build .` would send: everything not matched by .dockerignore. */
function copyBuildContext(target: string): void {
  const patterns = readFileSync(join(REPO, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const globs = patterns.map((p) => new Glob(p));
  cpSync(REPO, target, {
    recursive: true,
    filter: (source) => {
      const path = relative(REPO, source);
      return path === "" || !globs.some((g) => g.match(path));
    },
  });
}

const { stages, runtime } = readDockerfile(REPO);
const builder = stages[0]!;

describe("Dockerfile", () => {
  test("has a build stage on Node with Bun from npm, and a slim glibc runtime stage", () => {
    expect(stages).toHaveLength(2);
    expect(builder.image).toBe("node:20-bookworm-slim");
    expect(builder.name).toBe("build");
    expect(all(builder, "RUN")).toEqual(["npm ci --no-audit --no-fund", "npm run build"]);
    expect(pkg.devDependencies.bun).toBeDefined();
    expect(runtime.image).toBe("debian:bookworm-slim");
  });

  test("copies only the binary from the build stage to /usr/local/bin/upbeat", () => {
    const copies = all(runtime, "COPY");
    expect(copies).toEqual(["--from=build /src/dist/upbeat /usr/local/bin/upbeat"]);
  });

  test("runs as a non-root user that it creates", () => {
    const users = all(runtime, "USER");
    expect(users).toHaveLength(1);
    const user = users[0]!.split(":")[0]!;
    expect(["root", "0"]).not.toContain(user);
    expect(all(runtime, "RUN").join(" ")).toMatch(new RegExp(`useradd [^&]*\\b${user}\\b`));
    // the data volume must belong to that user, or SQLite cannot create its file
    expect(all(runtime, "RUN").join(" ")).toContain(`chown ${user}:${user} /data`);
  });

  test("keeps data in the /data volume and listens on 8080", () => {
    expect(all(runtime, "VOLUME")).toEqual(["/data"]);
    expect(assignments(all(runtime, "ENV"))).toMatchObject({ UPBEAT_DATA_DIR: "/data", UPBEAT_PORT: "8080" });
    expect(all(runtime, "EXPOSE")).toEqual(["8080"]);
  });

  test("leaves JavaScriptCore's options to the binary (a BUN_JSC_ value set here would win over its own)", () => {
    expect(Object.keys(assignments(all(runtime, "ENV"))).filter((name) => name.startsWith("BUN_JSC_"))).toEqual([]);
  });

  test("checks its health with `upbeat healthcheck` and starts `upbeat serve`", () => {
    const [healthcheck] = all(runtime, "HEALTHCHECK");
    const command = /\bCMD (\[.*\])$/.exec(healthcheck ?? "")?.[1];
    expect(JSON.parse(command ?? "null")).toEqual(["upbeat", "healthcheck"]);
    expect(JSON.parse(all(runtime, "ENTRYPOINT")[0]!)).toEqual(["upbeat"]);
    expect(JSON.parse(all(runtime, "CMD")[0]!)).toEqual(["serve"]);
  });

  test(".dockerignore keeps host artefacts out of the build context", () => {
    const ignored = readFileSync(join(REPO, ".dockerignore"), "utf8").split("\n");
    for (const path of ["node_modules", "dist", "data", ".git"]) expect(ignored).toContain(path);
  });
});

describe("Dockerfile build stage, run outside Docker", () => {
  const context = mkdtempSync(join(tmpdir(), "upbeat-docker-"));
  afterAll(() => rmSync(context, { recursive: true, force: true }));

  test("its RUN lines build a binary at the path the runtime stage copies, and it runs", () => {
    copyBuildContext(context);
    expect(existsSync(join(context, "node_modules"))).toBe(false);
    expect(existsSync(join(context, ".git"))).toBe(false);

    const workdir = all(builder, "WORKDIR").at(-1)!;
    // a clean environment, as in the container: no npm_* from the outer `npm test`, no outer node_modules/.bin
    const outer = Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_") && !name.startsWith("UPBEAT_"));
    const path = (process.env.PATH ?? "").split(":").filter((dir) => !dir.includes("node_modules")).join(":");
    const env = { ...Object.fromEntries(outer), PATH: path, ...assignments(all(builder, "ARG")), ...assignments(all(builder, "ENV")) };
    let output = "";
    for (const command of all(builder, "RUN")) {
      const run = Bun.spawnSync(["sh", "-c", command], { cwd: context, env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
      if (run.exitCode !== 0) throw new Error(`RUN ${command} failed (${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
      output += run.stdout.toString();
    }
    // the build ran its first binary to record the bytecode order, and built again with it
    expect(output).toContain("bytecode in the order a run used it");

    const source = all(runtime, "COPY")[0]!.split(" ")[1]!;
    const binary = join(context, posix.relative(workdir, source));
    // with the runtime stage's environment: a JavaScriptCore option it does not know would warn on stderr
    const runtimeEnv = { PATH: "/usr/bin:/bin", ...assignments(all(runtime, "ENV")) };
    const version = Bun.spawnSync([binary, "version"], { env: runtimeEnv, stdout: "pipe", stderr: "pipe" });
    expect(version.stderr.toString()).toBe("");
    expect(version.exitCode).toBe(0);
    expect(version.stdout.toString().trim()).toBe(`upbeat ${pkg.version} (unknown)`);
  }, BUILD_TIMEOUT_MS);
});
