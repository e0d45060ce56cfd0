// Users, organizations and their members, invitations, projects, API keys, sessions, status pages.
import { describe, expect, test } from "bun:test";
import { sha256Hex } from "../../../src/ids.ts";
import type { Cases } from "../suite.ts";
import { addUser, T0, workspace } from "../fixtures.ts";

export const accountCases: Cases = (current) => {
  describe("users", () => {
    test("found by id and by email in any case; listed oldest first; counted", () => {
      const store = current();
      const ann = store.users.create({ email: "Ann@Example.com", name: "Ann", passwordHash: "h", plan: "pro", isAdmin: true }, T0);
      const bob = store.users.create({ email: "bob@example.com", name: null, passwordHash: "h", plan: "free", isAdmin: false }, T0 + 1);
      expect(ann.email).toBe("ann@example.com");
      expect(store.users.byId(ann.id)).toEqual(ann);
      expect(store.users.byEmail("ANN@example.COM")?.id).toBe(ann.id);
      expect(store.users.byEmail("nobody@example.com")).toBeUndefined();
      expect(store.users.list(10, 0).map((u) => u.id)).toEqual([ann.id, bob.id]);
      expect(store.users.list(10, 1).map((u) => u.id)).toEqual([bob.id]);
      expect(store.users.count()).toBe(2);
      store.users.setPassword(bob.id, "new-hash", T0 + 5);
      expect(store.users.byId(bob.id)).toMatchObject({ passwordHash: "new-hash", updatedAt: T0 + 5 });
    });

    // that it holds off a second instance is seen in test/e2e/compose-cluster.test.ts (two processes start at once)
    test("counted under the first-admin lock in a transaction", () => {
      const store = current();
      addUser(store);
      expect(store.transaction(() => store.users.countLocked())).toBe(1);
    });
  });

  describe("organizations and memberships", () => {
    test("roles are answered, changed and removed; members listed oldest first; owners counted", () => {
      const store = current();
      const { user, organization, join } = workspace(store);
      const viewer = join("viewer");
      expect(store.organizations.roleIn(user.id, organization.id)).toBe("owner");
      expect(store.organizations.roleIn(viewer.id, organization.id)).toBe("viewer");
      store.organizations.setRole(organization.id, viewer.id, "owner");
      expect(store.organizations.roleIn(viewer.id, organization.id)).toBe("owner");
      expect(store.organizations.countOwners(organization.id)).toBe(2);
      expect(store.organizations.members(organization.id).map((m) => [m.user.id, m.role])).toEqual([[user.id, "owner"], [viewer.id, "owner"]]);
      expect(store.organizations.hasMemberWithEmail(organization.id, viewer.email.toUpperCase())).toBe(true);
      store.organizations.removeMember(organization.id, viewer.id);
      expect(store.organizations.roleIn(viewer.id, organization.id)).toBeUndefined();
      expect(store.organizations.getForUser(organization.id, viewer.id)).toBeUndefined();
      expect(store.organizations.hasMemberWithEmail(organization.id, viewer.email)).toBe(false);
    });

    test("a user's organizations come with the role, oldest membership first; renaming shows; the time zone is UTC until set", () => {
      const store = current();
      const { user, organization } = workspace(store);
      const other = store.organizations.create("Other", T0);
      store.organizations.addMember(other.id, user.id, "member", T0 + 5);
      store.organizations.update(other.id, { name: "Renamed" });
      expect(store.organizations.timeZoneOf(other.id)).toBe("UTC");
      store.organizations.update(other.id, { timezone: "Europe/Berlin" });
      expect([store.organizations.getById(other.id)?.timezone, store.organizations.timeZoneOf(other.id)]).toEqual(["Europe/Berlin", "Europe/Berlin"]);
      expect(store.organizations.listForUser(user.id).map((m) => [m.organization.name, m.role, m.joinedAt]))
        .toEqual([["Acme", "owner", T0], ["Renamed", "member", T0 + 5]]);
      expect(store.organizations.getById(organization.id)).toEqual(organization);
    });
  });

  describe("invitations", () => {
    test("an open invitation is found by organization and email, described, and accepted once", () => {
      const store = current();
      const { user, organization } = workspace(store);
      const invitation = store.invitations.create({ organizationId: organization.id, email: "New@Example.com", role: "viewer", invitedBy: user.id, expiresAt: T0 + 1000 }, T0);
      expect(store.invitations.openFor(organization.id, "new@example.com")?.id).toBe(invitation.id);
      expect(store.invitations.described(invitation.id)).toEqual({ invitation, organizationName: "Acme", invitedByEmail: user.email });
      expect(store.invitations.pendingFor("NEW@example.com", T0 + 1).map((d) => d.invitation.id)).toEqual([invitation.id]);
      store.invitations.refresh(invitation.id, { role: "member", invitedBy: user.id, expiresAt: T0 + 2000 });
      expect(store.invitations.ofOrganization(organization.id, T0 + 1500).map((d) => d.invitation.role)).toEqual(["member"]);
      store.invitations.markAccepted(invitation.id, T0 + 2);
      expect(store.invitations.openFor(organization.id, "new@example.com")).toBeUndefined();
      expect(store.invitations.pendingFor("new@example.com", T0 + 3)).toEqual([]);
    });

    test("expired ones are nobody's to accept; declined ones stay on the organization's list; removed ones go", () => {
      const store = current();
      const { user, organization } = workspace(store);
      const invite = (email: string) =>
        store.invitations.create({ organizationId: organization.id, email, role: "viewer", invitedBy: user.id, expiresAt: T0 + 100 }, T0);
      const declined = invite("d@example.com");
      const removed = invite("r@example.com");
      store.invitations.markDeclined(declined.id, T0 + 1);
      store.invitations.remove(removed.id);
      expect(store.invitations.pendingFor("d@example.com", T0 + 2)).toEqual([]);
      expect(store.invitations.ofOrganization(organization.id, T0 + 2).map((d) => d.invitation.id)).toEqual([declined.id]);
      expect(store.invitations.ofOrganization(organization.id, T0 + 100)).toEqual([]);
    });
  });

  describe("projects", () => {
    test("visible to members only, with their role; the default one is found; monitors counted; deleted", () => {
      const store = current();
      const { user, organization, project, join, monitor } = workspace(store);
      const extra = store.projects.create({ organizationId: organization.id, name: "Extra" }, T0 + 1);
      const viewer = join("viewer");
      const outsider = addUser(store);
      monitor();
      expect(store.projects.organizationOf(extra.id)).toBe(organization.id);
      expect(store.projects.defaultOf(organization.id)?.id).toBe(project.id);
      expect(store.projects.listForUser(user.id).map((p) => p.project.id)).toEqual([extra.id, project.id]);
      expect(store.projects.getForUser(extra.id, viewer.id)?.role).toBe("viewer");
      expect(store.projects.getForUser(extra.id, outsider.id)).toBeUndefined();
      expect(store.projects.listForUser(outsider.id, organization.id)).toEqual([]);
      expect(store.projects.countMonitors(project.id)).toBe(1);
      store.projects.rename(extra.id, "Renamed", T0 + 2);
      expect(store.projects.byId(extra.id)).toMatchObject({ name: "Renamed", updatedAt: T0 + 2 });
      store.projects.delete(extra.id);
      expect(store.projects.byId(extra.id)).toBeUndefined();
      expect(store.projects.organizationOf(extra.id)).toBeUndefined();
    });
  });

  describe("api keys", () => {
    test("a key is found by its hash with its user, touched, listed newest first, and revoked at once", () => {
      const store = current();
      const user = addUser(store);
      const key = (id: string, createdAt: number) =>
        ({ id, userId: user.id, name: id, prefix: "pm_x", keyHash: `hash-${id}`, scope: "read" as const, createdAt, lastUsedAt: null });
      store.apiKeys.insert(key("k1", T0));
      store.apiKeys.insert(key("k2", T0 + 1));
      const found = store.apiKeys.findByHash("hash-k1")!;
      expect(found.user.id).toBe(user.id);
      store.apiKeys.touch(found.key, T0 + 9);
      expect(store.apiKeys.listForUser(user.id).map((k) => [k.id, k.lastUsedAt])).toEqual([["k2", null], ["k1", T0 + 9]]);
      expect(store.apiKeys.deleteForUser("k1", addUser(store).id)).toBe(false);
      expect(store.apiKeys.deleteForUser("k1", user.id)).toBe(true);
      expect(store.apiKeys.findByHash("hash-k1")).toBeUndefined();
      expect(store.apiKeys.findByHash("hash-k2")?.key.id).toBe("k2");
    });

    test("a key is found as presented (by its SHA-256), and a revoked one is refused at once though it was just found", () => {
      const store = current();
      const user = addUser(store);
      const presented = ["pm_presented_one", "pm_presented_two"];
      presented.forEach((key, i) => store.apiKeys.insert(
        { id: `p${i}`, userId: user.id, name: key, prefix: "pm_p", keyHash: sha256Hex(key), scope: "write", createdAt: T0, lastUsedAt: null }));
      expect(store.apiKeys.findByKey(presented[0]!)?.user.id).toBe(user.id);
      expect(store.apiKeys.findByKey(presented[1]!)?.key.id).toBe("p1");
      expect(store.apiKeys.findByKey("pm_never_made")).toBeUndefined();
      expect(store.apiKeys.deleteForUser("p0", user.id)).toBe(true);
      expect(store.apiKeys.findByKey(presented[0]!)).toBeUndefined();
      expect(store.apiKeys.findByKey(presented[1]!)?.key.id).toBe("p1");
    });
  });

  describe("sessions", () => {
    test("valid until they expire; deleted ones and expired ones go", () => {
      const store = current();
      const user = addUser(store);
      for (const id of ["s1", "s2", "s3"]) store.sessions.insert({ id, userId: user.id, createdAt: T0, expiresAt: T0 + 100 });
      expect(store.sessions.findValid("s1", T0 + 99)?.user.id).toBe(user.id);
      expect(store.sessions.findValid("s1", T0 + 100)).toBeUndefined();
      store.sessions.delete("s2");
      expect(store.sessions.findValid("s2", T0)).toBeUndefined();
      store.sessions.deleteExpired(T0 + 100);
      expect(store.sessions.findValid("s3", T0)).toBeUndefined(); // gone, though it was valid at T0
    });

    test("a changed password signs out the user's other sessions, not this one nor anyone else's", () => {
      const store = current();
      const [ann, bob] = [addUser(store), addUser(store)];
      const open = (id: string, userId: string) => store.sessions.insert({ id, userId, createdAt: T0, expiresAt: T0 + 100 });
      open("here", ann.id);
      open("there", ann.id);
      open("bob", bob.id);
      expect(store.sessions.findValid("there", T0)?.user.id).toBe(ann.id);
      store.sessions.deleteOthersOf(ann.id, "here");
      expect(["here", "there", "bob"].map((id) => store.sessions.findValid(id, T0)?.user.id)).toEqual([ann.id, undefined, bob.id]);
    });
  });

  describe("status pages", () => {
    test("a page keeps its monitors in the order chosen; found by slug; visible to members; updated and deleted", () => {
      const store = current();
      const { user, organization, monitor } = workspace(store);
      const [a, b] = [monitor({ name: "a" }), monitor({ name: "b" })];
      const fields = { slug: "acme", title: "Acme", description: null, customDomain: "status.acme.test" };
      const page = store.statusPages.create(organization.id, fields, [{ name: "", monitorIds: [b.id, a.id] }], T0);
      expect(store.statusPages.bySlug("acme")).toEqual(page);
      expect(store.statusPages.slugTaken("acme")).toBe(true);
      expect(store.statusPages.slugTaken("acme", page.id)).toBe(false);
      expect(store.statusPages.monitorsOf(page.id).map((m) => m.name)).toEqual(["b", "a"]);
      expect(store.statusPages.getForUser(page.id, user.id)?.role).toBe("owner");
      expect(store.statusPages.listForUser(addUser(store).id)).toEqual([]);
      store.statusPages.update(page.id, { title: "Acme status" }, [{ name: "", monitorIds: [a.id] }], T0 + 1);
      expect(store.statusPages.bySlug("acme")?.title).toBe("Acme status");
      expect(store.statusPages.monitorsOf(page.id).map((m) => m.name)).toEqual(["a"]);
      store.statusPages.delete(page.id);
      expect(store.statusPages.bySlug("acme")).toBeUndefined();
    });

    test("groups keep their names and order; the pages showing a monitor are found", () => {
      const store = current();
      const { organization, monitor } = workspace(store);
      const [a, b, c] = [monitor({ name: "a" }), monitor({ name: "b" }), monitor({ name: "c" })];
      const page = store.statusPages.create(organization.id, { slug: "grouped", title: "G", description: null, customDomain: null },
        [{ name: "Web", monitorIds: [c.id] }, { name: "Storage", monitorIds: [a.id, b.id] }], T0);
      expect(store.statusPages.monitorsOf(page.id).map((m) => [m.groupName, m.name])).toEqual([["Web", "c"], ["Storage", "a"], ["Storage", "b"]]);
      expect(store.statusPages.pageIdsShowing([b.id])).toEqual([page.id]);
      expect(store.statusPages.pageIdsShowing([])).toEqual([]);
    });

    test("a page shows only its organization's monitors; a monitor moved away leaves the other pages", () => {
      const store = current();
      const acme = workspace(store);
      const other = workspace(store);
      const mine = acme.monitor();
      const theirs = other.monitor();
      expect(store.statusPages.monitorIdsInOrganization(acme.organization.id, [mine.id, theirs.id])).toEqual(new Set([mine.id]));
      const page = store.statusPages.create(acme.organization.id, { slug: "a", title: "A", description: null, customDomain: null }, [{ name: "", monitorIds: [mine.id] }], T0);
      store.statusPages.removeMonitorOutside(mine.id, other.organization.id);
      expect(store.statusPages.monitorsOf(page.id)).toEqual([]);
    });
  });
};
