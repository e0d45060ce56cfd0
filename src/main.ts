#!/usr/bin/env bun
// CLI entry: parse argv, dispatch the sub-command. Wiring only.
import { loadConfig, ConfigError, type Config } from "./config.ts";
import { SchemaTooNewError } from "./db/open.ts";
import { boot } from "./boot.ts";
import { UsageError, parseArgs } from "./cli/args.ts";
import { backup, healthcheck, keyCreate, migrateOnly, userAdd } from "./cli/commands.ts";
import { COMMIT, VERSION } from "./version.ts";

const HELP = `upbeat ${VERSION}: uptime and heartbeat monitoring in one file

usage: upbeat [command] [options]

commands:
  serve                      run the server (the default)
                             --port N  --host ADDR  --data-dir DIR
  user add                   --email E --password P [--name N] [--plan free|pro|team] [--admin]
  key create                 --email E [--scope read|write] [--name N]   prints a new API key
  backup FILE                consistent copy of the database, safe while the server runs
  migrate                    bring the database schema up to date and exit
  healthcheck                exit 0 when the local server answers /healthz
  version                    print the version

configuration: UPBEAT_PORT, UPBEAT_HOST, UPBEAT_DATA_DIR, UPBEAT_BASE_URL, UPBEAT_ADMIN_EMAIL,
UPBEAT_ADMIN_PASSWORD, UPBEAT_RATE_LIMITS, UPBEAT_RETENTION_DAYS, UPBEAT_TRUST_PROXY (see README)`;

const FLAGS = {
  port: "value", host: "value", "data-dir": "value", email: "value", password: "value", name: "value",
  plan: "value", scope: "value", admin: "switch", help: "switch",
} as const;

/** Flags mirror the environment; the environment is then validated in one place. */
function configFrom(flags: Record<string, string | true>): Config {
  const env = { ...process.env };
  if (typeof flags.port === "string") env.UPBEAT_PORT = flags.port;
  if (typeof flags.host === "string") env.UPBEAT_HOST = flags.host;
  if (typeof flags["data-dir"] === "string") env.UPBEAT_DATA_DIR = flags["data-dir"];
  return loadConfig(env);
}

async function serve(config: Config): Promise<number> {
  const running = await boot(config);
  console.log(`upbeat ${VERSION} listening on ${running.url} (data: ${config.dbPath})`);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      console.log(`upbeat: ${signal}, stopping`);
      running.stop().then(done);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  const [command = "serve", sub] = parsed.words;
  if (parsed.flags.help || command === "help") {
    console.log(HELP);
    return 0;
  }
  if (command === "version") {
    console.log(`upbeat ${VERSION} (${COMMIT})`);
    return 0;
  }
  const config = configFrom(parsed.flags);
  const rest = { ...parsed, words: parsed.words.slice(command === "user" || command === "key" ? 2 : 1) };
  switch (command) {
    case "serve": return serve(config);
    case "migrate": return migrateOnly(config);
    case "healthcheck": return healthcheck(config);
    case "backup": return backup(config, rest);
    case "user":
      if (sub === "add") return userAdd(config, rest);
      throw new UsageError(`unknown command "user ${sub ?? ""}"; did you mean "user add"?`);
    case "key":
      if (sub === "create") return keyCreate(config, rest);
      throw new UsageError(`unknown command "key ${sub ?? ""}"; did you mean "key create"?`);
    default:
      throw new UsageError(`unknown command "${command}"; run "upbeat help"`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof SchemaTooNewError) {
    console.error(`upbeat: ${error.message}`);
    process.exitCode = 2;
  } else if ((error as { code?: string }).code === "EADDRINUSE") {
    console.error(`upbeat: the port is already in use (set UPBEAT_PORT)`);
    process.exitCode = 2;
  } else {
    console.error(`upbeat: ${(error as Error).message ?? error}`);
    process.exitCode = 1;
  }
}
