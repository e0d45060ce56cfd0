// `upbeat export` and `upbeat apply`: an organization's configuration as a file, applied declaratively.
import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config.ts";
import { isDataDirLocked } from "../db/lock.ts";
import { createEditAnnouncer } from "../cluster/edit-announcer.ts";
import { AppError } from "../errors.ts";
import { withStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import { readDocument } from "../as-code/document.ts";
import { documentOf, formatDocument } from "../as-code/export.ts";
import { localBackend } from "../as-code/local.ts";
import { describePlan, planApply } from "../as-code/plan.ts";
import { remoteBackend } from "../as-code/remote.ts";
import type { Backend } from "../as-code/state.ts";
import { validateDocument } from "../as-code/validate.ts";
import { UsageError, required, type Parsed } from "./args.ts";
import { ensureDataDir } from "./commands.ts";

const text = (flags: Parsed["flags"], name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);

/** The acting user and organization: --email (their first organization they may write in, or --org), or --org's owner. */
function actingIn(store: Store, flags: Parsed["flags"]): { userId: string; organizationId: string } {
  const email = text(flags, "email");
  const organizationId = text(flags, "org");
  if (email) {
    const user = store.users.byEmail(email);
    if (!user) throw new UsageError(`no user with email ${email}`);
    const memberships = store.organizations.listForUser(user.id);
    const membership = organizationId ? memberships.find((m) => m.organization.id === organizationId) : (memberships.find((m) => m.role !== "viewer") ?? memberships[0]);
    if (!membership) throw new UsageError(organizationId ? `${email} is not a member of organization ${organizationId}` : `${email} has no organization`);
    return { userId: user.id, organizationId: membership.organization.id };
  }
  if (!organizationId) throw new UsageError("--email (of a member) or --org (an organization id) is required");
  const owner = store.organizations.members(organizationId).find((m) => m.role === "owner");
  if (!owner) throw new UsageError(`no organization ${organizationId}`);
  return { userId: owner.user.id, organizationId };
}

/** A refusal by the domain (no such organization, not allowed) is the user's to fix: one line, exit 2. */
async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(error.message);
    throw error;
  }
}

export async function exportConfig(config: Config, { flags }: Parsed): Promise<number> {
  const format = text(flags, "format") ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new UsageError("--format must be yaml or json");
  return withStore(config, async (store) => {
    const { userId, organizationId } = actingIn(store, flags);
    const state = await localBackend(store, userId, organizationId, { withSecrets: flags["with-secrets"] === true }).read();
    process.stdout.write(formatDocument(documentOf(state, { withSecrets: flags["with-secrets"] === true }), format));
    return 0;
  });
}

export async function applyConfig(config: Config, { flags }: Parsed): Promise<number> {
  const file = required(flags, "file");
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const { document, located } = readDocument(file, readFileSync(file, "utf8"), process.env);
  validateDocument(document, located);
  const dryRun = flags["dry-run"] === true;

  const applyWith = async (backend: Backend) => {
    const plan = planApply(document, await asUserError(() => backend.read()), located, { prune: flags.prune === true });
    for (const line of describePlan(plan)) console.log(line);
    if (dryRun || plan.changes.length === 0) return 0;
    await plan.run(backend);
    console.log("applied");
    return 0;
  };

  const url = text(flags, "url");
  if (url) return applyWith(remoteBackend(url, required(flags, "api-key"), text(flags, "org")));
  ensureDataDir(config);
  if (isDataDirLocked(config.dataDir)) {
    throw new UsageError(`upbeat is running on ${config.dataDir}: apply through it with --url http://HOST:PORT --api-key pm_…`);
  }
  // on a shared database, the running instances' event streams show the applied changes once they are committed
  const announcer = config.databaseUrl === null ? null : createEditAnnouncer(config.databaseUrl);
  return withStore(config, async (store) => {
    const { userId, organizationId } = actingIn(store, flags);
    // a dry run writes nothing either way; the transaction makes a failed apply change nothing
    const code = await store.transactionAsync(() => applyWith(localBackend(store, userId, organizationId, { relay: announcer?.relay })));
    await announcer?.announce();
    return code;
  });
}
