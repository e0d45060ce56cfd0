#!/usr/bin/env bun
// CLI entry: parse argv, dispatch the sub-command. Wiring only.
import { loadConfig, type Config } from "./config.ts";
import { UsageError, parseArgs, type Parsed } from "./cli/args.ts";
import { UserError } from "./errors.ts";
import { restartWithJscOptions } from "./jsc-options.ts";
import { COMMIT, VERSION } from "./version.ts";

interface Command {
  /** one or two words: "serve", "user add" */
  name: string;
  /** how many plain words (like FILE) it takes after its name */
  arity: number;
  /** its line in the help: what follows the name, then what it does */
  usage: string;
  help: string;
  /** opens the database; the others must work without a writable data dir */
  usesDataDir: boolean;
  /** loaded on use only: version, help and healthcheck stay quick without the database and server code */
  run(config: Config, parsed: Parsed): Promise<number>;
}

const commands = () => import("./cli/commands.ts");

const COMMANDS: Command[] = [
  { name: "serve", arity: 0, usage: "", help: "run the server (the default)\n--port N  --host ADDR  --data-dir DIR  --database-url postgres://…", usesDataDir: true, run: (config) => serve(config) },
  { name: "user add", arity: 0, usage: "", help: "--email E --password P [--name N] [--plan free|pro|team] [--admin]", usesDataDir: true, run: async (config, parsed) => (await commands()).userAdd(config, parsed) },
  { name: "key create", arity: 0, usage: "", help: "--email E [--scope read|write] [--name N]   prints a new API key", usesDataDir: true, run: async (config, parsed) => (await commands()).keyCreate(config, parsed) },
  { name: "backup", arity: 1, usage: "FILE", help: "consistent copy of the database, safe while the server runs", usesDataDir: false, run: async (config, parsed) => (await commands()).backup(config, parsed) },
  { name: "restore", arity: 1, usage: "FILE", help: "put a backup in place of the database (with the server stopped)", usesDataDir: true, run: async (config, parsed) => (await import("./cli/restore.ts")).restore(config, parsed) },
  { name: "import", arity: 2, usage: "SOURCE PATH", help: "move in from uptime-kuma (kuma.db), healthchecks (checks JSON) or gatus (config.yaml)\n[--email OWNER] [--project NAME] [--dry-run] [--with-history] [--ping-key KEY]", usesDataDir: true, run: async (config, parsed) => (await import("./cli/import.ts")).importCommand(config, parsed) },
  { name: "migrate-store", arity: 0, usage: "", help: "copy an instance to the other store (both stopped), counting rows after\n--from sqlite:PATH --to postgres://…  (or --from postgres://… --to sqlite:PATH)", usesDataDir: false, run: async (config, parsed) => (await import("./cli/migrate-store.ts")).migrateStore(config, parsed) },
  { name: "migrate", arity: 0, usage: "", help: "bring the database schema up to date and exit", usesDataDir: true, run: async (config) => (await commands()).migrateOnly(config) },
  { name: "export", arity: 0, usage: "", help: "the organization's configuration as YAML on stdout\n--email E | --org ID  [--format yaml|json] [--with-secrets]", usesDataDir: true, run: async (config, parsed) => (await import("./cli/as-code.ts")).exportConfig(config, parsed) },
  { name: "apply", arity: 0, usage: "", help: "make the configuration what FILE says (shows the changes first)\n-f FILE  --email E | --org ID  [--dry-run] [--prune]\n-f FILE  --url URL --api-key KEY  (through a running server)", usesDataDir: false, run: async (config, parsed) => (await import("./cli/as-code.ts")).applyConfig(config, parsed) },
  { name: "healthcheck", arity: 0, usage: "", help: "exit 0 when the local server answers /healthz", usesDataDir: false, run: async (config) => (await import("./cli/healthcheck.ts")).healthcheck(config) },
];

const HELP_COLUMN = 29;
const HELP = `upbeat ${VERSION}: uptime and heartbeat monitoring in one file

usage: upbeat [command] [options]

commands:
${[...COMMANDS, { name: "version", usage: "", help: "print the version and commit" }]
  .map(({ name, usage, help }) => `  ${`${name} ${usage}`.trim().padEnd(HELP_COLUMN - 2)}${help.replaceAll("\n", `\n${" ".repeat(HELP_COLUMN)}`)}`)
  .join("\n")}

configuration: UPBEAT_PORT, UPBEAT_HOST, UPBEAT_DATA_DIR, UPBEAT_DATABASE_URL, UPBEAT_BASE_URL, UPBEAT_ADMIN_EMAIL,
UPBEAT_ADMIN_PASSWORD, UPBEAT_RATE_LIMITS, UPBEAT_SESSION_RATE_LIMIT, UPBEAT_RETENTION_DAYS,
UPBEAT_TRUST_PROXY, UPBEAT_MAX_CONCURRENT_CHECKS, UPBEAT_ALLOW_PRIVATE_TARGETS (see README)`;

