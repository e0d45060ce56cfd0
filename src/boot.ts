// Start and stop the whole appliance: database, services, HTTP server.
import { UserError } from "./errors.ts";
import type { Config } from "./config.ts";
import { startMemoryTrim } from "./memory-trim.ts";
import { bootstrapAdmin } from "./accounts/users.ts";
import { createHeartbeats } from "./heartbeats/index.ts";
import type { StatusListener } from "./monitors/status.ts";
import { createAlerts } from "./alerts/pipeline.ts";
import { startMaintenance } from "./history/maintenance.ts";
import { readChildrenWith } from "./probes/group.ts";
import { blockPrivateTargets, guardTargets } from "./probes/target-guard.ts";
import { createLiveRelay } from "./cluster/live-relay.ts";
import { createClusterMember } from "./cluster/member.ts";
import { newId } from "./ids.ts";
import { createScheduler } from "./scheduler/scheduler.ts";
import { createStopReport } from "./stop-report.ts";
import { buildApp, BUN_MAX_REQUEST_BODY_BYTES } from "./server.ts";
import { createServices } from "./services.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";
import { upbeatCommand } from "./cli/invocation.ts";
import { systemClock, type Clock } from "./time.ts";

export interface Running {
  port: number;
  url: string;
  /** where the data is (the SQLite file, or the PostgreSQL database without its password) */
  dataShownAs: string;
  /** every route the app registered (the OpenAPI document is checked against these) */
  routes: { method: string; path: string }[];
  /** Hears of every committed status flip (checks, pings, overdue heartbeats); returns the way to stop. */
  onStatusChange(listener: StatusListener): () => void;
  /** event streams (GET /api/v1/events) open now: a closed client must not leave one behind */
  liveSubscribers(): number;
  /** Resolves to null once everything is written and closed, or to one line saying what could not be written. */
  stop(): Promise<string | null>;
}

// requests and checks finish side by side within this, well inside Docker's 10 s before SIGKILL
const STOP_GRACE_MS = 5_000;
// and everything is written by then, or given up on (a database that does not answer): Docker kills at 10 s
const STOP_WITHIN_MS = 7_500;

export class ListenError extends UserError {}

function listenError(config: Config, error: unknown): ListenError {
  const reason = (error as { code?: string }).code === "EADDRINUSE" ? "the port is already in use" : (error as Error).message;
  return new ListenError(`UPBEAT_PORT/UPBEAT_HOST: cannot listen on ${config.host}:${config.port}: ${reason}`);
}

/** Tried before the data folder is touched, so a start that cannot listen creates no database. */
function ensurePortFree(config: Config): void {
  if (config.port === 0) return;
  try {
    Bun.serve({ port: config.port, hostname: config.host, reusePort: false, fetch: () => new Response(null) }).stop(true);
  } catch (error) {
    throw listenError(config, error);
  }
}

/** Creates the admin from UPBEAT_ADMIN_* on a fresh instance; otherwise says why not, in one line. */
async function announceFirstAdmin(store: Store, config: Config, now: number): Promise<void> {
  const admin = await bootstrapAdmin(store, config.adminEmail, config.adminPassword, now);
  if (admin) console.log(`upbeat: created admin ${admin.email}`);
  else if (store.users.count() === 0) {
    console.log(`upbeat: no users yet: open the web UI to create the first admin, set UPBEAT_ADMIN_EMAIL and UPBEAT_ADMIN_PASSWORD, or run: ${upbeatCommand()} user add --email E --password P --admin`);
  } else if (config.adminEmail) {
    console.log("upbeat: UPBEAT_ADMIN_EMAIL and UPBEAT_ADMIN_PASSWORD ignored: users exist already (they only create the first admin)");
  }
}

