// One change to many monitors (the dashboard's bulk actions): the caller must be allowed to change every one
// before any is changed, then each is changed through the same service calls as a single edit, in one transaction.
import { AppError } from "../errors.ts";
import type { Store } from "../store/index.ts";
import type { MonitorService } from "./service.ts";

export const BULK_ACTIONS = ["pause", "resume", "delete", "move"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkRequest {
  action: BulkAction;
  ids: string[];
  /** the project to move them to (move only) */
  projectId?: string;
}

export type BulkResult = { id: string; ok: true } | { id: string; ok: false; error: { status: number; code: string; message: string } };

export function applyBulk(store: Store, monitors: MonitorService, userId: string, request: BulkRequest): BulkResult[] {
  const ids = [...new Set(request.ids)];
  const rows = monitors.requireWritable(ids, userId, request.projectId);
  const change = (id: string) => {
    switch (request.action) {
      case "pause":
        return void monitors.setPaused(id, userId, true);
      case "resume":
        return void monitors.setPaused(id, userId, false);
      case "delete":
        return monitors.delete(id, userId);
      case "move":
        return void monitors.update(id, userId, { project_id: request.projectId });
    }
  };
  // in seq order, as a batch of check results locks the same rows (store/postgres/checks.ts): no deadlock between them
  const inLockOrder = rows.sort((a, b) => a.seq - b.seq).map((m) => m.id);
  const results = new Map(store.transaction(() =>
    inLockOrder.map((id): [string, BulkResult] => {
      try {
        change(id);
        return [id, { id, ok: true }];
      } catch (error) {
        // one monitor's refusal (say, a move its dependencies forbid) leaves the others changed
        if (!(error instanceof AppError)) throw error;
        return [id, { id, ok: false, error: { status: error.status, code: error.code, message: error.message } }];
      }
    })));
  return ids.map((id) => results.get(id)!);
}
