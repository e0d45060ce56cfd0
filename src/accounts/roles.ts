import type { Role } from "../db/schema.ts";
import { forbidden } from "../errors.ts";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;

/** Members and up change monitors and projects; viewers only look. */
export function requireWriter(role: Role): void {
  if (role === "viewer") throw forbidden("Viewers cannot change this organization's resources");
}

/** Owners and admins manage the organization and its members. */
export function requireManager(role: Role): void {
  if (role !== "owner" && role !== "admin") throw forbidden("Only owners and admins can manage this organization");
}
