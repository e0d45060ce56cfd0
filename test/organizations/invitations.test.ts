// The invitation rules in the service, without HTTP: what accepting does to someone already in.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { FIRST_PAGE } from "../../src/paging.ts";
import { acme, openDomain, type Domain } from "../support/domain.ts";

let domain: Domain;
let people: ReturnType<typeof acme>;
beforeEach(async () => {
  domain = await openDomain();
  people = acme(domain.store);
});
afterEach(() => domain.close());

test("accepting after an instance admin added them meanwhile keeps their role and uses the invitation up", () => {
  const { invitations } = domain.services;
  const { organization, owner, outsider } = people;
  const invitation = invitations.invite(organization.id, owner.id, outsider.email.toUpperCase(), "viewer").invitation;
  expect(invitation.email).toBe(outsider.email);
  domain.store.organizations.addMember(organization.id, outsider.id, "admin", Date.now());
  expect(invitations.accept(invitation.id, outsider).role).toBe("admin");
  expect(invitations.mine(outsider, FIRST_PAGE).total).toBe(0);
  expect(invitations.ofOrganization(organization.id, owner.id, FIRST_PAGE).total).toBe(0);
});
