// Every status flip (a check, a ping, an overdue heartbeat) goes through one place: the event row is
// written with the monitor row, and listeners hear of each flip exactly once, after it is committed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAlerts } from "../../src/alerts/pipeline.ts";
import type { MonitorRow } from "../../src/domain/types.ts";
import type { StatusChange } from "../../src/monitors/status.ts";
import type { Store } from "../../src/store/index.ts";
import { createHeartbeat, waitFor } from "../heartbeats/support.ts";
import { manualClock } from "../support/clock.ts";
import { schedulerHarness } from "../scheduler/harness.ts";
import { startServer, type TestServer } from "../support/server.ts";
import { openStoreOf } from "../support/store.ts";

type Heard = { change: StatusChange; monitor: MonitorRow };

function listen(onStatusChange: (listener: (change: StatusChange, monitor: MonitorRow) => void) => () => void): Heard[] {
  const heard: Heard[] = [];
  onStatusChange((change, monitor) => heard.push({ change, monitor }));
  return heard;
}

/** What listeners heard, next to the event rows as stored: the same flips, once each. */
function heardAndStored(heard: Heard[], store: Store, monitorId: string): { heard: Record<string, unknown>[]; stored: Record<string, unknown>[] } {
  const mine = heard.filter((h) => h.change.monitorId === monitorId);
  return {
    // what an alert says beyond the event row (a late heartbeat's times, an expiring certificate) is not stored with it
    heard: mine.map(({ change: { late: _, certificate: __, ...change }, monitor }) => ({ ...change, monitorStatus: monitor.status })),
    stored: store.events.list(monitorId, 100).reverse().map((e) => ({
      eventId: e.id, monitorId: e.monitorId, from: e.fromStatus, to: e.toStatus, reason: e.reason, at: e.at, monitorStatus: e.toStatus,
    })),
  };
}

/** An HTTP site on 127.0.0.1 that can be stopped and started again on the same port. */
function startSite() {
  const serve = (port: number) => Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("ok") });
  let server = serve(0);
  const port = server.port!;
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.stop(true), start: () => (server = serve(port)) };
}

test("checks: a site that stops and starts again flips down and up, each heard once", async () => {
  const site = startSite();
  const h = await schedulerHarness();
  try {
    h.scheduler.load();
    const heard = listen(h.statusChanges.onStatusChange);
    const m = h.create({ kind: "http", name: "site", url: site.url, interval_seconds: 60, timeout_seconds: 5 });
    const checkAfter = async (ms: number) => {
      h.advance(ms);
      await h.scheduler.checkDue();
    };
    await checkAfter(0);
    site.stop();
    await checkAfter(60_000);
    await checkAfter(60_000); // still down: no flip
    site.start();
    await checkAfter(60_000);

    const { heard: flips, stored } = heardAndStored(heard, h.store, m.id);
    expect(flips.map((f) => `${f.from}>${f.to}`)).toEqual(["pending>up", "up>down", "down>up"]);
    expect(flips[1]!.reason).toBe("connection refused");
    expect(flips).toEqual(stored);
    expect(h.checks(m.id).map((c) => c.isUp)).toEqual([true, false, false, true]);
  } finally {
    site.stop();
    await h.close();
  }
});

test("a second flip from the same status loses the race and is not heard; a rolled-back one is not heard either", async () => {
  const h = await schedulerHarness();
  try {
    const heard = listen(h.statusChanges.onStatusChange);
    const m = h.create({ kind: "http", name: "site", url: "http://127.0.0.1:9/", interval_seconds: 60 });
    const flip = { monitorId: m.id, from: "pending" as const, to: "down" as const, reason: "refused", at: 1 };
    expect(h.statusChanges.change(flip)).toMatchObject({ from: "pending", to: "down" });
    expect(h.statusChanges.change({ ...flip, to: "up", reason: null })).toBeNull();
    expect(() => h.store.transaction(() => {
      h.statusChanges.change({ monitorId: m.id, from: "down", to: "up", reason: null, at: 2 });
      throw new Error("rolled back");
    })).toThrow("rolled back");
    h.statusChanges.change({ monitorId: m.id, from: "down", to: "up", reason: null, at: 3 });

    expect(heard.map((x) => `${x.change.from}>${x.change.to}@${x.change.at}`)).toEqual(["pending>down@1", "down>up@3"]);
    expect(heardAndStored(heard, h.store, m.id).stored).toHaveLength(2);
  } finally {
    await h.close();
  }
});

