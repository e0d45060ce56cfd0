#!/usr/bin/env bun
// CLI entry: parse argv, dispatch the sub-command. Wiring only.
import { loadConfig, ConfigError, type Config } from "./config.ts";
import { UsageError, parseArgs } from "./cli/args.ts";
import { healthcheck } from "./cli/healthcheck.ts";
import { COMMIT, VERSION } from "./version.ts";

const HELP = `upbeat ${VERSION}: uptime and heartbeat monitoring in one file

usage: upbeat [command] [options]

commands:
  serve                      run the server (the default)
                             --port N  --host ADDR  --data-dir DIR
  user add                   --email E --password P [--name N] [--plan free|pro|team] [--admin]
  key create                 --email E [--scope read|write] [--name N]   prints a new API key
  backup FILE                consistent copy of the database, safe while the server runs
  restore FILE               put a backup in place of the database (with the server stopped)
  migrate                    bring the database schema up to date and exit
  healthcheck                exit 0 when the local server answers /healthz
  version                    print the version and commit

configuration: UPBEAT_PORT, UPBEAT_HOST, UPBEAT_DATA_DIR, UPBEAT_BASE_URL, UPBEAT_ADMIN_EMAIL,
UPBEAT_ADMIN_PASSWORD, UPBEAT_RATE_LIMITS, UPBEAT_SESSION_RATE_LIMIT, UPBEAT_RETENTION_DAYS,
UPBEAT_TRUST_PROXY, UPBEAT_MAX_CONCURRENT_CHECKS (see README)`;

const FLAGS = {
  port: "value", host: "value", "data-dir": "value", email: "value", password: "value", name: "value",
  plan: "value", scope: "value", admin: "switch", help: "switch", version: "switch",
} as const;

/** Each command and how many plain words (like FILE) it takes after its name. */
const COMMANDS = new Map([
  ["serve", 0], ["migrate", 0], ["healthcheck", 0], ["backup", 1], ["restore", 1], ["user add", 0], ["key create", 0],
]);

/** Commands that open the database; the others must work without a writable data dir. */
const USES_DATA_DIR = new Set(["serve", "migrate", "restore", "user add", "key create"]);

/** Flags mirror the environment; the environment is then validated in one place. */
function configFrom(flags: Record<string, string | true>): Config {
  const env = { ...process.env };
  if (typeof flags.port === "string") env.UPBEAT_PORT = flags.port;
  if (typeof flags.host === "string") env.UPBEAT_HOST = flags.host;
  if (typeof flags["data-dir"] === "string") env.UPBEAT_DATA_DIR = flags["data-dir"];
  return loadConfig(env);
}

async function serve(config: Config): Promise<number> {
  const { boot } = await import("./boot.ts");
  const running = await boot(config);
  console.log(`upbeat ${VERSION} listening on ${running.url} (data: ${config.dbPath})`);
  await new Promise<void>((done, fail) => {
    const stop = (signal: string) => {
      console.log(`upbeat: ${signal}, stopping`);
      running.stop().then(done, fail);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  console.log("upbeat: stopped");
  // everything is flushed and closed; a stray timer must not keep a stopped server alive
  process.exit(0);
}

async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  const [command = "serve"] = parsed.words;
  if (parsed.flags.help || command === "help") {
    console.log(HELP);
    return 0;
  }
  if (command === "version" || parsed.flags.version) {
    console.log(`upbeat ${VERSION} (${COMMIT})`);
    return 0;
  }
  const name = command === "user" || command === "key" ? parsed.words.slice(0, 2).join(" ") : command;
  const rest = { ...parsed, words: parsed.words.slice(name.split(" ").length) };
  const arity = COMMANDS.get(name);
  if (arity === undefined && (name === "user" || name === "key" || name.startsWith("user ") || name.startsWith("key "))) {
    throw new UsageError(`"${name}" needs a sub-command: ${name.startsWith("user") ? '"user add"' : '"key create"'}`);
  }
  if (arity === undefined) throw new UsageError(`unknown command "${name}"; run "upbeat help"`);
  if (rest.words.length > arity) throw new UsageError(`unexpected argument "${rest.words[arity]}" for "${name}"; run "upbeat help"`);
  const config = configFrom(parsed.flags);
  if (name === "healthcheck") return healthcheck(config);
  // loaded only here: version, help and healthcheck stay quick without the database and server code
  const { backup, ensureDataDir, keyCreate, migrateOnly, userAdd } = await import("./cli/commands.ts");
  if (USES_DATA_DIR.has(name)) ensureDataDir(config);
  switch (name) {
    case "serve": return serve(config);
    case "migrate": return migrateOnly(config);
    case "backup": return backup(config, rest);
    case "restore": return (await import("./cli/restore.ts")).restore(config, rest);
    case "user add": return userAdd(config, rest);
    case "key create": return keyCreate(config, rest);
    default: throw new UsageError(`unknown command "${name}"`);
  }
}

/** Loaded only on failure: just a command that opened the database can hit these. */
async function needsUserAction(error: unknown): Promise<boolean> {
  const [{ SchemaTooNewError }, { DataDirInUseError }, { ListenError }] = await Promise.all([
    import("./db/open.ts"), import("./db/lock.ts"), import("./boot.ts"),
  ]);
  return error instanceof SchemaTooNewError || error instanceof DataDirInUseError || error instanceof ListenError;
}

/** Bad input and a newer database are the user's to fix (exit 2, one line); anything else is ours (exit 1). */
async function reportFailure(error: unknown): Promise<number> {
  if (error instanceof UsageError || error instanceof ConfigError || (await needsUserAction(error))) {
    console.error(`upbeat: ${(error as Error).message}`);
    return 2;
  }
  console.error(`upbeat: ${(error as Error).message ?? error}`);
  return 1;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // exit now: a half-started server may have left timers that would keep the process alive
  process.exit(await reportFailure(error));
}
