// The organization rules, once, in the service: who renames, who adds, promotes and removes members.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { FIRST_PAGE } from "../../src/paging.ts";
import { acme, addPerson, openDomain, refusal, type Domain } from "../support/domain.ts";

let domain: Domain;
let people: ReturnType<typeof acme>;
let id: string;
beforeEach(async () => {
  domain = await openDomain();
  people = acme(domain.store);
  id = people.organization.id;
});
afterEach(() => domain.close());

test("a new organization comes with its founder as owner and a Default project", () => {
  const { organizations, projects } = domain.services;
  const founder = addPerson(domain.store);
  const { organization, role } = organizations.create(founder.id, "Side project");
  expect(role).toBe("owner");
  expect(organizations.members(organization.id, founder.id, FIRST_PAGE).items.map((m) => [m.user.id, m.role])).toEqual([[founder.id, "owner"]]);
  expect(projects.listOfOrganization(organization.id, founder.id, FIRST_PAGE).items.map((p) => [p.name, p.isDefault])).toEqual([["Default", true]]);
});

test("only owners and admins rename it or manage members; a non-member gets 404", () => {
  const { organizations } = domain.services;
  for (const user of [people.member, people.viewer]) {
    expect(refusal(() => organizations.update(id, user.id, { name: "Mine" })).status).toBe(403);
    expect(refusal(() => organizations.addMember(id, user, { email: people.outsider.email })).status).toBe(403);
  }
  const missing = refusal(() => organizations.visible(crypto.randomUUID(), people.outsider.id));
  expect(missing).toEqual({ status: 404, message: "Organization not found" });
  expect(refusal(() => organizations.update(id, people.outsider.id, { name: "x" }))).toEqual(missing);
  expect(refusal(() => organizations.members(id, people.outsider.id, FIRST_PAGE))).toEqual(missing);
  expect(organizations.update(id, people.admin.id, { name: "Acme Inc" }).organization.name).toBe("Acme Inc");
});

test("only owners make owners, and the last owner stays one", () => {
  const { organizations } = domain.services;
  expect(refusal(() => organizations.setRole(id, people.admin.id, people.member.id, "owner")).status).toBe(403);
  expect(refusal(() => organizations.addMember(id, people.admin, { email: people.outsider.email, role: "owner" })).status).toBe(403);
  expect(refusal(() => organizations.setRole(id, people.owner.id, people.owner.id, "admin")).status).toBe(409);
  expect(refusal(() => organizations.removeMember(id, people.owner.id, people.owner.id)).status).toBe(409);
  expect(organizations.setRole(id, people.owner.id, people.member.id, "owner").role).toBe("owner");
  organizations.removeMember(id, people.owner.id, people.owner.id);
  expect(refusal(() => organizations.visible(id, people.owner.id)).status).toBe(404);
});

test("anyone may leave, but removing someone else takes an owner or admin", () => {
  const { organizations } = domain.services;
  expect(refusal(() => organizations.removeMember(id, people.member.id, people.viewer.id)).status).toBe(403);
  organizations.removeMember(id, people.viewer.id, people.viewer.id);
  organizations.removeMember(id, people.admin.id, people.member.id);
  expect(organizations.members(id, people.owner.id, FIRST_PAGE).items.map((m) => m.user.id)).toEqual([people.owner.id, people.admin.id]);
});
