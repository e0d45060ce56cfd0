// The SQLite store (store.ts declares its surface): one small store per resource, built on one database handle.
import type { Db } from "../db/open.ts";
import { apiKeysStore } from "./api-keys.ts";
import { channelsStore } from "./channels.ts";
import { checksStore } from "./checks.ts";
import { deliveriesStore } from "./deliveries.ts";
import { dailyUptimeStore } from "./daily-uptime.ts";
import { dependenciesStore } from "./dependencies.ts";
import { escalationsStore } from "./escalations.ts";
import { eventsStore } from "./events.ts";
import { flappingStore } from "./flapping.ts";
import { heartbeatsStore } from "./heartbeats.ts";
import { importsStore } from "./imports.ts";
import { incidentsStore } from "./incidents.ts";
import { invitationsStore } from "./invitations.ts";
import { latestChecksStore } from "./latest-checks.ts";
import { recentResultsStore } from "./recent-results.ts";
import { maintenanceStore } from "./maintenance.ts";
import { MonitorRows } from "./monitor-rows.ts";
import { monitorsStore } from "./monitors.ts";
import { organizationsStore } from "./organizations.ts";
import { projectsStore } from "./projects.ts";
import { pulsesStore } from "./pulses.ts";
import { rollupsStore } from "./rollups.ts";
import { regionsStore } from "./regions.ts";
import { serverSecretsStore } from "./server-secrets.ts";
import { sessionsStore } from "./sessions.ts";
import { sslWarningsStore } from "./ssl-warnings.ts";
import { statusPagesStore } from "./status-pages.ts";
import type { Store } from "./store.ts";
import { transactionsOf } from "./transactions.ts";
import { usersStore } from "./users.ts";

export type { Store } from "./store.ts";

export function createStore(db: Db): Store {
  const escalations = escalationsStore(db);
  // the API's monitor reads from memory: each store writing the monitors table forgets what it wrote
  const monitorRows = new MonitorRows();
  return {
    users: usersStore(db),
    organizations: organizationsStore(db),
    invitations: invitationsStore(db),
    projects: projectsStore(db, monitorRows),
    monitors: monitorsStore(db, monitorRows),
    checks: checksStore(db, monitorRows),
    latestChecks: latestChecksStore(db),
    recentResults: recentResultsStore(db),
    rollups: rollupsStore(db),
    events: eventsStore(db, monitorRows),
    pulses: pulsesStore(db),
    heartbeats: heartbeatsStore(db, monitorRows),
    apiKeys: apiKeysStore(db),
    sessions: sessionsStore(db),
    statusPages: statusPagesStore(db),
    dailyUptime: dailyUptimeStore(db),
    channels: channelsStore(db, escalations.channelDeleted),
    deliveries: deliveriesStore(db),
    incidents: incidentsStore(db),
    sslWarnings: sslWarningsStore(db),
    dependencies: dependenciesStore(db),
    maintenance: maintenanceStore(db),
    escalations,
    flapping: flappingStore(db, monitorRows),
    serverSecrets: serverSecretsStore(db),
    regions: regionsStore(db),
    imports: importsStore(db),
    ...transactionsOf(db, () => monitorRows.clear()),
    // VACUUM INTO reads one snapshot, and fills an empty file keeping its mode
    backupTo: (path: string) => void db.$client.query("VACUUM INTO ?").run(path),
  };
}
