import type { Role } from "../db/schema.ts";
import { forbidden, notFound } from "../errors.ts";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;

/** Members and up change monitors and projects; viewers only look. */
export function requireWriter(role: Role): void {
  if (role === "viewer") throw forbidden("Viewers cannot change this organization's resources");
}

/** Owners and admins manage the organization and its members. */
export function requireManager(role: Role): void {
  if (role !== "owner" && role !== "admin") throw forbidden("Only owners and admins can manage this organization");
}

/**
 * The organization a new project or status page goes into: the one named (if the caller belongs to it),
 * else the caller's first where they may write. Returns its id; 404 when none, 403 for viewers.
 */
export function organizationForNew(
  memberships: { organization: { id: string }; role: Role }[],
  organizationId: string | undefined,
): string {
  const membership = organizationId
    ? memberships.find((m) => m.organization.id === organizationId)
    : (memberships.find((m) => m.role !== "viewer") ?? memberships[0]);
  if (!membership) throw notFound("Organization");
  requireWriter(membership.role);
  return membership.organization.id;
}