export async function boot(config: Config, clock: Clock = systemClock): Promise<Running> {
  ensurePortFree(config);
  const opened = openStore(config, { lock: true });
  const { store } = opened;
  await announceFirstAdmin(store, config, clock());
  // on a shared database, the live event stream carries what every instance does
  const relay = config.databaseUrl === null ? null : createLiveRelay(config.databaseUrl);
  const services = createServices(store, clock, relay);
  const { statusChanges } = services;
  // links in alerts: UPBEAT_BASE_URL, else this server's address once it listens
  let ownUrl = "http://localhost";
  const alerts = createAlerts({ store, statusChanges, clock, config, baseUrl: () => config.baseUrl ?? ownUrl });
  const heartbeats = createHeartbeats({
    store, monitors: services.monitors, statusChanges, clock, retentionDays: config.retentionDays, onPulsesRecorded: services.live.pulsesRecorded,
  });
  const app = buildApp({ store, config, clock, services, heartbeats, channels: alerts.channels, notifications: alerts.sender.counts });
  try {
    // reusePort off: a second upbeat on the same port must fail, not share the traffic
    app.listen({ port: config.port, hostname: config.host, reusePort: false, maxRequestBodySize: BUN_MAX_REQUEST_BODY_BYTES });
  } catch (error) {
    await relay?.stop();
    opened.close();
    throw listenError(config, error);
  }
  const server = app.server!;
  const upkeep = opened.startUpkeep();
  guardTargets(config.allowPrivateTargets ? null : blockPrivateTargets({ host: config.host, port: server.port! }));
  readChildrenWith((id) => store.monitors.byId(id));
  // background work starts only once the port is ours, so a failed start leaves nothing running
  heartbeats.start();
  // on a store several upbeats share, this one checks only its share of the monitors
  const member = store.cluster ? createClusterMember({ cluster: store.cluster, instanceId: newId(), region: config.region }) : null;
  const scheduler = createScheduler({
    store, monitors: services.monitors, statusChanges, clock, maxConcurrent: config.maxConcurrentChecks, onChecksRecorded: services.live.checksRecorded,
    shared: member ?? undefined, region: config.region ? { id: store.regions.idOf(config.region), name: config.region } : null,
  });
  scheduler.start();
  member?.start(scheduler);
  services.maintenanceWatch.start();
  await relay?.start({
    events: services.live.heard,
    windowsChanged() {
      services.maintenance.changedElsewhere();
      services.maintenanceWatch.windowsChanged();
    },
    watching: () => services.live.subscriberCount() > 0,
  });
  const maintenance = startMaintenance(store, clock, config.retentionDays);
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  ownUrl = `http://${shownHost}:${server.port}`;
  alerts.start();
  // event streams stay open for as long as a dashboard does: only other requests make the server busy
  const memoryTrim = startMemoryTrim(() => server.pendingRequests > services.live.subscriberCount());

  let stopping: Promise<string | null> | null = null;
  return {
    port: server.port!,
    url: ownUrl,
    dataShownAs: opened.shownAs,
    routes: app.routes.map((route: { method: string; path: string }) => ({ method: route.method, path: route.path })),
    onStatusChange: statusChanges.onStatusChange,
    liveSubscribers: services.live.subscriberCount,
    stop() {
      stopping ??= (async () => {
        const deadline = Date.now() + STOP_WITHIN_MS;
        // a database that stopped answering must not hold the stop past the supervisor's SIGKILL
        opened.giveUpAt(deadline);
        const report = createStopReport();
        memoryTrim.stop();
        // stop accepting and scheduling; let in-flight requests and checks finish (bounded) and be written
        const requestsDone = Promise.race([server.stop(false), Bun.sleep(STOP_GRACE_MS)]).then(() => server.stop(true));
        member?.halt();
        // sends in flight finish side by side (or are cancelled and left due for the next start)
        await Promise.all([
          requestsDone,
          scheduler.stop(STOP_GRACE_MS, deadline).then(report.resultsLost),
          report.step("alert sends", () => alerts.sender.stop(STOP_GRACE_MS)),
        ]);
        // the checks in flight are stored: the others take this one's monitors over now, not after the lease timeout
        if (member) await report.step("handing the monitors back to the other instances", () => member.leave());
        await report.step("storing the last pings", () => heartbeats.stop());
        services.maintenanceWatch.stop();
        await report.step("closing the event relay", () => relay && Promise.race([relay.stop(), Bun.sleep(Math.max(0, deadline - Date.now()))]));
        // flips up to here (the last pings) were queued in the outbox: they go out after the next start
        alerts.stopListening();
        await report.step("history maintenance", () => maintenance.stop());
        await upkeep.stop();
        opened.close();
        return report.summary();
      })();
      return stopping;
    },
  };
}
