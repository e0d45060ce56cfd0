import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { invitations, organizations, users } from "../db/schema.ts";
import type { InvitationRow } from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { newId } from "../ids.ts";
import type { InvitationsStore, NewInvitation } from "./store.ts";

export function invitationsStore(db: Db): InvitationsStore {
  // an invitation with the names its readers need: the organization's, and who sent it
  const described = {
    invitation: invitations,
    organizationName: organizations.name,
    invitedByEmail: users.email,
  };
  const describedRows = () =>
    db.select(described).from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .leftJoin(users, eq(users.id, invitations.invitedBy));
  const unexpired = (now: number) => and(isNull(invitations.acceptedAt), gt(invitations.expiresAt, now));

  return {
    create(input: NewInvitation, now: number): InvitationRow {
      const row = { id: newId(), ...input, email: input.email.toLowerCase(), createdAt: now, acceptedAt: null, declinedAt: null };
      db.insert(invitations).values(row).run();
      return row;
    },
    /** The one not accepted yet (pending, declined or expired) for this organization and email. */
    openFor: (organizationId: string, email: string): InvitationRow | undefined =>
      db.select().from(invitations).where(and(
        eq(invitations.organizationId, organizationId), eq(invitations.email, email.toLowerCase()), isNull(invitations.acceptedAt),
      )).get(),
    refresh: (id: string, change: { role: Role; invitedBy: string; expiresAt: number }) =>
      db.update(invitations).set(change).where(eq(invitations.id, id)).run(),
    remove: (id: string) => db.delete(invitations).where(eq(invitations.id, id)).run(),
    described: (id: string) => describedRows().where(eq(invitations.id, id)).get(),
    /** Not accepted and not expired, newest first; declined ones too (declining is the invitee's business). */
    ofOrganization: (organizationId: string, now: number) =>
      describedRows().where(and(eq(invitations.organizationId, organizationId), unexpired(now)))
        .orderBy(desc(invitations.createdAt), desc(invitations.id)).all(),
    /** What the holder of this email may still accept, newest first. */
    pendingFor: (email: string, now: number) =>
      describedRows().where(and(eq(invitations.email, email.toLowerCase()), unexpired(now), isNull(invitations.declinedAt)))
        .orderBy(desc(invitations.createdAt), desc(invitations.id)).all(),
    markAccepted: (id: string, now: number) => db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, id)).run(),
    markDeclined: (id: string, now: number) => db.update(invitations).set({ declinedAt: now }).where(eq(invitations.id, id)).run(),
  };
}
