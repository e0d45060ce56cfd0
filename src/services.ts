// The domain services, one owner per rule: the API, the scheduler and heartbeats call these rather than the store.
import { createApiKeyService } from "./accounts/api-keys.ts";
import { createSessionService } from "./accounts/sessions.ts";
import { createUserService } from "./accounts/users.ts";
import { createMonitorHistory } from "./monitors/history.ts";
import { watchMaintenance } from "./maintenance/live.ts";
import { createMaintenanceService } from "./maintenance/service.ts";
import { createLiveFeed } from "./monitors/live.ts";
import { createMonitorService } from "./monitors/service.ts";
import { createStatusChanges } from "./monitors/status.ts";
import { createInvitationService } from "./organizations/invitations.ts";
import { createOrganizationService } from "./organizations/service.ts";
import { createProjectService } from "./projects/service.ts";
import { createStatusPageService } from "./status-pages/service.ts";
import type { LiveRelay } from "./cluster/live-relay.ts";
import type { Store } from "./store/index.ts";
import type { Clock } from "./time.ts";

export function createServices(store: Store, clock: Clock, relay: LiveRelay | null = null) {
  // the one place a monitor's status changes, for checks, pings and edits alike
  const statusChanges = createStatusChanges(store);
  const monitors = createMonitorService(store, clock, statusChanges);
  const statusPages = createStatusPageService(store, clock);
  monitors.onChange((change) => change.type === "saved" && statusPages.monitorSaved(change.monitor));
  const live = createLiveFeed(store, relay);
  monitors.onChange(live.monitorChanged);
  statusChanges.onStatusChange((change, monitor) => live.statusChanged(change, monitor.projectId));
  const invitations = createInvitationService(store, clock);
  const maintenance = createMaintenanceService(store, clock);
  const maintenanceWatch = watchMaintenance(store, maintenance, clock, live.maintenanceChanged);
  maintenance.onChange(maintenanceWatch.windowsChanged);
  // a monitor created in (or moved to) a project under a running window joins it at once, and is let go when it ends
  // the other instances watch the windows too: told of a change, each reads them again and tells its own streams
  monitors.onChange(() => maintenanceWatch.monitorChanged() && relay?.windowsChanged());
  if (relay) maintenance.onChange(relay.windowsChanged);
  return {
    users: createUserService(store, clock),
    sessions: createSessionService(store, clock),
    apiKeys: createApiKeyService(store, clock),
    organizations: createOrganizationService(store, clock, invitations),
    invitations,
    projects: createProjectService(store, clock),
    monitors,
    monitorHistory: createMonitorHistory(store, monitors, clock),
    statusPages,
    statusChanges,
    live,
    maintenance,
    maintenanceWatch,
  };
}

export type Services = ReturnType<typeof createServices>;
