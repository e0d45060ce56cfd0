// Invitations: adding someone by email asks them first. Nothing here looks the email up among the accounts,
// so the inviter gets the same answer (and the same work is done) whether or not it belongs to anyone.
import { requireManager, visibleOr404 } from "../accounts/roles.ts";
import type { UserRow } from "../domain/types.ts";
import type { Role } from "../enums.ts";
import { conflict, notFound } from "../errors.ts";
import { pageOf, type Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { requireMayAddMember } from "./service.ts";

export const INVITATION_LIFETIME_DAYS = 14;
const INVITATION_LIFETIME_MS = INVITATION_LIFETIME_DAYS * 86_400_000;

export function createInvitationService(store: Store, clock: Clock) {
  const requireManagerOf = (organizationId: string, callerId: string) =>
    requireManager(visibleOr404(store.organizations.getForUser(organizationId, callerId), "Organization").role);
  const isOpen = (invitation: { acceptedAt: number | null; expiresAt: number }) => invitation.acceptedAt === null && invitation.expiresAt > clock();
  /** The invitee's own invitation while they may still answer it; any other id is the same 404. */
  const answerable = (id: string, invitee: UserRow) => {
    const invitation = store.invitations.described(id)?.invitation;
    if (!invitation || invitation.email !== invitee.email.toLowerCase() || !isOpen(invitation) || invitation.declinedAt !== null) {
      throw notFound("Invitation");
    }
    return invitation;
  };

  return {
    /** Only managers invite, only owners invite owners; inviting the same email again refreshes its invitation. */
    invite(organizationId: string, callerId: string, email: string, role: Role) {
      requireMayAddMember(store, organizationId, callerId, role);
      // the members list shows them anyway, so this tells the inviter nothing new
      if (store.organizations.hasMemberWithEmail(organizationId, email)) throw conflict("That user is already a member");
      const now = clock();
      const change = { role, invitedBy: callerId, expiresAt: now + INVITATION_LIFETIME_MS };
      const id = store.transaction(() => {
        const earlier = store.invitations.openFor(organizationId, email);
        if (earlier && isOpen(earlier)) {
          store.invitations.refresh(earlier.id, change);
          return earlier.id;
        }
        if (earlier) store.invitations.remove(earlier.id);
        return store.invitations.create({ organizationId, email, ...change }, now).id;
      });
      return store.invitations.described(id)!;
    },

    /** For its owners and admins: every invitation not accepted and not expired (declined ones stay, see decline). */
    ofOrganization(organizationId: string, callerId: string, paging: Paging) {
      requireManagerOf(organizationId, callerId);
      return pageOf(store.invitations.ofOrganization(organizationId, clock()), paging);
    },

    revoke(organizationId: string, invitationId: string, callerId: string): void {
      requireManagerOf(organizationId, callerId);
      const invitation = store.invitations.described(invitationId)?.invitation;
      if (!invitation || invitation.organizationId !== organizationId || !isOpen(invitation)) throw notFound("Invitation");
      store.invitations.remove(invitationId);
    },

    /** The caller's invitations they may still accept, found by their email (also ones sent before the account existed). */
    mine: (invitee: UserRow, paging: Paging) => pageOf(store.invitations.pendingFor(invitee.email, clock()), paging),

    /** Joins with the invited role; someone already in (added by an instance admin meanwhile) keeps theirs. */
    accept(id: string, invitee: UserRow) {
      const invitation = answerable(id, invitee);
      const now = clock();
      store.transaction(() => {
        if (!store.organizations.getForUser(invitation.organizationId, invitee.id)) {
          store.organizations.addMember(invitation.organizationId, invitee.id, invitation.role, now);
        }
        store.invitations.markAccepted(invitation.id, now);
      });
      return store.organizations.getForUser(invitation.organizationId, invitee.id)!;
    },

    /**
     * Gone for the invitee. The organization keeps seeing it as pending until it expires, as it would for an email
     * without an account, so a decline does not reveal that the email has one.
     */
    decline(id: string, invitee: UserRow): void {
      store.invitations.markDeclined(answerable(id, invitee).id, clock());
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
