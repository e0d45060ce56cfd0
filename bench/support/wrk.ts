// Runs wrk (Debian package `wrk`) against a local URL and reads its summary.
import { cpuMicros } from "./cpu.ts";

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  /** CPU the server process used per request (user + system, all threads); set when its pid is given */
  serverCpuMicrosPerRequest?: number;
}

const toMs = (value: string): number => {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === "us" ? n / 1000 : match[2] === "s" ? n * 1000 : n;
};

export async function wrk(url: string, options: { seconds: number; connections: number; threads?: number; headers?: Record<string, string>; script?: string; serverPid?: number }): Promise<WrkResult> {
  const args = ["wrk", "--latency", `-t${options.threads ?? 2}`, `-c${options.connections}`, `-d${options.seconds}s`];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push("-H", `${name}: ${value}`);
  if (options.script) args.push("-s", options.script);
  args.push(url);
  const cpuBefore = options.serverPid === undefined ? 0 : cpuMicros(options.serverPid);
  const proc = Bun.spawn(args, { stdout: "pipe", stderr: "pipe" });
  const out = await new Response(proc.stdout).text();
  const cpuUsed = options.serverPid === undefined ? 0 : cpuMicros(options.serverPid) - cpuBefore;
  if ((await proc.exited) !== 0) throw new Error(`wrk failed: ${await new Response(proc.stderr).text()}`);
  const total = /(\d+) requests in/.exec(out);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /\s50%\s+(\S+)/.exec(out);
  const p99 = /\s99%\s+(\S+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  if (!total || !rps || !p50 || !p99) throw new Error(`could not read wrk output:\n${out}`);
  const requests = Number(total[1]);
  return {
    requests, requestsPerSecond: Number(rps[1]), latencyP50Ms: toMs(p50[1]!), latencyP99Ms: toMs(p99[1]!), non2xx: non2xx ? Number(non2xx[1]) : 0,
    ...(options.serverPid === undefined ? {} : { serverCpuMicrosPerRequest: cpuUsed / requests }),
  };
}

/** Waits until `url` answers, for servers started as child processes. */
export async function waitForUrl(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export const freePort = (): number => {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port!;
  server.stop(true);
  return port;
};

/** The yardstick server (support/bare-server.ts) in its own process, answering. */
export async function startBareServer(): Promise<{ base: string; proc: ReturnType<typeof Bun.spawn> }> {
  const port = freePort();
  const proc = Bun.spawn([process.execPath, `${import.meta.dir}/bare-server.ts`, String(port)], { stdout: "ignore", stderr: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  await waitForUrl(`${base}/`);
  return { base, proc };
}
