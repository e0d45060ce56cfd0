// The PostgreSQL store (UPBEAT_DATABASE_URL): the same surface as the SQLite one (../store.ts), one small
// store per resource on one synchronous connection (db/postgres/connection.ts).
import type { PgConnection } from "../../db/postgres/connection.ts";
import { pgDatabase } from "../../db/postgres/session.ts";
import type { Store } from "../store.ts";
import { clusterStore } from "./cluster.ts";
import { notPorted } from "./not-ported.ts";
import { monitorsStore } from "./monitors.ts";
import { organizationsStore } from "./organizations.ts";
import { projectsStore } from "./projects.ts";
import { pgTransactionsOf } from "./transactions.ts";
import { usersStore } from "./users.ts";

export function createPostgresStore(connection: PgConnection): Store {
  const db = pgDatabase(connection);
  return {
    users: usersStore(db),
    organizations: organizationsStore(db),
    invitations: notPorted("invitations"),
    projects: projectsStore(db),
    monitors: monitorsStore(db),
    checks: notPorted("checks"),
    latestChecks: notPorted("latestChecks"),
    recentResults: notPorted("recentResults"),
    rollups: notPorted("rollups"),
    events: notPorted("events"),
    pulses: notPorted("pulses"),
    heartbeats: notPorted("heartbeats"),
    apiKeys: notPorted("apiKeys"),
    sessions: notPorted("sessions"),
    statusPages: notPorted("statusPages"),
    dailyUptime: notPorted("dailyUptime"),
    channels: notPorted("channels"),
    deliveries: notPorted("deliveries"),
    incidents: notPorted("incidents"),
    sslWarnings: notPorted("sslWarnings"),
    dependencies: notPorted("dependencies"),
    maintenance: notPorted("maintenance"),
    escalations: notPorted("escalations"),
    flapping: notPorted("flapping"),
    serverSecrets: notPorted("serverSecrets"),
    imports: notPorted("imports"),
    cluster: clusterStore(db),
    ...pgTransactionsOf(connection),
    backupTo: notPorted<{ backupTo(path: string): void }>("backup").backupTo,
  };
}
