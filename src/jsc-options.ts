// JavaScriptCore reads its options (BUN_JSC_<name>) from the environment once, when the runtime starts, so
// `upbeat serve` starts itself again (execve: same PID) with ours added. Measured at 1,000 monitors in
// bench/README.md (issue 16, JavaScriptCore's options).

/** The machine size the heap is planned for (src/memory-trim.ts leaves a process past it alone). */
export const PLANNED_RAM_BYTES = 128 * 1024 * 1024;

/** A user's own BUN_JSC_* value for any of these wins over ours. */
export const JSC_OPTIONS: Readonly<Record<string, string>> = {
  // size the heap as for a 128 MB machine, not the host's RAM: it collects sooner after a burst
  BUN_JSC_forceRAMSize: String(PLANNED_RAM_BYTES),
  // grow the heap by 1.3× instead of 2× while it is small, and hand back emptied pages after young collections too
  BUN_JSC_smallHeapGrowthFactor: "1.3",
  BUN_JSC_decommitUnusedMarkedBlockPagesAfterEdenCollections: "1",
  // no helper thread keeping 32 heap blocks resident in advance
  BUN_JSC_warmUpMarkedBlockCount: "0",
  // one marking and one compiler thread instead of two: fewer stacks and per-thread caches
  BUN_JSC_numberOfGCMarkers: "1",
  BUN_JSC_minNumberOfWorklistThreads: "1",
  BUN_JSC_maxNumberOfWorklistThreads: "1",
  BUN_JSC_numberOfBaselineCompilerThreads: "1",
  // no top-tier (FTL) compiler: the largest part of the peak while monitors are created, and no CPU lost
  BUN_JSC_useFTLJIT: "0",
};

/** The environment with our options added, or null when every one is set already (ours, or the user's). */
export function environmentWithJscOptions(env: NodeJS.ProcessEnv): Record<string, string> | null {
  const missing = Object.entries(JSC_OPTIONS).filter(([name]) => env[name] === undefined);
  if (missing.length === 0) return null;
  const current = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries([...current, ...missing]);
}

/** The arguments that start this same program again. A compiled binary adds its own script path to argv
 * (argv[1] is /$bunfs/…), so it gets only the user's arguments; under `bun src/main.ts` the runtime flags
 * (process.execArgv) and the script come back too. */
export function restartArguments(): string[] {
  const compiled = (process.argv[1] ?? "").startsWith("/$bunfs/");
  const program = compiled ? [] : [...process.execArgv, process.argv[1]!];
  return [process.argv0, ...program, ...process.argv.slice(2)];
}

/** Replaces this process with itself plus our options, unless they are there already; on failure, one line
 * and the server runs on with JavaScriptCore's defaults. */
export function restartWithJscOptions(): void {
  const env = environmentWithJscOptions(process.env);
  if (env === null) return;
  try {
    // a runtime without execve throws here too, and is told so below
    process.execve!(process.execPath, restartArguments(), env);
  } catch (error) {
    console.error(`upbeat: could not restart with JavaScriptCore's memory options (${(error as Error).message}); running without them`);
  }
}
