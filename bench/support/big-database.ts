// An upbeat database with many monitors and a long check history, written straight into the schema in one
// transaction (minutes of work through the app take seconds this way).
import { closeDatabase, migrate, openDatabase } from "../../src/db/open.ts";
import { newId } from "../../src/ids.ts";

export interface BigDatabase {
  monitors: number;
  checksPerMonitor: number;
  /** every monitor's check interval; its history is spaced this far apart, ending now */
  intervalSeconds: number;
  /** where the http monitors point (a closed port on 127.0.0.1 fails fast and sends nothing anywhere) */
  targetUrl: string;
}

const ROWS_PER_STATEMENT = 200;

export function writeBigDatabase(path: string, spec: BigDatabase): void {
  const db = openDatabase(path);
  migrate(db);
  const sqlite = db.$client;
  // a throwaway file: no fsync while loading; everything lands in the main file by the checkpoint at the end
  sqlite.exec("PRAGMA synchronous = OFF");
  sqlite.exec("PRAGMA cache_size = -262144");
  const now = Date.now();
  const intervalMs = spec.intervalSeconds * 1000;
  const userId = newId();
  const orgId = newId();
  const projectId = newId();
  sqlite.transaction(() => {
    sqlite.run("INSERT INTO users (id, email, name, password_hash, plan, is_admin, created_at, updated_at) VALUES (?, 'bench@example.com', 'Bench', 'x', 'team', 1, ?, ?)", [userId, now, now]);
    sqlite.run("INSERT INTO organizations (id, name, created_at) VALUES (?, 'Bench', ?)", [orgId, now]);
    sqlite.run("INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (?, ?, 'owner', ?)", [orgId, userId, now]);
    sqlite.run("INSERT INTO projects (id, organization_id, name, is_default, created_at, updated_at) VALUES (?, ?, 'Default', 1, ?, ?)", [projectId, orgId, now, now]);
    const monitor = sqlite.prepare(
      `INSERT INTO monitors (id, seq, project_id, name, kind, url, status, interval_seconds, timeout_seconds, created_at, updated_at,
        last_checked_at, next_due_at, settings) VALUES (?, ?, ?, ?, 'http', ?, 'up', ?, 10, ?, ?, ?, ?, '{"method":"GET","expected_status":"200-399","follow_redirects":true}')`,
    );
    for (let seq = 1; seq <= spec.monitors; seq++) {
      // spread over one interval, as a running upbeat leaves them
      const lastCheckedAt = now - Math.floor((seq / spec.monitors) * intervalMs);
      monitor.run(newId(), seq, projectId, `monitor ${seq}`, `${spec.targetUrl}/m${seq}`, spec.intervalSeconds, now, now, lastCheckedAt, lastCheckedAt + intervalMs);
    }
    const insertChecks = (rows: number) => sqlite.prepare(
      `INSERT INTO checks (monitor_seq, checked_at, is_up, status_code, response_time_ms, error_message) VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, NULL)").join(", ")}`,
    );
    const checks = insertChecks(ROWS_PER_STATEMENT);
    const args: number[] = [];
    // primary-key order (monitor, then time) appends to the WITHOUT ROWID B-tree instead of splitting pages all over it
    for (let seq = 1; seq <= spec.monitors; seq++) {
      const last = now - Math.floor((seq / spec.monitors) * intervalMs);
      for (let i = spec.checksPerMonitor - 1; i >= 0; i--) {
        args.push(seq, last - i * intervalMs, 1, 200, 20 + ((seq + i) % 40));
        if (args.length === ROWS_PER_STATEMENT * 5) {
          checks.run(...args);
          args.length = 0;
        }
      }
    }
    if (args.length > 0) insertChecks(args.length / 5).run(...args);
    // finalized, so that close() below closes the file now and not when the statements are collected
    for (const statement of [monitor, checks]) statement.finalize();
  })();
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  closeDatabase(db);
}
