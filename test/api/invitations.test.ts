// Adding a member by email invites them: nothing of the organization is theirs until they accept, and the
// inviter learns nothing about which emails have accounts.
import { beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { InvitationOut, OrganizationOut } from "../../src/api/responses.ts";
import { manualClock } from "../support/clock.ts";
import { expectError, json } from "../support/http.ts";
import { loginCookie, useServer } from "../support/server.ts";
import { createUser, type TestUser } from "../support/users.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const time = manualClock(Date.now());
const server = useServer({}, { clock: time.now });

let adminKey: string;
/** an ordinary user (no instance admin) who owns an organization with a monitor, a project and a status page */
let carol: TestUser;
let carolOrg: string;
let monitorId: string;
let projectId: string;

const members = (org: string) => `/api/v1/organizations/${org}/members`;
const invitationsOf = (org: string) => `/api/v1/organizations/${org}/invitations`;
const invite = (by: TestUser, email: string, role = "viewer", org = carolOrg) =>
  server.call("POST", members(org), { auth: by.key, body: { email, role } });
const mine = async (user: TestUser) => json<any[]>(await server.call("GET", "/api/v1/invitations", { auth: user.key }));
const act = (user: TestUser, id: string, action: "accept" | "decline") =>
  server.call("POST", `/api/v1/invitations/${id}/${action}`, { auth: user.key });

/** A user with an email of the caller's choosing, so two emails can have the same length. */
async function userWithEmail(email: string): Promise<TestUser> {
  const created = await server.call("POST", "/api/v1/users", { auth: adminKey, body: { email, password: "long-enough", plan: "team" } });
  expect(created.status).toBe(201);
  const cookie = await loginCookie(server, email, "long-enough");
  const { key } = await json(await server.call("POST", "/api/v1/api-keys", { auth: cookie, body: { scope: "write" } }));
  return { id: (await json(created)).id ?? "", email, key, cookie };
}

beforeAll(async () => {
  adminKey = await server.adminKey();
  carol = await createUser(server, adminKey);
  carolOrg = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: carol.key })))[0].id;
  projectId = (await json(await server.call("POST", "/api/v1/projects", { auth: carol.key, body: { name: "Carol's lab" } }))).id;
  const monitor = await json(await server.call("POST", "/api/v1/monitors", {
    auth: carol.key, body: { name: "carol-nas", kind: "ping", url: "127.0.0.1", project_id: projectId, is_paused: true },
  }));
  monitorId = monitor.id;
  const page = await server.call("POST", "/api/v1/status-pages", { auth: carol.key, body: { slug: "carol-home", title: "Carol", monitor_ids: [monitorId] } });
  expect(page.status).toBe(201);
});

/** Everything of carol's organization the user can reach through the API. */
async function whatOfCarolsIsVisible(user: TestUser) {
  const list = async (path: string) => JSON.stringify(await json(await server.call("GET", path, { auth: user.key })));
  const metrics = await (await server.call("GET", "/metrics", { auth: user.key })).text();
  return {
    monitorsList: (await list("/api/v1/monitors")).includes(monitorId),
    monitor: (await server.call("GET", `/api/v1/monitors/${monitorId}`, { auth: user.key })).status,
    metrics: metrics.includes(monitorId),
    projects: (await list("/api/v1/projects")).includes(projectId),
    statusPages: (await list("/api/v1/status-pages")).includes("carol-home"),
    organizations: (await list("/api/v1/organizations")).includes(carolOrg),
    organization: (await server.call("GET", `/api/v1/organizations/${carolOrg}`, { auth: user.key })).status,
  };
}

const NOTHING = { monitorsList: false, monitor: 404, metrics: false, projects: false, statusPages: false, organizations: false, organization: 404 };

