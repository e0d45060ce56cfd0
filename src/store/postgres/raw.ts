// Raw SQL for what the builders cannot say (unnest of arrays, data-modifying CTEs, LATERAL): its rows come
// back as objects keyed by column name, with bigint and aggregate values as strings (callers map them).
import type { SQL } from "drizzle-orm";
import { run, type PgDb } from "../../db/postgres/session.ts";

export const rawRows = <T>(db: PgDb, query: SQL): T[] => run(db.execute(query)) as unknown as T[];
