// A PostgreSQL database copied to a file by pg_dump (custom format; pg_restore reads it back): one snapshot,
// consistent while other instances keep writing. PostgreSQL's own tool, so the copy is what its users expect.
import { UserError } from "../../errors.ts";

export function dumpPostgres(url: string, path: string): void {
  const pgDump = Bun.which("pg_dump", { PATH: process.env.PATH ?? "" });
  if (!pgDump) {
    throw new UserError("pg_dump is not on PATH; install PostgreSQL's client programs (Debian: postgresql-client) to back up a PostgreSQL store");
  }
  // the password through the environment: a command line is readable by every local user (ps)
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = "";
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
  // into the file the caller made (owner only): pg_dump truncates it, keeping its mode
  const done = Bun.spawnSync([pgDump, "--format=custom", `--file=${path}`, `--dbname=${target.href}`], { env, stdout: "ignore", stderr: "pipe" });
  if (done.exitCode !== 0) {
    const said = done.stderr.toString().trim().split("\n")[0] ?? "";
    throw new UserError(`pg_dump failed: ${said.replace(/^pg_dump: (error: )?/, "") || `exit code ${done.exitCode}`}`);
  }
}