describe("inviting by email", () => {
  test("an owner's invitation shows nothing of the organization to the invitee until they accept", async () => {
    const alice = await createUser(server, adminKey);
    const invited = await invite(carol, alice.email);
    expect(invited.status).toBe(202);
    const invitation = v.parse(InvitationOut, await json(invited));
    expect(invitation).toMatchObject({ organization_id: carolOrg, email: alice.email, role: "viewer", invited_by: carol.id, invited_by_email: carol.email });
    expect(await whatOfCarolsIsVisible(alice)).toEqual(NOTHING);
    const listed = await json<any[]>(await server.call("GET", members(carolOrg), { auth: carol.key }));
    expect(listed.map((m) => m.user_id)).toEqual([carol.id]);

    expect(await mine(alice)).toEqual([invitation]);
    const accepted = await act(alice, invitation.id, "accept");
    expect(accepted.status).toBe(200);
    expect(v.parse(OrganizationOut, await json(accepted))).toMatchObject({ id: carolOrg, role: "viewer" });
    expect(await whatOfCarolsIsVisible(alice)).toEqual({ ...NOTHING, monitorsList: true, monitor: 200, metrics: true, projects: true, statusPages: true, organizations: true, organization: 200 });
    await expectError(await server.call("PATCH", `/api/v1/monitors/${monitorId}`, { auth: alice.key, body: { name: "x" } }), 403);
    expect(await mine(alice)).toEqual([]);
    await expectError(await act(alice, invitation.id, "accept"), 404, "not_found");
    expect(await json(await server.call("GET", invitationsOf(carolOrg), { auth: carol.key }))).toEqual([]);
  });

  test("the answer is the same whether or not the email has an account", async () => {
    const tag = Date.now();
    const existing = await userWithEmail(`exists-${tag}@example.com`);
    const absent = `absent-${tag}@example.com`;
    const forExisting = await invite(carol, existing.email);
    const forAbsent = await invite(carol, absent);
    const varying = new Set(["date", "x-ratelimit-remaining", "x-ratelimit-reset"]);
    const headersOf = (r: Response) => {
      const kept: string[][] = [];
      r.headers.forEach((value, name) => varying.has(name) || kept.push([name, value]));
      return kept.sort();
    };
    expect(forAbsent.status).toBe(forExisting.status);
    expect(headersOf(forAbsent)).toEqual(headersOf(forExisting));
    const [a, b] = [await json(forExisting), await json(forAbsent)];
    const comparable = (body: any) => ({ ...body, id: "…", email: "…", created_at: typeof body.created_at, expires_at: typeof body.expires_at });
    expect(comparable(b)).toEqual(comparable(a));
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b.email).toBe(absent);
    expect(await whatOfCarolsIsVisible(existing)).toEqual(NOTHING);
  });

  test("someone who signs up later with the invited email finds the invitation", async () => {
    const email = `later-${Date.now()}@example.com`;
    expect((await invite(carol, email.toUpperCase(), "member")).status).toBe(202);
    const later = await userWithEmail(email);
    const [invitation] = await mine(later);
    expect(invitation).toMatchObject({ organization_id: carolOrg, email, role: "member" });
    expect((await act(later, invitation.id, "accept")).status).toBe(200);
    expect((await server.call("GET", `/api/v1/monitors/${monitorId}`, { auth: later.key })).status).toBe(200);
  });

  test("declining makes the invitation disappear for the invitee, and nothing joins", async () => {
    const bob = await createUser(server, adminKey);
    const invitation = await json(await invite(carol, bob.email));
    const declined = await act(bob, invitation.id, "decline");
    expect(declined.status).toBe(204);
    expect(await mine(bob)).toEqual([]);
    await expectError(await act(bob, invitation.id, "accept"), 404, "not_found");
    expect(await whatOfCarolsIsVisible(bob)).toEqual(NOTHING);
    // declining is private: to the organization it stays pending until it expires, as for an email without an account
    const pending = await json<any[]>(await server.call("GET", invitationsOf(carolOrg), { auth: carol.key }));
    expect(pending.map((i) => i.id)).toContain(invitation.id);
  });

  test("another user's invitation and an unknown id are the same 404", async () => {
    const alice = await createUser(server, adminKey);
    const eve = await createUser(server, adminKey);
    const invitation = await json(await invite(carol, alice.email));
    const unknown = await expectError(await act(eve, "01930000-0000-7000-8000-000000000000", "accept"), 404, "not_found");
    expect(await expectError(await act(eve, invitation.id, "accept"), 404)).toEqual(unknown);
    expect(await expectError(await act(eve, invitation.id, "decline"), 404)).toEqual(unknown);
    expect(await mine(eve)).toEqual([]);
    expect((await mine(alice)).map((i) => i.id)).toEqual([invitation.id]);
  });

  test("an invitation expires after 14 days", async () => {
    const dave = await createUser(server, adminKey);
    const invitation = await json(await invite(carol, dave.email));
    expect(Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)).toBe(14 * DAY_MS);
    time.advance(14 * DAY_MS + 1);
    expect(await mine(dave)).toEqual([]);
    await expectError(await act(dave, invitation.id, "accept"), 404, "not_found");
    const pending = await json<any[]>(await server.call("GET", invitationsOf(carolOrg), { auth: carol.key }));
    expect(pending.map((i) => i.id)).not.toContain(invitation.id);
    // inviting again starts a fresh one
    const again = await json(await invite(carol, dave.email));
    expect((await mine(dave)).map((i) => i.id)).toEqual([again.id]);
  });
});