test("edits: a new target puts a down monitor back to pending through the same change: event written, heard, no alert", async () => {
  const h = await schedulerHarness();
  const config = { alertRetrySeconds: 30, alertRetryHours: 24, alertRateLimit: 10 };
  const alerts = createAlerts({ store: h.store, statusChanges: h.statusChanges, clock: h.clock, config, baseUrl: () => "https://upbeat.test" });
  try {
    const heard = listen(h.statusChanges.onStatusChange);
    const m = h.create({ kind: "http", name: "site", url: "http://127.0.0.1:9/", interval_seconds: 60 });
    const organizationId = h.store.projects.organizationOf(m.projectId)!;
    const channel = h.store.channels.insert({ organizationId, name: "ops", kind: "webhook", config: { url: "http://127.0.0.1:9/" } }, h.clock());
    h.store.channels.setMonitorLinks(m.id, [channel.id]);
    h.statusChanges.change({ monitorId: m.id, from: "pending", to: "down", reason: "refused", at: h.clock() });
    h.update(m.id, { name: "renamed" }); // not the target: the status stands
    h.update(m.id, { url: "http://127.0.0.1:10/" });

    const { heard: flips, stored } = heardAndStored(heard, h.store, m.id);
    expect(flips.map((f) => `${f.from}>${f.to}:${f.reason}`)).toEqual(["pending>down:refused", "down>pending:settings changed"]);
    expect(flips).toEqual(stored);
    expect(h.monitor(m.id)).toMatchObject({ status: "pending", statusReason: "settings changed", failStreak: 0, url: "http://127.0.0.1:10/" });
    expect(h.store.deliveries.listForMonitor(m.id, 10).map((d) => d.event)).toEqual(["down"]);
  } finally {
    alerts.stopListening();
    await h.close();
  }
});

describe("heartbeats", () => {
  const time = manualClock(Date.parse("2026-03-01T12:00:00.000Z"));
  let server: TestServer;
  let key: string;
  let heard: Heard[];
  beforeAll(async () => {
    server = await startServer({}, time.now);
    key = await server.adminKey();
    heard = listen(server.onStatusChange);
  });
  afterAll(() => server.close());
  const ping = async (token: string, suffix = "") => expect((await fetch(`${server.base}/ping/${token}${suffix}`)).status).toBe(200);

  test("pings: /fail flips down and a success up, each heard once by the time the ping is answered", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 3600 });
    await ping(monitor.ping_token, "/fail");
    await ping(monitor.ping_token, "/fail");
    await ping(monitor.ping_token, "/log");
    await ping(monitor.ping_token);

    const { heard: flips, stored } = heardAndStored(heard, openStoreOf(server).store, monitor.id);
    expect(flips.map((f) => `${f.from}>${f.to}:${f.reason}`)).toEqual(["pending>down:fail", "down>up:null"]);
    expect(flips).toEqual(stored);
  });

  test("overdue: a silent heartbeat flips down once, heard once", async () => {
    const monitor = await createHeartbeat(server, key, { interval_seconds: 60, grace_seconds: 0 });
    await ping(monitor.ping_token);
    time.advance(60_001);
    const mine = () => heard.filter((h) => h.change.monitorId === monitor.id);
    await waitFor(mine, (flips) => flips.length === 2);
    await Bun.sleep(1500); // more sweeps: nothing flips twice

    const { heard: flips, stored } = heardAndStored(heard, openStoreOf(server).store, monitor.id);
    expect(flips.map((f) => `${f.from}>${f.to}:${f.reason}`)).toEqual(["pending>up:null", "up>down:timeout"]);
    expect(flips).toEqual(stored);
    // the flip says it is late: since the ping, past the deadline (period + grace after it)
    const pingedAt = stored[0]!.at as number;
    expect(mine()[1]!.change.late).toEqual({ lastPingAt: pingedAt, expectedBy: pingedAt + 60_000 });
  });
});
