// `upbeat import <source> PATH`: another tool's monitors, channels, status pages and windows into an organization.
import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { isDataDirLocked } from "../db/lock.ts";
import { createChannelService } from "../channels/service.ts";
import { createEditAnnouncer } from "../cluster/edit-announcer.ts";
import { AppError } from "../errors.ts";
import { applyImport } from "../import/apply.ts";
import { importerNamed, IMPORTER_NAMES } from "../import/registry.ts";
import { formatReport } from "../import/report.ts";
import { createServices } from "../services.ts";
import { withStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import { systemClock } from "../time.ts";
import { UsageError, type Parsed } from "./args.ts";
import { upbeatCommand } from "./invocation.ts";

/** The owner named by --email, else the first admin (on a fresh homelab install, the only user). */
function importingUser(store: Store, email: string | undefined) {
  if (email !== undefined) {
    const user = store.users.byEmail(email);
    if (!user) throw new UsageError(`no user with email ${email}`);
    return user;
  }
  const admin = store.users.list(1000, 0).find((u) => u.isAdmin);
  if (!admin) throw new UsageError(`no admin yet: create one with ${upbeatCommand()} user add --admin, or name an owner with --email`);
  return admin;
}

export async function importCommand(config: Config, { words, flags }: Parsed): Promise<number> {
  const [source, file] = words;
  if (!source || !file) throw new UsageError(`import needs a source and a file: upbeat import ${IMPORTER_NAMES.join("|")} PATH`);
  const importer = importerNamed(source);
  const plan = await importer.read(resolve(file), {
    withHistory: flags["with-history"] === true,
    pingKey: typeof flags["ping-key"] === "string" ? flags["ping-key"] : undefined,
    now: Date.now(),
  });
  // on a shared database, the running instances' event streams show what was imported
  const announcer = config.databaseUrl === null ? null : createEditAnnouncer(config.databaseUrl);
  return withStore(config, async (store) => {
    const services = createServices(store, systemClock, announcer?.relay);
    // creating and changing channels sends nothing; test messages are the running server's
    const channels = createChannelService({ store, clock: systemClock, sender: { sendNow: () => Promise.reject(new Error("not sent from the CLI")) }, baseUrl: () => config.baseUrl ?? "" });
    const user = importingUser(store, typeof flags.email === "string" ? flags.email : undefined);
    const report = applyImport({ store, services, channels, clock: systemClock }, user.id, plan, {
      dryRun: flags["dry-run"] === true,
      projectName: typeof flags.project === "string" ? flags.project : undefined,
    });
    if (!report.dryRun) await announcer?.announce();
    console.log(`${importer.label} → ${user.email}'s organization`);
    console.log(formatReport(report));
    if (!report.dryRun && isDataDirLocked(config.dataDir)) console.log("upbeat is running: restart it to start checking the imported monitors");
    return 0;
  }).catch((error) => {
    throw error instanceof AppError ? new UsageError(error.message) : error;
  });
}
