// The PostgreSQL store (UPBEAT_DATABASE_URL): the same surface as the SQLite one (../store.ts), one small
// store per resource on one synchronous connection (db/postgres/connection.ts).
import type { PgConnection } from "../../db/postgres/connection.ts";
import { pgDatabase } from "../../db/postgres/session.ts";
import type { Store } from "../store.ts";
import { clusterStore } from "./cluster.ts";
import { notPorted } from "./not-ported.ts";
import { checksStore } from "./checks.ts";
import { eventsStore } from "./events.ts";
import { flappingStore } from "./flapping.ts";
import { heartbeatsStore } from "./heartbeats.ts";
import { latestChecksStore } from "./latest-checks.ts";
import { monitorsStore } from "./monitors.ts";
import { organizationsStore } from "./organizations.ts";
import { projectsStore } from "./projects.ts";
import { pulsesStore } from "./pulses.ts";
import { recentResultsStore } from "./recent-results.ts";
import { rollupsStore } from "./rollups.ts";
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
    checks: checksStore(db),
    latestChecks: latestChecksStore(db),
    recentResults: recentResultsStore(db),
    rollups: rollupsStore(db),
    events: eventsStore(db),
    pulses: pulsesStore(db),
    heartbeats: heartbeatsStore(db),
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
    flapping: flappingStore(db),
    serverSecrets: notPorted("serverSecrets"),
    imports: notPorted("imports"),
    cluster: clusterStore(db),
    ...pgTransactionsOf(connection),
    backupTo: notPorted<{ backupTo(path: string): void }>("backup").backupTo,
  };
}
