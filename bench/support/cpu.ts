// CPU time a child process has used (all its threads, user + system), read from /proc on Linux:
// per request it is a steadier figure than req/s on a machine shared with other work.
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** Microseconds of CPU the process has used so far. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
}
