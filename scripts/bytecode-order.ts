// Records which functions a freshly built upbeat runs (Bun's BUN_BYTECODE_ORDER_OUT), for the second build to
// place their bytecode together at the front of the executable: fewer of its pages are read and kept resident.
// The run is what a server does most: start on an empty data folder, log in, create an http monitor, check it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ADMIN = { email: "order@example.com", password: "order-profile-password" };
const RUN_TIMEOUT_MS = 15_000;

async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = Number(probe.port);
  await probe.stop(true);
  return port;
}

async function until<T>(what: string, deadline: number, attempt: () => Promise<T | null>): Promise<T> {
  for (;;) {
    const got = await attempt().catch(() => null);
    if (got !== null) return got;
    if (performance.now() > deadline) throw new Error(`${what}: no answer within ${RUN_TIMEOUT_MS / 1000} s`);
    await Bun.sleep(50);
  }
}

/** The upbeat session the profile records, against a server on `base` and a target on `targetUrl`. */
async function exercise(base: string, targetUrl: string, deadline: number): Promise<void> {
  await until("/healthz", deadline, async () => ((await fetch(`${base}/healthz`)).ok ? true : null));
  await (await fetch(`${base}/`)).arrayBuffer();
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ADMIN),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const made = await fetch(`${base}/api/v1/api-keys`, {
    method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json" }, body: JSON.stringify({ name: "order" }),
  });
  const { key } = (await made.json()) as { key: string };
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  const created = await fetch(`${base}/api/v1/monitors`, {
    method: "POST", headers, body: JSON.stringify({ name: "order", kind: "http", url: targetUrl, interval_seconds: 10 }),
  });
  if (created.status !== 201) throw new Error(`create monitor: ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  // checked and flipped pending → up: the scheduler, the probe, the check writer and the status change ran
  await until("the first check", deadline, async () => {
    const monitor = (await (await fetch(`${base}/api/v1/monitors/${id}`, { headers })).json()) as { status: string };
    return monitor.status === "up" ? true : null;
  });
  await (await fetch(`${base}/api/v1/monitors`, { headers })).arrayBuffer();
}

/** Runs `binary` once as a server and returns the profile it wrote on exit. */
export async function recordBytecodeOrder(binary: string, profile: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-order-"));
  const target = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
  const port = await freePort();
  const server = Bun.spawn([binary, "serve"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dataDir, BUN_BYTECODE_ORDER_OUT: profile,
      UPBEAT_PORT: String(port), UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir,
      UPBEAT_ADMIN_EMAIL: ADMIN.email, UPBEAT_ADMIN_PASSWORD: ADMIN.password,
    },
    stdin: "ignore", stdout: "ignore", stderr: "pipe",
  });
  try {
    await exercise(`http://127.0.0.1:${port}`, `http://127.0.0.1:${target.port}/`, performance.now() + RUN_TIMEOUT_MS);
    server.kill("SIGTERM");
    if ((await server.exited) !== 0) throw new Error(`stopped with exit code ${server.exitCode}: ${await new Response(server.stderr).text()}`);
    if (!(await Bun.file(profile).exists())) throw new Error("no profile written");
  } finally {
    server.kill("SIGKILL");
    await target.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
