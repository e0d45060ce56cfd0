// ICMP probe through the system `ping` (iputils-ping): one echo, its round trip as the response time.
import * as v from "valibot";
import { isHost } from "./hosts.ts";
import { defineKind, trimmed } from "./kind.ts";
import { deadline, down, type ProbeResult } from "./result.ts";
import { allowedTarget, resolveTarget } from "./target-guard.ts";

export interface PingProbeOptions {
  host: string;
  timeoutMs: number;
}

export async function probePing(options: PingProbeOptions, signal?: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  const limit = deadline(options.timeoutMs, signal);
  const target = await resolveTarget(options.host, null, limit);
  if ("failure" in target) return down(startedAt, target.failure);
  const waitSeconds = String(Math.max(1, Math.ceil(options.timeoutMs / 1000)));
  let child;
  try {
    child = Bun.spawn(["ping", "-n", "-c", "1", "-W", waitSeconds, "--", target.address], {
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
      signal: limit.signal,
      env: { LC_ALL: "C", PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return down(startedAt, "ping is not installed (install iputils-ping)");
    return down(startedAt, `cannot run ping: ${(error as Error).message}`);
  }
  const [out, err, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (limit.signal.aborted) return down(startedAt, limit.reason());
  const rtt = /time[=<]([\d.]+)\s*ms/.exec(out);
  if (exitCode === 0 && rtt) {
    return { isUp: true, statusCode: null, responseTimeMs: Math.round(Number(rtt[1])), errorMessage: null };
  }
  return down(startedAt, pingFailure(exitCode, err.trim()));
}

function pingFailure(exitCode: number, stderr: string): string {
  if (/operation not permitted|permission denied/i.test(stderr)) {
    return "ping is not permitted (needs CAP_NET_RAW or net.ipv4.ping_group_range)";
  }
  if (/unknown host|name or service not known|temporary failure in name resolution/i.test(stderr)) return "host not found";
  if (exitCode === 1) return "no reply";
  return stderr.split("\n")[0] || `ping exited with code ${exitCode}`;
}

export const pingKind = defineKind({
  name: "ping",
  label: "ping — a host answers ICMP",
  target: { schema: trimmed(v.check(isHost, "must be a host name or IP address"), allowedTarget((host) => ({ host, port: null }))), label: "Host", example: "router.lan or 192.168.1.1" },
  settings: {},
  check: ({ url, timeoutMs }) => {
    const options = { host: url, timeoutMs };
    return (signal) => probePing(options, signal);
  },
});
