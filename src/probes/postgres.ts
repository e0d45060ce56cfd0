// PostgreSQL probe: log in (TLS as the monitor says), run its query, read the first value.
import { defineKind } from "./kind.ts";
import { serviceTarget } from "./service.ts";
import { sqlMonitorCheck, sqlSettings } from "./sql-probe.ts";

const DEFAULTS = { port: 5432, user: "postgres" };

export const postgresKind = defineKind({
  name: "postgres",
  label: "postgres — a PostgreSQL database answers a query",
  target: serviceTarget(DEFAULTS.port, "db.lan:5432"),
  settings: sqlSettings(DEFAULTS.user),
  check: (monitor) => sqlMonitorCheck("postgres", DEFAULTS, monitor),
});
