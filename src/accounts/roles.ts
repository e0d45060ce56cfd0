// Who may do what inside an organization: every service asks here, so each access rule is written once.
import type { Role } from "../enums.ts";
import { forbidden, notFound } from "../errors.ts";

/** Members and up change monitors and projects; viewers only look. */
export function requireWriter(role: Role): void {
  if (role === "viewer") throw forbidden("Viewers cannot change this organization's resources");
}

/** Owners and admins manage the organization and its members. */
export function requireManager(role: Role): void {
  if (role !== "owner" && role !== "admin") throw forbidden("Only owners and admins can manage this organization");
}

/** The thing found through the caller's memberships, with their role there; else 404, so a non-member cannot tell it exists. */
export function visibleOr404<T extends { role: Role }>(found: T | undefined, what: string): T {
  if (!found) throw notFound(what);
  return found;
}

/** As visibleOr404, and the caller may change it: a viewer gets 403 (it can see the thing, so 404 would mislead). */
export function writableOr403<T extends { role: Role }>(found: T | undefined, what: string): T {
  const visible = visibleOr404(found, what);
  requireWriter(visible.role);
  return visible;
}

/**
 * The organization a new project, status page or monitor goes into: the one named (if the caller belongs to it),
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
