import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { memberships, organizations, users } from "../db/schema.ts";
import type { Role } from "../enums.ts";
import { newId } from "../ids.ts";
import { BoundedCache } from "./cache.ts";
import type { OrganizationRow } from "../domain/types.ts";
import type { OrganizationChanges, OrganizationsStore } from "./store.ts";
import { DEFAULT_ALERT_GROUP_SECONDS } from "../enums.ts";

export function organizationsStore(db: Db): OrganizationsStore {
  const withRole = { organization: organizations, role: memberships.role, joinedAt: memberships.createdAt };
  // every request checks the caller's role; memberships change rarely and only through this store
  const roles = new BoundedCache<string, Map<string, Role>>(60_000);
  const rolesOf = db.select({ organizationId: memberships.organizationId, role: memberships.role }).from(memberships)
    .where(eq(memberships.userId, sql.placeholder("userId"))).prepare();
  return {
    /** The user's role in the organization, or undefined when not a member. */
    roleIn: (userId: string, organizationId: string): Role | undefined =>
      roles.get(userId, () => new Map(rolesOf.all({ userId }).map((r) => [r.organizationId, r.role]))).get(organizationId),
    create(name: string, now: number): OrganizationRow {
      const row = { id: newId(), name, timezone: "UTC", alertGroupSeconds: DEFAULT_ALERT_GROUP_SECONDS, createdAt: now };
      db.insert(organizations).values(row).run();
      return row;
    },
    getById: (id: string): OrganizationRow | undefined =>
      db.select().from(organizations).where(eq(organizations.id, id)).get(),
    timeZoneOf: (id: string): string => db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, id)).get()?.timezone ?? "UTC",
    groupSecondsOf: (id: string): number =>
      db.select({ seconds: organizations.alertGroupSeconds }).from(organizations).where(eq(organizations.id, id)).get()?.seconds ?? 0,
    update: (id: string, changes: OrganizationChanges) => void db.update(organizations).set(changes).where(eq(organizations.id, id)).run(),
    addMember(organizationId: string, userId: string, role: Role, now: number) {
      db.insert(memberships).values({ organizationId, userId, role, createdAt: now }).run();
      roles.delete(userId);
    },
    setRole(organizationId: string, userId: string, role: Role) {
      db.update(memberships).set({ role })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))).run();
      roles.delete(userId);
    },
    removeMember(organizationId: string, userId: string) {
      db.delete(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))).run();
      roles.delete(userId);
    },
    /** The caller's organizations with their role, oldest membership first. */
    listForUser: (userId: string) =>
      db.select(withRole).from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt)).all(),
    getForUser: (organizationId: string, userId: string) =>
      db.select(withRole).from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId))).get(),
    members: (organizationId: string) =>
      db.select({ user: users, role: memberships.role, joinedAt: memberships.createdAt }).from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organizationId, organizationId))
        .orderBy(asc(memberships.createdAt)).all(),
    hasMemberWithEmail: (organizationId: string, email: string): boolean =>
      db.select({ userId: memberships.userId }).from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, organizationId), eq(users.email, email.toLowerCase()))).get() !== undefined,
    countOwners: (organizationId: string): number =>
      db.select({ n: count() }).from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner"))).get()!.n,
  };
}
