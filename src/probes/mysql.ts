// MySQL and MariaDB probe: log in (TLS as the monitor says), run its query, read the first value.
import { defineKind } from "./kind.ts";
import { serviceTarget } from "./service.ts";
import { sqlMonitorCheck, sqlSettings } from "./sql-probe.ts";

const DEFAULTS = { port: 3306, user: "root" };

export const mysqlKind = defineKind({
  name: "mysql",
  label: "mysql — a MySQL or MariaDB database answers a query",
  target: serviceTarget(DEFAULTS.port, "db.lan:3306"),
  settings: sqlSettings(DEFAULTS.user),
  check: (monitor) => sqlMonitorCheck("mysql", DEFAULTS, monitor),
});
