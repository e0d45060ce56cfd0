// Creating people: each new user either joins an organization or gets one of their own.
import type { Plan, Role, UserRow } from "../db/schema.ts";
import { conflict, notFound } from "../errors.ts";
import type { Store } from "../store/index.ts";

export interface NewAccount {
  email: string;
  password: string;
  name?: string | null;
  plan?: Plan;
  isAdmin?: boolean;
  organizationId?: string;
  role?: Role;
}

export const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: "argon2id" });

export async function createAccount(store: Store, input: NewAccount, now: number): Promise<UserRow> {
  if (store.users.byEmail(input.email)) throw conflict(`A user with email ${input.email} already exists`);
  const passwordHash = await hashPassword(input.password);
  return store.transaction(() => {
    if (input.organizationId && !store.organizations.getById(input.organizationId)) throw notFound("Organization");
    const user = store.users.create(
      {
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        plan: input.plan ?? (input.isAdmin ? "team" : "free"),
        isAdmin: input.isAdmin ?? false,
      },
      now,
    );
    if (input.organizationId) {
      store.organizations.addMember(input.organizationId, user.id, input.role ?? "member", now);
    } else {
      const organization = store.organizations.create(`${input.name || user.email}'s organization`, now);
      store.organizations.addMember(organization.id, user.id, "owner", now);
      store.projects.create({ organizationId: organization.id, name: "Default", isDefault: true }, now);
    }
    return user;
  });
}

// made on first use, not at start-up: hashing takes tens of milliseconds
let dummyHash: Promise<string> | undefined;

/** Checks a password; an unknown email costs the same hash, so timing does not tell which emails exist. */
export async function verifyLogin(store: Store, email: string, password: string): Promise<UserRow | null> {
  const user = store.users.byEmail(email);
  const hash = user?.passwordHash ?? (await (dummyHash ??= hashPassword("not-a-real-password")));
  const ok = await Bun.password.verify(password, hash);
  return user && ok ? user : null;
}

/** UPBEAT_ADMIN_EMAIL/PASSWORD: the first admin, only while the instance has no user at all. */
export async function bootstrapAdmin(store: Store, email: string | null, password: string | null, now: number) {
  if (!email || !password || store.users.count() > 0) return null;
  return createAccount(store, { email, password, name: "Admin", plan: "team", isAdmin: true }, now);
}
