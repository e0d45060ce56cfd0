// The domain services on a fresh store (a SQLite file, or PostgreSQL with UPBEAT_TEST_STORE=postgres),
// and an organization with one person in each role.
import type { UserRow } from "../../src/domain/types.ts";
import type { Role } from "../../src/enums.ts";
import { AppError } from "../../src/errors.ts";
import { foundOrganization } from "../../src/organizations/service.ts";
import { createServices, type Services } from "../../src/services.ts";
import type { Store } from "../../src/store/store.ts";
import { freshStore } from "./fresh-store.ts";

const NOW = Date.parse("2025-01-01T00:00:00.000Z");

export interface Domain {
  store: Store;
  services: Services;
  close(): void;
}

export async function openDomain(): Promise<Domain> {
  const { store, close } = await freshStore();
  return { store, services: createServices(store, () => NOW), close };
}

let counter = 0;

/** A user with their own organization (as every account has); no password hashing, to stay fast. */
export function addPerson(store: Store, isAdmin = false): UserRow {
  const user = store.users.create(
    { email: `person${++counter}@example.com`, name: null, passwordHash: "unused", plan: "free", isAdmin }, NOW,
  );
  foundOrganization(store, `${user.email}'s organization`, user.id, NOW);
  return user;
}

/** Acme: an owner, and one admin, member and viewer who joined it; `outsider` belongs elsewhere. */
export function acme(store: Store) {
  const owner = addPerson(store);
  const organization = foundOrganization(store, "Acme", owner.id, NOW);
  const join = (role: Role) => {
    const user = addPerson(store);
    store.organizations.addMember(organization.id, user.id, role, NOW);
    return user;
  };
  return { organization, owner, admin: join("admin"), member: join("member"), viewer: join("viewer"), outsider: addPerson(store) };
}

/** The AppError `fn` throws, as status and message, so a test can compare refusals. */
export function refusal(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal, but the call succeeded");
}
