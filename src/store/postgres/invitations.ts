import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, organizations, users } from "../../db/postgres/schema.ts";
import { first, run, type PgDb } from "../../db/postgres/session.ts";
import type { InvitationRow } from "../../domain/types.ts";
import type { Role } from "../../enums.ts";
import { newId } from "../../ids.ts";
import type { InvitationsStore, NewInvitation } from "../store.ts";

export function invitationsStore(db: PgDb): InvitationsStore {
  const described = { invitation: invitations, organizationName: organizations.name, invitedByEmail: users.email };
  const describedRows = () =>
    db.select(described).from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .leftJoin(users, eq(users.id, invitations.invitedBy));
  const unexpired = (now: number) => and(isNull(invitations.acceptedAt), gt(invitations.expiresAt, now));
  const mark = (id: string, change: Partial<InvitationRow>) => void run(db.update(invitations).set(change).where(eq(invitations.id, id)));

  return {
    create(input: NewInvitation, now: number): InvitationRow {
      const row = { id: newId(), ...input, email: input.email.toLowerCase(), createdAt: now, acceptedAt: null, declinedAt: null };
      run(db.insert(invitations).values(row));
      return row;
    },
    openFor: (organizationId: string, email: string) =>
      first(db.select().from(invitations).where(and(
        eq(invitations.organizationId, organizationId), eq(invitations.email, email.toLowerCase()), isNull(invitations.acceptedAt),
      ))),
    refresh: (id: string, change: { role: Role; invitedBy: string; expiresAt: number }) => mark(id, change),
    remove: (id: string) => void run(db.delete(invitations).where(eq(invitations.id, id))),
    described: (id: string) => first(describedRows().where(eq(invitations.id, id))),
    ofOrganization: (organizationId: string, now: number) =>
      run(describedRows().where(and(eq(invitations.organizationId, organizationId), unexpired(now))).orderBy(desc(invitations.createdAt), desc(invitations.id))),
    pendingFor: (email: string, now: number) =>
      run(describedRows().where(and(eq(invitations.email, email.toLowerCase()), unexpired(now), isNull(invitations.declinedAt)))
        .orderBy(desc(invitations.createdAt), desc(invitations.id))),
    markAccepted: (id: string, now: number) => mark(id, { acceptedAt: now }),
    markDeclined: (id: string, now: number) => mark(id, { declinedAt: now }),
  };
}
