// CPU time a child process has used (all its threads, user + system), read from /proc on Linux:
// per request it is a steadier figure than req/s on a machine shared with other work.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** Microseconds of CPU the process has used so far. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
}

/** Microseconds of CPU a server and its processes used: its own, its live children's, and its exited children's. */
export function treeCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // cutime and cstime: children that exited and were waited for
  const exited = ((Number(fields[13]) + Number(fields[14])) * 1_000_000) / TICKS_PER_SECOND;
  return cpuMicros(pid) + exited + childrenOf(pid).reduce((sum, child) => sum + cpuMicros(child), 0);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** The process listening as PostgreSQL on this port (its command line holds `-p PORT`). */
export function postgresPid(port: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args[0]?.endsWith("/postgres") && args.join(" ").includes(`-p ${port} `)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no PostgreSQL on port ${port}`);
}
