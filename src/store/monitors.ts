import { and, count, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { memberships, monitors, projects } from "../db/schema.ts";
import type { MonitorRow } from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { newId } from "../ids.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { MonitorChanges, MonitorFilter, MonitorsStore, NewMonitor } from "./store.ts";

/** instr() rather than LIKE: the text's % and _ are plain characters. lower() folds ASCII letters only, as LIKE does. */
const containsText = (text: string) =>
  sql`(instr(lower(${monitors.name}), lower(${text})) > 0 OR instr(lower(coalesce(${monitors.url}, '')), lower(${text})) > 0)`;

export function monitorsStore(db: Db, remembered: MonitorRows): MonitorsStore {
  const visibleTo = (userId: string) =>
    and(eq(memberships.userId, userId), eq(memberships.organizationId, projects.organizationId));
  const byToken = db.select().from(monitors).where(eq(monitors.pingToken, sql.placeholder("token"))).prepare();
  // the scheduler loads every active monitor at start; drizzle's generic row mapping took ~3/4 of that (~200 ms at 10,000
  // cold), so SQLite names the properties itself and only boolean and JSON columns are decoded
  const columns = Object.entries(getTableColumns(monitors));
  const decoded = columns.filter(([, c]) => c.columnType === "SQLiteBoolean" || c.columnType === "SQLiteTextJson");
  const columnList = columns.map(([key, c]) => `monitors."${c.name}" AS "${key}"`).join(", ");
  const selectRows = `SELECT ${columnList} FROM monitors`;
  const activeSql = `${selectRows} WHERE is_paused = 0`;
  const decode = (row: Record<string, unknown>): MonitorRow => {
    for (const [key, column] of decoded) if (row[key] !== null) row[key] = column.mapFromDriverValue(row[key]);
    return row as unknown as MonitorRow;
  };
  // every API read of one monitor comes through here: the same plain read as active()
  const byId = db.$client.query(`${selectRows} WHERE id = ?`);
  // a page of the list: its ids in order with the user's role in each one's organization (a JSON array of ids),
  // then the rows not in memory, by the same plain read as byId
  const pageRoles = db.$client.query(
    `SELECT monitors.id AS id, memberships.role AS role, projects.organization_id AS organizationId FROM monitors
     JOIN projects ON projects.id = monitors.project_id
     JOIN memberships ON memberships.organization_id = projects.organization_id AND memberships.user_id = ?1
     WHERE monitors.id IN (SELECT value FROM json_each(?2)) ORDER BY monitors.created_at DESC, monitors.id DESC`,
  );
  const rowsOf = db.$client.query(`${selectRows} WHERE id IN (SELECT value FROM json_each(?))`);
  const readById = (id: string): MonitorRow | undefined => {
    const row = byId.get(id) as Record<string, unknown> | null;
    return row ? decode(row) : undefined;
  };
  /** The rows of these ids, from memory where they are; remembered only for a page the memory holds (not a whole export). */
  function rowsByIds(ids: string[]): Map<string, MonitorRow> {
    const found = new Map<string, MonitorRow>();
    const remember = ids.length <= remembered.capacity;
    const missing: string[] = [];
    for (const id of ids) {
      const row = remember ? remembered.peek(id) : undefined;
      if (row) found.set(id, row);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    for (const row of rowsOf.all(JSON.stringify(missing)) as Record<string, unknown>[]) {
      const monitor = decode(row);
      found.set(monitor.id, remember ? remembered.put(monitor) : monitor);
    }
    return found;
  }

  return {
    insert(input: NewMonitor, now: number): MonitorRow {
      return db.insert(monitors)
        .values({
          ...input,
          id: newId(),
          seq: sql`(SELECT coalesce(max(seq), 0) + 1 FROM monitors)`,
          createdAt: now,
          updatedAt: now,
        })
        .returning().get();
    },
    byId: (id: string, options?: { cached?: boolean }): MonitorRow | undefined =>
      options?.cached ? remembered.get(id, () => readById(id)) : readById(id),
    byPingToken: (token: string): MonitorRow | undefined => byToken.get({ token }),
    listForUser(userId: string, filter: MonitorFilter, limit: number, offset: number) {
      const conditions: (SQL | undefined)[] = [
        filter.projectId ? eq(monitors.projectId, filter.projectId) : undefined,
        filter.kind ? eq(monitors.kind, filter.kind) : undefined,
        filter.status ? eq(monitors.status, filter.status) : undefined,
        filter.ids ? inArray(monitors.id, filter.ids) : undefined,
        filter.text ? containsText(filter.text) : undefined,
      ];
      const visibleProjects = db.select({ id: projects.id }).from(projects).innerJoin(memberships, visibleTo(userId));
      const where = and(inArray(monitors.projectId, visibleProjects), ...conditions);
      // the page's ids first, sorted from the monitors_project_created index alone; then only those rows are read
      const pageIds = db.select({ id: monitors.id }).from(monitors).where(where).orderBy(desc(monitors.createdAt), desc(monitors.id)).limit(limit).offset(offset).all();
      const page = pageRoles.all(userId, JSON.stringify(pageIds.map((r) => r.id))) as { id: string; role: Role; organizationId: string }[];
      const found = rowsByIds(page.map((r) => r.id));
      const rows = page.map(({ id, role, organizationId }) => ({ monitor: found.get(id)!, role, organizationId }));
      const total = db.select({ n: count() }).from(monitors).where(where).get()!.n;
      return { rows, total };
    },
    update(id: string, changes: MonitorChanges, now: number): MonitorRow | undefined {
      remembered.forget(id);
      return db.update(monitors).set({ ...changes, updatedAt: now }).where(eq(monitors.id, id)).returning().get();
    },
    /** Says why it is down without touching updated_at (an alert held back behind a down parent). */
    setStatusReason(id: string, reason: string | null) {
      remembered.forget(id);
      db.update(monitors).set({ statusReason: reason }).where(eq(monitors.id, id)).run();
    },
    delete(id: string) {
      remembered.forget(id);
      db.delete(monitors).where(eq(monitors.id, id)).run();
    },
    /** All monitors that should be running (not paused), for the scheduler at start. */
    /** Streams the rows one at a time: at 100,000 monitors a full array costs ~150 MB at start. */
    *active(): Generator<MonitorRow> {
      for (const row of db.$client.query(activeSql).iterate() as IterableIterator<Record<string, unknown>>) yield decode(row);
    },
  };
}
