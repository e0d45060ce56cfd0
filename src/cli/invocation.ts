// How this upbeat was started, so hints print a command that works when pasted.
import { isAbsolute, relative } from "node:path";

/** A compiled executable runs its embedded entry from Bun's virtual file system. */
const isCompiled = () => Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");

/** The command line that runs upbeat again: the executable itself, or `npx bun <entry>` from the sources. */
export function upbeatCommand(): string {
  if (isCompiled()) return process.execPath;
  const entry = relative(process.cwd(), Bun.main);
  return `npx bun ${entry.startsWith("..") || isAbsolute(entry) ? Bun.main : entry}`;
}
