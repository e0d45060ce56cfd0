import { and, count, desc, eq, getTableColumns, inArray, is, sql, SQL, type SQLWrapper } from "drizzle-orm";
import type { SQLQueryBindings } from "bun:sqlite";
import type { Db } from "../db/open.ts";
import { memberships, monitors, projects } from "../db/schema.ts";
import type { MonitorRow } from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { newId } from "../ids.ts";
import type { MonitorRows } from "./monitor-rows.ts";
import type { MonitorChanges, MonitorFilter, MonitorsStore, NewMonitor } from "./store.ts";

/** instr() rather than LIKE: the text's % and _ are plain characters. lower() folds ASCII letters only, as LIKE does. */
const containsText = (text: SQLWrapper) =>
  sql`(instr(lower(${monitors.name}), lower(${text})) > 0 OR instr(lower(coalesce(${monitors.url}, '')), lower(${text})) > 0)`;

export function monitorsStore(db: Db, remembered: MonitorRows): MonitorsStore {
  const p = sql.placeholder;
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
  // a create: one statement prepared once, where drizzle built the insert on every call (the API's creation burst was
  // mostly the JIT compiling that building). Values as drizzle sends them: a column left out gets its default.
  const written = columns.filter(([key]) => key !== "seq");
  // drizzle would compute these per insert; this statement only knows plain default values
  const computed = written.find(([, c]) => c.defaultFn !== undefined || c.onUpdateFn !== undefined || is(c.default, SQL));
  if (computed) throw new Error(`monitors.${computed[0]} has a computed default: give the prepared insert its value`);
  const insertOne = db.$client.query(
    `INSERT INTO monitors (${written.map(([, c]) => `"${c.name}"`).join(", ")}, seq)
     VALUES (${written.map(() => "?").join(", ")}, (SELECT coalesce(max(seq), 0) + 1 FROM monitors))
     RETURNING ${columns.map(([key, c]) => `"${c.name}" AS "${key}"`).join(", ")}`,
  );
  const driverValues = (row: Record<string, unknown>) => written.map(([key, column]) => {
    const value = row[key] === undefined ? (column.default ?? null) : row[key];
    return value === null ? null : column.mapToDriverValue(value);
  });
  // every API read of one monitor comes through here: the same plain read as active()
  const byId = db.$client.query(`${selectRows} WHERE id = ?`);
  // a page of the list: the user's projects with their role (a few rows; joining them to each monitor of the page
  // cost more than the rest of the page), then the rows not in memory, by the same plain read as byId
  const visibleProjects = db.$client.query<{ id: string; organizationId: string; role: Role }, [string]>(
    `SELECT projects.id AS id, projects.organization_id AS organizationId, memberships.role AS role FROM projects
     JOIN memberships ON memberships.organization_id = projects.organization_id AND memberships.user_id = ?`,
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

  // the list's two queries, prepared once per set of filters given: drizzle built them on every call (~2/3 of a page's CPU)
  const listQueries = new Map<string, ReturnType<typeof prepareList>>();
  function prepareList(filter: MonitorFilter) {
    const visibleProjects = db.select({ id: projects.id }).from(projects)
      .innerJoin(memberships, and(eq(memberships.userId, p("userId")), eq(memberships.organizationId, projects.organizationId)));
    const where = and(
      inArray(monitors.projectId, visibleProjects),
      filter.projectId ? eq(monitors.projectId, p("projectId")) : undefined,
      filter.kind ? eq(monitors.kind, p("kind")) : undefined,
      filter.status ? eq(monitors.status, p("status")) : undefined,
      filter.ids ? sql`${monitors.id} IN (SELECT value FROM json_each(${p("ids")}))` : undefined,
      filter.text ? containsText(p("text")) : undefined,
    );
    return {
      // the page's ids first, sorted from the monitors_project_created index alone; then only those rows are read
      ids: db.select({ id: monitors.id }).from(monitors).where(where).orderBy(desc(monitors.createdAt), desc(monitors.id))
        .limit(p("limit")).offset(p("offset")).prepare(),
      total: db.select({ n: count() }).from(monitors).where(where).prepare(),
    };
  }
  function listQueriesFor(filter: MonitorFilter) {
    const shape = `${!!filter.projectId}${!!filter.kind}${!!filter.status}${!!filter.ids}${!!filter.text}`;
    let queries = listQueries.get(shape);
    if (!queries) listQueries.set(shape, queries = prepareList(filter));
    return queries;
  }

  return {
    insert(input: NewMonitor, now: number): MonitorRow {
      const values = driverValues({ ...input, id: newId(), createdAt: now, updatedAt: now });
      return decode(insertOne.get(...(values as SQLQueryBindings[])) as Record<string, unknown>);
    },
    byId: (id: string, options?: { cached?: boolean }): MonitorRow | undefined =>
      options?.cached ? remembered.get(id, () => readById(id)) : readById(id),
    byPingToken: (token: string): MonitorRow | undefined => byToken.get({ token }),
    listForUser(userId: string, filter: MonitorFilter, limit: number, offset: number) {
      const queries = listQueriesFor(filter);
      const values = { userId, projectId: filter.projectId, kind: filter.kind, status: filter.status, ids: JSON.stringify(filter.ids ?? []), text: filter.text };
      const pageIds = queries.ids.all({ ...values, limit, offset });
      const access = new Map(visibleProjects.all(userId).map((project) => [project.id, project]));
      const found = rowsByIds(pageIds.map((r) => r.id));
      const rows = pageIds.flatMap(({ id }) => {
        const monitor = found.get(id); // undefined: deleted meanwhile
        const project = monitor && access.get(monitor.projectId);
        return project ? [{ monitor, role: project.role, organizationId: project.organizationId }] : [];
      });
      const total = queries.total.get(values)!.n;
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
