// The sub-commands other than serve. Each returns an exit code.
import { accessSync, constants, existsSync, mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import * as v from "valibot";
import { ConfigError, type Config } from "../config.ts";
import { ownerOnlyFile } from "../db/owner-only.ts";
import { createAccount } from "../accounts/users.ts";
import { createApiKeyService } from "../accounts/api-keys.ts";
import { openStore, withStore } from "../store/open.ts";
import { Email, Password, PlanName, ScopeName } from "../api/schemas.ts";
import { AppError } from "../errors.ts";
import { UsageError, required, type Parsed } from "./args.ts";
import { upbeatCommand } from "./invocation.ts";

function check<S extends v.GenericSchema>(schema: S, value: unknown, flag: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new UsageError(`--${flag} ${result.issues[0].message}`);
  return result.output;
}

export async function userAdd(config: Config, { flags }: Parsed): Promise<number> {
  const email = check(Email, required(flags, "email"), "email");
  const given = flags.password ?? process.env.UPBEAT_PASSWORD;
  if (typeof given !== "string") throw new UsageError("--password is required (or set UPBEAT_PASSWORD to keep it out of your shell history)");
  const password = check(Password, given, "password");
  const plan = flags.plan === undefined ? undefined : check(PlanName, flags.plan, "plan");
  const name = typeof flags.name === "string" ? flags.name : undefined;
  return withStore(config, async (store) => {
    try {
      const user = await createAccount(store, { email, password, name, plan, isAdmin: flags.admin === true }, Date.now());
      console.log(`created user ${user.email} (${user.id}, plan ${user.plan}${user.isAdmin ? ", admin" : ""})`);
      return 0;
    } catch (error) {
      if (error instanceof AppError) throw new UsageError(error.message);
      throw error;
    }
  });
}

export async function keyCreate(config: Config, { flags }: Parsed): Promise<number> {
  const email = check(Email, required(flags, "email"), "email");
  const scope = flags.scope === undefined ? "write" : check(ScopeName, flags.scope, "scope");
  return withStore(config, (store) => {
    const user = store.users.byEmail(email);
    if (!user) throw new UsageError(`no user with email ${email}; create one with: ${upbeatCommand()} user add --email ${email}`);
    const name = typeof flags.name === "string" ? flags.name : "CLI key";
    const { key } = createApiKeyService(store, Date.now).create(user.id, { name, scope });
    console.log(key);
    return 0;
  });
}

/** A consistent copy while the server keeps running: SQLite's VACUUM INTO or PostgreSQL's pg_dump reads one snapshot. */
export async function backup(config: Config, { words }: Parsed): Promise<number> {
  const target = words[0];
  if (!target) throw new UsageError("backup needs a file name: upbeat backup FILE");
  const path = resolve(target);
  if (existsSync(path)) throw new UsageError(`${path} already exists; choose a new file name`);
  if (config.databaseUrl === null && !existsSync(config.dbPath)) throw new UsageError(`no database at ${config.dbPath} (set UPBEAT_DATA_DIR)`);
  const opened = openStore(config);
  try {
    ownerOnlyFile(path);
    opened.store.backupTo(path);
    console.log(`backed up ${opened.shownAs} to ${path}`);
    return 0;
  } catch (error) {
    rmSync(path, { force: true }); // not a backup: the next try may use the name
    throw error;
  } finally {
    opened.close();
  }
}

export async function migrateOnly(config: Config): Promise<number> {
  const opened = openStore(config);
  opened.close();
  console.log(opened.migrated === 0 ? "database is up to date" : `applied ${opened.migrated} migration(s)`);
  return 0;
}

/** A missing or read-only data dir is bad configuration: say which variable, before SQLite says something vaguer. */
export function ensureDataDir(config: Config): void {
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (error) {
    throw new ConfigError(`UPBEAT_DATA_DIR: cannot write to ${config.dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
