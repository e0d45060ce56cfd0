import { and, asc, count, eq } from "drizzle-orm";
import { memberships, organizations, users } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { OrganizationRow } from "../../domain/types.ts";
import { DEFAULT_ALERT_GROUP_SECONDS, type Role } from "../../enums.ts";
import { newId } from "../../ids.ts";
import type { OrganizationChanges, OrganizationsStore } from "../store.ts";

export function organizationsStore(db: PgDb): OrganizationsStore {
  const withRole = { organization: organizations, role: memberships.role, joinedAt: memberships.createdAt };
  const member = (organizationId: string, userId: string) =>
    and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId));
  const ofUser = () => db.select(withRole).from(memberships).innerJoin(organizations, eq(organizations.id, memberships.organizationId));
  return {
    roleIn: (userId: string, organizationId: string): Role | undefined =>
      first(db.select({ role: memberships.role }).from(memberships).where(member(organizationId, userId)))?.role,
    create(name: string, now: number): OrganizationRow {
      const row = { id: newId(), name, timezone: "UTC", alertGroupSeconds: DEFAULT_ALERT_GROUP_SECONDS, createdAt: now };
      run(db.insert(organizations).values(row));
      return row;
    },
    getById: (id: string) => first(db.select().from(organizations).where(eq(organizations.id, id))),
    timeZoneOf: (id: string) =>
      first(db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, id)))?.timezone ?? "UTC",
    groupSecondsOf: (id: string) =>
      first(db.select({ seconds: organizations.alertGroupSeconds }).from(organizations).where(eq(organizations.id, id)))?.seconds ?? 0,
    update: (id: string, changes: OrganizationChanges) => void run(db.update(organizations).set(changes).where(eq(organizations.id, id))),
    addMember: (organizationId: string, userId: string, role: Role, now: number) =>
      void run(db.insert(memberships).values({ organizationId, userId, role, createdAt: now })),
    setRole: (organizationId: string, userId: string, role: Role) =>
      void run(db.update(memberships).set({ role }).where(member(organizationId, userId))),
    removeMember: (organizationId: string, userId: string) => void run(db.delete(memberships).where(member(organizationId, userId))),
    listForUser: (userId: string) => run(ofUser().where(eq(memberships.userId, userId)).orderBy(asc(memberships.createdAt))),
    getForUser: (organizationId: string, userId: string) => first(ofUser().where(member(organizationId, userId))),
    members: (organizationId: string) =>
      run(db.select({ user: users, role: memberships.role, joinedAt: memberships.createdAt }).from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organizationId, organizationId))
        .orderBy(asc(memberships.createdAt))),
    hasMemberWithEmail: (organizationId: string, email: string) =>
      first(db.select({ userId: memberships.userId }).from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, organizationId), eq(users.email, email.toLowerCase())))) !== undefined,
    countOwners: (organizationId: string) =>
      first(db.select({ n: count() }).from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner"))))!.n,
  };
}
