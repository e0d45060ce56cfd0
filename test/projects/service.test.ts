// The project rules, once, in the service: members change, viewers look, non-members see nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { FIRST_PAGE } from "../../src/paging.ts";
import { acme, openDomain, refusal, type Domain } from "../support/domain.ts";

let domain: Domain;
let people: ReturnType<typeof acme>;
let projectId: string;
beforeEach(async () => {
  domain = await openDomain();
  people = acme(domain.store);
  projectId = domain.services.projects.create(people.owner.id, { name: "Lab", organizationId: people.organization.id }).id;
});
afterEach(() => domain.close());

test("a viewer sees a project but cannot rename or delete it", () => {
  const { projects } = domain.services;
  expect(projects.visible(projectId, people.viewer.id).project.name).toBe("Lab");
  expect(refusal(() => projects.rename(projectId, people.viewer.id, "Mine")).status).toBe(403);
  expect(refusal(() => projects.delete(projectId, people.viewer.id)).status).toBe(403);
  expect(projects.visible(projectId, people.owner.id).project.name).toBe("Lab");
});

test("a member renames a project but only owners and admins delete it", () => {
  const { projects } = domain.services;
  expect(projects.rename(projectId, people.member.id, "Lab 2").name).toBe("Lab 2");
  expect(refusal(() => projects.delete(projectId, people.member.id)).status).toBe(403);
  projects.delete(projectId, people.admin.id);
  expect(refusal(() => projects.visible(projectId, people.owner.id)).status).toBe(404);
});

test("to a non-member a project is the same 404 as one that does not exist", () => {
  const { projects } = domain.services;
  const missing = refusal(() => projects.visible(crypto.randomUUID(), people.outsider.id));
  expect(missing).toEqual({ status: 404, message: "Project not found" });
  expect(refusal(() => projects.visible(projectId, people.outsider.id))).toEqual(missing);
  expect(refusal(() => projects.rename(projectId, people.outsider.id, "x"))).toEqual(missing);
  expect(refusal(() => projects.delete(projectId, people.outsider.id))).toEqual(missing);
  expect(refusal(() => projects.listOfOrganization(people.organization.id, people.outsider.id, FIRST_PAGE)).status).toBe(404);
  expect(projects.list(people.outsider.id, people.organization.id, FIRST_PAGE)).toEqual({ items: [], total: 0 });
});

test("a viewer cannot create a project in the organization, a non-member gets 404 for it", () => {
  const { projects } = domain.services;
  const into = { name: "x", organizationId: people.organization.id };
  expect(refusal(() => projects.create(people.viewer.id, into)).status).toBe(403);
  expect(refusal(() => projects.create(people.outsider.id, into))).toEqual({ status: 404, message: "Organization not found" });
});
