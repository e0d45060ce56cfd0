// Gatus: its YAML configuration. Endpoints become checked monitors, external endpoints heartbeats, groups
// projects, alerting providers channels; what has no upbeat equivalent is listed as skipped, with its line.
import { readFileSync } from "node:fs";
import { isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { UserError } from "../errors.ts";
import { mapProvider } from "./gatus-alerting.ts";
import { durationSeconds, mapConditions } from "./gatus-conditions.ts";
import { emptyPlan, type ImportPlan, type Importer } from "./plan.ts";

type Entry = Record<string, unknown>;

/** Gatus expands $VAR and ${VAR} from its environment; so does the import (an unset one stays as written). */
const expandEnv = (text: string) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => process.env[braced ?? bare] ?? whole);

const projectRef = (group: unknown) => (typeof group === "string" && group !== "" ? `group:${group}` : null);

/** The target and kind an endpoint's URL scheme means, or why upbeat has none. */
function targetOf(e: Entry): { kind: string; url: string; settings: Entry } | { skip: string } {
  const url = String(e.url ?? "");
  const dns = e.dns as Entry | undefined;
  if (dns) return { kind: "dns", url: String(dns["query-name"] ?? "").replace(/\.$/, ""), settings: { record_type: dns["query-type"], dns_resolver: url.replace(/^dns:\/\//, "") } };
  if (/^https?:\/\//i.test(url)) return { kind: "http", url, settings: {} };
  const [, scheme, rest] = /^(\w+):\/\/(.*)$/.exec(url) ?? [];
  if (scheme === "tcp") return { kind: "tcp", url: rest!, settings: {} };
  if (scheme === "icmp") return { kind: "ping", url: rest!, settings: {} };
  if (scheme === "tls") return { kind: "ssl", url: rest!, settings: {} };
  return { skip: `upbeat has no ${scheme ?? "such"} checks (${url})` };
}

function readEndpoint(plan: ImportPlan, e: Entry, line: number): void {
  const name = String(e.name ?? `line ${line}`);
  const target = targetOf(e);
  if ("skip" in target) {
    plan.skipped.push({ what: "endpoint", name, reason: `line ${line}: ${target.skip}` });
    return;
  }
  const conditions = mapConditions(Array.isArray(e.conditions) ? e.conditions.map(String) : [], target.kind);
  for (const condition of conditions.skipped) plan.skipped.push({ what: "condition", name: `${name}: ${condition}`, reason: `line ${line}: upbeat has no equivalent` });
  const notes = [...conditions.notes];
  const client = (e.client ?? {}) as Entry;
  const interval = durationSeconds(e.interval ?? "60s") ?? 60;
  const alerts = Array.isArray(e.alerts) ? (e.alerts as Entry[]) : [];
  const thresholds = [...new Set(alerts.map((a) => Number(a["failure-threshold"] ?? 3)))];
  if (thresholds.length > 1) notes.push(`its alerts' failure thresholds (${thresholds.join(", ")}) become one: ${thresholds[0]} failures`);
  const body: Entry = {
    kind: target.kind, name, url: target.url, interval_seconds: interval, is_paused: e.enabled === false, ...target.settings,
    ...(target.kind === "http" ? {
      method: e.method ?? "GET", headers: e.headers ?? {}, body: e.body ?? null, ignore_tls_errors: client.insecure === true,
      // Gatus checks no status code unless a condition says so
      expected_status: "100-599",
    } : {}),
    ...(durationSeconds(client.timeout) ? { timeout_seconds: Math.ceil(durationSeconds(client.timeout)!) } : {}),
    ...conditions.settings,
    ...(alerts.length > 0 ? { retries: Math.max(0, thresholds[0]! - 1), recovery_checks: Number(alerts[0]!["success-threshold"] ?? 2) } : {}),
  };
  const channelRefs = alerts.filter((a) => a.enabled !== false).map((a) => `alerting:${a.type}`);
  plan.monitors.push({ ref: `endpoint:${e.group ?? ""}/${name}`, name, notes, body, projectRef: projectRef(e.group), channelRefs });
  if (conditions.certificateDays) {
    const host = new URL(target.url);
    plan.monitors.push({
      ref: `endpoint:${e.group ?? ""}/${name}:certificate`, name: `${name} (certificate)`, projectRef: projectRef(e.group), channelRefs,
      notes: ["[CERTIFICATE_EXPIRATION]: a separate ssl monitor"],
      body: { kind: "ssl", name: `${name} (certificate)`, url: host.port ? `${host.hostname}:${host.port}` : host.hostname, ssl_expiry_days: conditions.certificateDays, interval_seconds: Math.max(interval, 300) },
    });
  }
}

function readExternalEndpoint(plan: ImportPlan, e: Entry): void {
  const name = String(e.name);
  const heartbeat = durationSeconds((e.heartbeat as Entry | undefined)?.interval);
  const notes = ["push to its upbeat ping URL instead of Gatus' /api/v1/endpoints/<key>/external"];
  if (!heartbeat) notes.push("Gatus expected no heartbeat: a daily period is set");
  plan.monitors.push({
    ref: `external:${e.group ?? ""}/${name}`, name, notes, projectRef: projectRef(e.group),
    channelRefs: (Array.isArray(e.alerts) ? (e.alerts as Entry[]) : []).map((a) => `alerting:${a.type}`),
    body: { kind: "heartbeat", name, interval_seconds: heartbeat ?? 86_400, grace_seconds: 0, is_paused: e.enabled === false },
  });
}

function parseConfig(path: string): { config: Entry; lineOf: (node: unknown) => number } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(expandEnv(text), { lineCounter: lines });
  const error = doc.errors[0];
  if (error) throw new UserError(`${path}:${error.linePos?.[0].line ?? 1}: ${error.message.split("\n")[0]}`);
  const config = doc.toJS() as unknown;
  if (!config || typeof config !== "object" || !Array.isArray((config as Entry).endpoints ?? (config as Entry)["external-endpoints"])) {
    throw new UserError(`${path} is not a Gatus configuration (no endpoints list)`);
  }
  const endpoints = doc.get("endpoints", true);
  const nodes = isSeq(endpoints) ? endpoints.items : [];
  return { config: config as Entry, lineOf: (i) => lines.linePos((nodes[i as number] as Node | undefined)?.range?.[0] ?? 0).line };
}

export const gatus: Importer = {
  name: "gatus",
  label: "Gatus",
  file: "config.yaml",
  recognizes: (head) => /^(endpoints|external-endpoints|alerting|storage|web|ui)\s*:/m.test(head),
  async read(path) {
    const { config, lineOf } = parseConfig(path);
    const plan = emptyPlan("gatus");
    const alerting = (config.alerting ?? {}) as Record<string, Entry>;
    for (const [type, settings] of Object.entries(alerting)) {
      const mapped = mapProvider(type, settings ?? {});
      if (mapped) plan.channels.push({ ref: `alerting:${type}`, name: `Gatus ${type}`, notes: mapped.notes, kind: mapped.kind, config: mapped.config, isDefault: false, isEnabled: true });
      else plan.skipped.push({ what: "alerting provider", name: type, reason: `upbeat has no ${type} channels` });
    }
    const endpoints = [...(Array.isArray(config.endpoints) ? config.endpoints : []), ...(Array.isArray(config["external-endpoints"]) ? config["external-endpoints"] : [])] as Entry[];
    for (const group of new Set(endpoints.map((e) => e.group).filter((g) => typeof g === "string" && g !== ""))) {
      plan.projects.push({ ref: `group:${group}`, name: String(group), notes: [] });
    }
    (Array.isArray(config.endpoints) ? (config.endpoints as Entry[]) : []).forEach((e, i) => readEndpoint(plan, e, lineOf(i)));
    for (const e of Array.isArray(config["external-endpoints"]) ? (config["external-endpoints"] as Entry[]) : []) readExternalEndpoint(plan, e);
    return plan;
  },
};