describe("managing invitations", () => {
  test("owners and admins list and revoke them; members get 403, outsiders 404", async () => {
    const frank = await createUser(server, adminKey);
    const member = await createUser(server, adminKey);
    const admin = await createUser(server, adminKey);
    for (const [user, role] of [[member, "member"], [admin, "admin"]] as const) {
      const invitation = await json(await invite(carol, user.email, role));
      expect((await act(user, invitation.id, "accept")).status).toBe(200);
    }
    const invitation = await json(await invite(admin, frank.email, "member"));
    const listed = await server.call("GET", `${invitationsOf(carolOrg)}?limit=1`, { auth: admin.key });
    expect(listed.status).toBe(200);
    expect(Number(listed.headers.get("x-total-count"))).toBeGreaterThan(1);
    expect((await json<any[]>(listed)).length).toBe(1);
    v.parse(v.array(InvitationOut), await json(await server.call("GET", invitationsOf(carolOrg), { auth: admin.key })));

    await expectError(await server.call("GET", invitationsOf(carolOrg), { auth: member.key }), 403, "forbidden");
    await expectError(await invite(member, "someone@example.com"), 403, "forbidden");
    await expectError(await server.call("GET", invitationsOf(carolOrg), { auth: frank.key }), 404, "not_found");
    await expectError(await invite(frank, "someone@example.com"), 404, "not_found");
    await expectError(await server.call("DELETE", `${invitationsOf(carolOrg)}/${invitation.id}`, { auth: member.key }), 403);

    expect((await server.call("DELETE", `${invitationsOf(carolOrg)}/${invitation.id}`, { auth: admin.key })).status).toBe(204);
    expect(await mine(frank)).toEqual([]);
    await expectError(await act(frank, invitation.id, "accept"), 404);
    await expectError(await server.call("DELETE", `${invitationsOf(carolOrg)}/${invitation.id}`, { auth: admin.key }), 404, "not_found");
    const franksOrg = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: frank.key })))[0].id;
    await expectError(await server.call("DELETE", `${invitationsOf(franksOrg)}/${invitation.id}`, { auth: frank.key }), 404);
  });

  test("only owners invite owners; inviting again refreshes the pending one; a member is a 409", async () => {
    const admin = await createUser(server, adminKey);
    const adminInvitation = await json(await invite(carol, admin.email, "admin"));
    await act(admin, adminInvitation.id, "accept");
    await expectError(await invite(admin, "boss@example.com", "owner"), 403, "forbidden");

    const first = await json(await invite(carol, "twice@example.com", "viewer"));
    time.advance(60_000);
    const second = await json(await invite(carol, "twice@example.com", "member"));
    expect(second).toMatchObject({ id: first.id, role: "member" });
    expect(Date.parse(second.expires_at)).toBe(Date.parse(first.expires_at) + 60_000);
    const pending = await json<any[]>(await server.call("GET", invitationsOf(carolOrg), { auth: carol.key }));
    expect(pending.filter((i) => i.email === "twice@example.com").length).toBe(1);

    await expectError(await invite(carol, admin.email), 409, "conflict");
  });

  test("an ordinary user cannot add by user_id; bad bodies are 400", async () => {
    const alice = await createUser(server, adminKey);
    const error = await expectError(await server.call("POST", members(carolOrg), { auth: carol.key, body: { user_id: alice.id } }), 400, "validation_error");
    expect(error.details!.map((d) => d.field)).toEqual(["user_id"]);
    await expectError(await server.call("POST", members(carolOrg), { auth: carol.key, body: { email: "not-an-email" } }), 400);
    expect(await whatOfCarolsIsVisible(alice)).toEqual(NOTHING);
  });

  test("an instance admin still adds an existing user directly", async () => {
    const adminOrg = (await json<any[]>(await server.call("GET", "/api/v1/organizations", { auth: adminKey })))[0].id;
    const grace = await createUser(server, adminKey);
    const added = await server.call("POST", members(adminOrg), { auth: adminKey, body: { email: grace.email, role: "viewer" } });
    expect(added.status).toBe(201);
    expect(await json(added)).toMatchObject({ user_id: grace.id, role: "viewer" });
    expect(await mine(grace)).toEqual([]);
  });
});
