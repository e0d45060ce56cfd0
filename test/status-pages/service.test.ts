// The status page rules, once, in the service: writers publish, viewers look, pages show only their organization's monitors.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { FIRST_PAGE } from "../../src/paging.ts";
import { acme, openDomain, refusal, type Domain } from "../support/domain.ts";

let domain: Domain;
let people: ReturnType<typeof acme>;
let pageId: string;
const monitorOf = (userId: string) =>
  domain.services.monitors.create(userId, { name: "web", kind: "tcp", url: "127.0.0.1:1" }).id;

beforeEach(async () => {
  domain = await openDomain();
  people = acme(domain.store);
  pageId = domain.services.statusPages.create(people.member.id, {
    slug: "acme", title: "Acme", description: null, organizationId: people.organization.id,
  }).id;
});
afterEach(() => domain.close());

test("a viewer sees a status page but cannot change or delete it", () => {
  const { statusPages } = domain.services;
  expect(statusPages.get(pageId, people.viewer.id).slug).toBe("acme");
  expect(refusal(() => statusPages.update(pageId, people.viewer.id, { title: "Mine" })).status).toBe(403);
  expect(refusal(() => statusPages.delete(pageId, people.viewer.id)).status).toBe(403);
  const into = { slug: "viewer", title: "V", description: null, organizationId: people.organization.id };
  expect(refusal(() => statusPages.create(people.viewer.id, into)).status).toBe(403);
  expect(statusPages.get(pageId, people.owner.id).title).toBe("Acme");
});

test("to a non-member a status page is the same 404 as one that does not exist", () => {
  const { statusPages } = domain.services;
  const missing = refusal(() => statusPages.get(crypto.randomUUID(), people.outsider.id));
  expect(missing).toEqual({ status: 404, message: "Status page not found" });
  expect(refusal(() => statusPages.get(pageId, people.outsider.id))).toEqual(missing);
  expect(refusal(() => statusPages.update(pageId, people.outsider.id, { title: "x" }))).toEqual(missing);
  expect(refusal(() => statusPages.delete(pageId, people.outsider.id))).toEqual(missing);
  expect(statusPages.list(people.outsider.id, FIRST_PAGE)).toEqual({ items: [], total: 0 });
});

test("a page lists only its own organization's monitors, once each, in the order given", () => {
  const { statusPages } = domain.services;
  const theirs = monitorOf(people.outsider.id);
  expect(refusal(() => statusPages.update(pageId, people.member.id, { monitorIds: [theirs] })).status).toBe(400);
  const [first, second] = [monitorOf(people.owner.id), monitorOf(people.owner.id)];
  // the owner's first organization is their own, so these go there: move them into Acme's default project
  const acmeDefault = domain.services.projects.listOfOrganization(people.organization.id, people.owner.id, FIRST_PAGE).items[0]!.id;
  for (const id of [first, second]) domain.services.monitors.update(id, people.owner.id, { project_id: acmeDefault });
  const page = statusPages.update(pageId, people.member.id, { monitorIds: [second, first, second] });
  expect(page.monitorIds).toEqual([second, first]);
});

test("a slug belongs to one page", () => {
  const { statusPages } = domain.services;
  const taken = { slug: "acme", title: "Again", description: null };
  expect(refusal(() => statusPages.create(people.outsider.id, taken))).toEqual({ status: 409, message: 'The slug "acme" is taken' });
});
