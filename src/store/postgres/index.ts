// The PostgreSQL store (UPBEAT_DATABASE_URL): the same surface as the SQLite one (../store.ts), one small
// store per resource on one synchronous connection (db/postgres/connection.ts).
import type { PgConnection } from "../../db/postgres/connection.ts";
import { dumpPostgres } from "../../db/postgres/dump.ts";
import { pgDatabase } from "../../db/postgres/session.ts";
import type { Store } from "../store.ts";
import { clusterStore } from "./cluster.ts";
import { channelsStore } from "./channels.ts";
import { deliveriesStore } from "./deliveries.ts";
import { dependenciesStore } from "./dependencies.ts";
import { escalationsStore } from "./escalations.ts";
import { incidentsStore } from "./incidents.ts";
import { maintenanceStore } from "./maintenance.ts";
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
import { sslWarningsStore } from "./ssl-warnings.ts";
import { pgTransactionsOf } from "./transactions.ts";
import { apiKeysStore } from "./api-keys.ts";
import { dailyUptimeStore } from "./daily-uptime.ts";
import { importsStore } from "./imports.ts";
import { invitationsStore } from "./invitations.ts";
import { regionsStore } from "./regions.ts";
import { serverSecretsStore } from "./server-secrets.ts";
import { sessionsStore } from "./sessions.ts";
import { statusPagesStore } from "./status-pages.ts";
import { usersStore } from "./users.ts";

export function createPostgresStore(connection: PgConnection): Store {
  const db = pgDatabase(connection);
  const transactions = pgTransactionsOf(connection);
  return {
    users: usersStore(db),
    organizations: organizationsStore(db),
    invitations: invitationsStore(db),
    projects: projectsStore(db),
    monitors: monitorsStore(db),
    checks: checksStore(db, connection),
    latestChecks: latestChecksStore(db),
    recentResults: recentResultsStore(db),
    rollups: rollupsStore(db),
    events: eventsStore(db),
    pulses: pulsesStore(db),
    heartbeats: heartbeatsStore(db),
    apiKeys: apiKeysStore(db),
    sessions: sessionsStore(db),
    statusPages: statusPagesStore(db, transactions.transaction),
    dailyUptime: dailyUptimeStore(db),
    channels: channelsStore(db, transactions.transaction),
    deliveries: deliveriesStore(db),
    incidents: incidentsStore(db),
    sslWarnings: sslWarningsStore(db),
    dependencies: dependenciesStore(db, transactions.transaction),
    maintenance: maintenanceStore(db, transactions.transaction),
    escalations: escalationsStore(db, transactions.transaction),
    flapping: flappingStore(db),
    serverSecrets: serverSecretsStore(db),
    regions: regionsStore(db),
    imports: importsStore(db),
    cluster: clusterStore(db),
    ...transactions,
    backupTo: (path: string) => dumpPostgres(connection.url, path),
  };
}
