// Organizations and their members: founding one, renaming it, and who may add, promote or remove whom.
import { requireManager, visibleOr404 } from "../accounts/roles.ts";
import type { OrganizationRow, UserRow } from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { conflict, forbidden, invalid, notFound } from "../errors.ts";
import { pageOf, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { OrganizationChanges } from "../store/store.ts";
import type { Clock } from "../time.ts";
import type { InvitationService } from "./invitations.ts";

/** The role of someone added to an organization when none is named. */
export const DEFAULT_MEMBER_ROLE: Role = "member";

/** A new organization with its owner and a Default project, all or nothing (a new account gets one too). */
export function foundOrganization(store: Store, name: string, ownerId: string, now: number): OrganizationRow {
  return store.transaction(() => {
    const organization = store.organizations.create(name, now);
    store.organizations.addMember(organization.id, ownerId, "owner", now);
    store.projects.create({ organizationId: organization.id, name: "Default", isDefault: true }, now);
    return organization;
  });
}

/**
 * The caller may add someone with this role: they manage the organization (to others it is a 404, as an
 * unknown one, so nobody learns which organizations exist), and only owners add owners.
 * Instance admins placing a new user are held to the same rule.
 */
export function requireMayAddMember(store: Store, organizationId: string, callerId: string, role: Role): void {
  const caller = visibleOr404(store.organizations.getForUser(organizationId, callerId), "Organization");
  requireManager(caller.role);
  if (role === "owner" && caller.role !== "owner") throw forbidden("Only owners can add owners");
}

export interface NewMember {
  email?: string;
  userId?: string;
  role?: Role;
}

/** The email an ordinary caller invites: adding by user id is for instance admins, who add at once. */
function inviteeEmail(input: NewMember): string {
  if (input.userId !== undefined) {
    throw invalid([{ field: "user_id", message: "only instance administrators add members by id; invite them by email" }]);
  }
  if (input.email === undefined) throw invalid([{ field: "email", message: "give the email address to invite" }]);
  return input.email;
}

export function createOrganizationService(store: Store, clock: Clock, invitations: InvitationService) {
  const visible = (id: string, userId: string) => visibleOr404(store.organizations.getForUser(id, userId), "Organization");
  const managed = (id: string, userId: string) => {
    const membership = visible(id, userId);
    requireManager(membership.role);
    return membership;
  };
  const member = (organizationId: string, userId: string) =>
    store.organizations.members(organizationId).find((m) => m.user.id === userId)!;
  const requireMember = (organizationId: string, userId: string) => {
    if (!store.organizations.getForUser(organizationId, userId)) throw notFound("Member");
  };
  /** An organization must keep at least one owner. */
  const guardLastOwner = (organizationId: string, userId: string) => {
    const target = store.organizations.getForUser(organizationId, userId);
    if (target?.role === "owner" && store.organizations.countOwners(organizationId) === 1) {
      throw conflict("An organization needs at least one owner");
    }
  };

  return {
    visible,

    /** The caller's organizations with their role, oldest membership first. */
    list: (userId: string, paging: Paging) => pageOf(store.organizations.listForUser(userId), paging),

    /** The caller founds it and owns it. */
    create: (userId: string, name: string) => ({ organization: foundOrganization(store, name, userId, clock()), role: "owner" as const }),

    update(id: string, userId: string, changes: OrganizationChanges) {
      const { role } = managed(id, userId);
      if (Object.values(changes).some((value) => value !== undefined)) store.organizations.update(id, changes);
      return { organization: store.organizations.getById(id)!, role };
    },

    members(id: string, userId: string, paging: Paging) {
      visible(id, userId);
      return pageOf(store.organizations.members(id), paging);
    },

    /**
     * Everyone invites by email (the invitee accepts or not); instance admins, who create accounts anyway, add an
     * existing user at once. Only owners add owners.
     */
    addMember(id: string, caller: UserRow, input: NewMember) {
      const role = input.role ?? DEFAULT_MEMBER_ROLE;
      if (!caller.isAdmin) return { invitation: invitations.invite(id, caller.id, inviteeEmail(input), role) };
      requireMayAddMember(store, id, caller.id, role);
      const user = input.userId ? store.users.byId(input.userId) : input.email ? store.users.byEmail(input.email) : undefined;
      if (!user) throw notFound("User");
      if (store.organizations.getForUser(id, user.id)) throw conflict("That user is already a member");
      store.organizations.addMember(id, user.id, role, clock());
      return { member: member(id, user.id) };
    },

    /** Only owners make owners; the last owner stays one. */
    setRole(id: string, callerId: string, memberId: string, role: Role) {
      const caller = managed(id, callerId);
      requireMember(id, memberId);
      if (role === "owner" && caller.role !== "owner") throw forbidden("Only owners can make owners");
      if (role !== "owner") guardLastOwner(id, memberId);
      store.organizations.setRole(id, memberId, role);
      return member(id, memberId);
    },

    /** Anyone may leave; removing others takes an owner or admin; the last owner stays. */
    removeMember(id: string, callerId: string, memberId: string): void {
      const caller = visible(id, callerId);
      if (memberId !== callerId) requireManager(caller.role);
      requireMember(id, memberId);
      guardLastOwner(id, memberId);
      store.organizations.removeMember(id, memberId);
    },
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
