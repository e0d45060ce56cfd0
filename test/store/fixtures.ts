// Records built through the store under test: a user in an organization with a project, and monitors in it.
import type { MonitorRow, UserRow } from "../../src/domain/types.ts";
import type { Role } from "../../src/enums.ts";
import type { NewMonitor, Store } from "../../src/store/store.ts";

export const T0 = Date.parse("2026-01-01T00:00:00.000Z");
let people = 0;

export function addUser(store: Store, email = `person${++people}@example.com`): UserRow {
  return store.users.create({ email, name: null, passwordHash: "hash", plan: "free", isAdmin: false }, T0);
}

/** A user who owns an organization with a default project. */
export function workspace(store: Store) {
  const user = addUser(store);
  const organization = store.organizations.create("Acme", T0);
  store.organizations.addMember(organization.id, user.id, "owner", T0);
  const project = store.projects.create({ organizationId: organization.id, name: "Default", isDefault: true }, T0);
  const join = (role: Role) => {
    const member = addUser(store);
    store.organizations.addMember(organization.id, member.id, role, T0 + 1);
    return member;
  };
  const monitor = (more: Partial<NewMonitor> = {}, at = T0): MonitorRow =>
    store.monitors.insert({ projectId: project.id, name: "site", kind: "http", url: "https://example.com/", intervalSeconds: 60, timeoutSeconds: 10, ...more }, at);
  return { user, organization, project, join, monitor };
}
