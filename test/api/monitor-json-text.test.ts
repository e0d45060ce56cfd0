// The API sends a monitor as JSON text built from cached runs of fields; it must be the same JSON,
// field for field and in the same order, as monitorJson's object (which as-code exports use).
import { expect, test } from "bun:test";
import { monitorJson, monitorJsonText, type MonitorExtras } from "../../src/api/json.ts";
import type { MonitorRow } from "../../src/domain/types.ts";

const row = (more: Partial<MonitorRow>): MonitorRow => ({
  id: "0190a000-0000-7000-8000-000000000001", seq: 1, projectId: "p1", name: "shop \"main\" ✓", kind: "http", url: "https://example.com/",
  status: "down", statusReason: "timeout", intervalSeconds: 60, timeoutSeconds: 10, retries: 1, failStreak: 2, recoveryChecks: 1,
  successStreak: 0, isPaused: false, isPublic: true, remindEveryMinutes: 0, flapThreshold: 6, flapWindowMinutes: 30, flappingSince: 5,
  isCritical: false, createdAt: 1_700_000_000_000, updatedAt: 1_700_000_001_000, lastCheckedAt: null, nextDueAt: null,
  settings: { method: "HEAD" }, lastDetails: { http: { status: 504 } } as unknown as MonitorRow["lastDetails"], pingToken: null, regions: [], minFailingRegions: 1, ...more,
});

const extras: MonitorExtras[] = [
  { channelIds: [], dependsOn: [], escalations: [], maintenanceId: null },
  {
    channelIds: ["c1", "c2"], dependsOn: ["m2"], escalations: [{ afterMinutes: 5, channelIds: ["c1"] }], maintenanceId: "w1",
    recent: { results: [{ at: 1_700_000_000_000, isUp: false, code: 504, ms: 10_000, error: "timeout" }], lastResponseMs: 10_000, uptime24h: 99.5 },
  },
];

const rows = [
  row({}),
  row({ kind: "heartbeat", url: null, pingToken: "tok_123", settings: { grace_seconds: 30 } }),
  row({ kind: "postgres", url: "postgres://db:5432/app", settings: { username: "app", password: "hunter22-secret" } }),
];

test("the text is monitorJson's object, in the same field order, for every kind and extras; a row's text follows a new base URL", () => {
  for (const m of rows) {
    for (const e of extras) {
      for (const base of ["http://127.0.0.1:3000", "https://up.example.com"]) {
        const text = monitorJsonText(m, base, e);
        expect(text).toBe(JSON.stringify(monitorJson(m, base, e)));
      }
    }
  }
  expect(monitorJsonText(rows[2]!, "", extras[0]!)).not.toContain("hunter22");
});

test("the same extras (the caches' same arrays) give the answer made last time; new extras give a new one", () => {
  const m = row({ id: "0190a000-0000-7000-8000-000000000002" });
  const first = { channelIds: ["c1"], dependsOn: [], escalations: [], maintenanceId: null };
  const text = monitorJsonText(m, "", first);
  expect(monitorJsonText(m, "", { ...first })).toBe(text);
  for (const changed of [{ ...first, channelIds: ["c2"] }, { ...first, dependsOn: ["m9"] }, { ...first, maintenanceId: "w2" },
    { ...first, escalations: [{ afterMinutes: 1, channelIds: ["c1"] }] }]) {
    expect(monitorJsonText(m, "", changed)).toBe(JSON.stringify(monitorJson(m, "", changed)));
  }
  const withRecent = { ...extras[1]!, recent: { ...extras[1]!.recent!, uptime24h: 12.5 } };
  expect(JSON.parse(monitorJsonText(m, "", withRecent)).recent.uptime_24h).toBe(12.5);
});