const FLAGS = {
  port: "value", host: "value", "data-dir": "value", "database-url": "value", email: "value", password: "value", name: "value",
  plan: "value", scope: "value", admin: "switch", help: "switch", version: "switch",
  project: "value", "dry-run": "switch", "with-history": "switch", "ping-key": "value",
  org: "value", format: "value", "with-secrets": "switch", file: "value", prune: "switch", url: "value", "api-key": "value",
  from: "value", to: "value",
} as const;

/** Flags mirror the environment; the environment is then validated in one place. */
function configFrom(flags: Record<string, string | true>): Config {
  const env = { ...process.env };
  if (typeof flags.port === "string") env.UPBEAT_PORT = flags.port;
  if (typeof flags.host === "string") env.UPBEAT_HOST = flags.host;
  if (typeof flags["data-dir"] === "string") env.UPBEAT_DATA_DIR = flags["data-dir"];
  if (typeof flags["database-url"] === "string") env.UPBEAT_DATABASE_URL = flags["database-url"];
  return loadConfig(env);
}

async function serve(config: Config): Promise<number> {
  // handlers go in before the "listening" line, so a signal sent as soon as it shows still stops cleanly
  const signalled = new Promise<string>((done) => {
    process.once("SIGTERM", () => done("SIGTERM"));
    process.once("SIGINT", () => done("SIGINT"));
  });
  const { boot } = await import("./boot.ts");
  const running = await boot(config);
  console.log(`upbeat ${VERSION} listening on ${running.url} (data: ${running.dataShownAs})`);
  console.log(`upbeat: ${await signalled}, stopping`);
  const notWritten = await running.stop();
  // exit 1 when something could not be written (the database did not answer): a supervisor shows the stop was not clean
  if (notWritten) console.error(`upbeat: ${notWritten}`);
  else console.log("upbeat: stopped");
  // everything is flushed and closed; a stray timer must not keep a stopped server alive
  process.exit(notWritten ? 1 : 0);
}

/** The command named by the first one or two words, or a UsageError saying what is wrong. */
function commandOf(words: string[]): Command {
  const [first = "serve", second] = words;
  const found = COMMANDS.find((c) => c.name === first || c.name === `${first} ${second}`);
  if (found) return found;
  const groups = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (groups.length > 0) {
    const name = second === undefined ? first : `${first} ${second}`;
    throw new UsageError(`"${name}" needs a sub-command: ${groups.map((c) => `"${c.name}"`).join(", ")}`);
  }
  throw new UsageError(`unknown command "${first}"; run "upbeat help"`);
}

async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, FLAGS, { h: "help", f: "file" });
  if (parsed.flags.help || parsed.words[0] === "help") {
    console.log(HELP);
    return 0;
  }
  if (parsed.words[0] === "version" || parsed.flags.version) {
    console.log(`upbeat ${VERSION} (${COMMIT})`);
    return 0;
  }
  const command = commandOf(parsed.words);
  const rest = { ...parsed, words: parsed.words.slice(command.name.split(" ").length) };
  if (rest.words.length > command.arity) {
    throw new UsageError(`unexpected argument "${rest.words[command.arity]}" for "${command.name}"; run "upbeat help"`);
  }
  // before the server's code is loaded: the options apply to a runtime that starts with them
  if (command.name === "serve") restartWithJscOptions();
  const config = configFrom(parsed.flags);
  // on PostgreSQL the data folder holds nothing a command needs
  if (command.usesDataDir && config.databaseUrl === null) (await commands()).ensureDataDir(config);
  return command.run(config, rest);
}

/** Bad input and states the user must change are theirs to fix (exit 2, one line); anything else is ours (exit 1). */
function reportFailure(error: unknown): number {
  console.error(`upbeat: ${(error as Error).message ?? error}`);
  return error instanceof UserError ? 2 : 1;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // exit now: a half-started server may have left timers that would keep the process alive
  process.exit(reportFailure(error));
}
