// Creating people: each new user either joins an organization or gets one of their own.
import type { UserRow } from "../domain/types.ts";
import type { Plan, Role } from "../enums.ts";
import { AppError, conflict, forbidden, invalid } from "../errors.ts";
import { DEFAULT_MEMBER_ROLE, foundOrganization, requireMayAddMember } from "../organizations/service.ts";
import type { Page, Paging } from "../paging.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";

export interface NewAccount {
  email: string;
  password: string;
  name?: string | null;
  plan?: Plan;
  isAdmin?: boolean;
  organizationId?: string;
  role?: Role;
}

// OWASP's argon2id option of 7 MiB × 5 passes: as strong as Bun's default (64 MiB × 2), but each hash or login
// holds 7 MiB instead of 64 MiB, which was most of upbeat's peak memory on a small box.
const ARGON2 = { algorithm: "argon2id", memoryCost: 7168, timeCost: 5 } as const;
const CURRENT_HASH_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=1$`;

export const hashPassword = (password: string) => Bun.password.hash(password, ARGON2);

export async function createAccount(store: Store, input: NewAccount, now: number): Promise<UserRow> {
  if (store.users.byEmail(input.email)) throw conflict(`A user with email ${input.email} already exists`);
  const passwordHash = await hashPassword(input.password);
  return store.transaction(() => insertAccount(store, input, passwordHash, now));
}

/** The user and their membership (or organization of their own); call inside a transaction. */
function insertAccount(store: Store, input: NewAccount, passwordHash: string, now: number): UserRow {
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
    store.organizations.addMember(input.organizationId, user.id, input.role ?? DEFAULT_MEMBER_ROLE, now);
  } else {
    foundOrganization(store, `${input.name || user.email}'s organization`, user.id, now);
  }
  return user;
}

/**
 * The instance's first admin (plan team, an organization of their own), or 409 once anyone exists. The slow hash
 * comes first; the check and the insert share one transaction, so of two racing calls exactly one wins.
 */
export async function createFirstAdmin(store: Store, email: string, password: string, now: number): Promise<UserRow> {
  const passwordHash = await hashPassword(password);
  return store.transaction(() => {
    if (store.users.countLocked() > 0) throw conflict("Setup is done already: an administrator exists");
    return insertAccount(store, { email, password, name: "Admin", plan: "team", isAdmin: true }, passwordHash, now);
  });
}

// made on first use, not at start-up: hashing takes tens of milliseconds
let dummyHash: Promise<string> | undefined;

/** Checks a password; an unknown email costs the same hash, so timing does not tell which emails exist. */
export async function verifyLogin(store: Store, email: string, password: string, now: number): Promise<UserRow | null> {
  const user = store.users.byEmail(email);
  const hash = user?.passwordHash ?? (await (dummyHash ??= hashPassword("not-a-real-password")));
  const ok = await Bun.password.verify(password, hash);
  if (!user || !ok) return null;
  // hashes made with the older, memory-hungry parameters are replaced at the next good login
  if (!user.passwordHash.startsWith(CURRENT_HASH_PREFIX)) store.users.setPassword(user.id, await hashPassword(password), now);
  return user;
}

/**
 * UPBEAT_ADMIN_EMAIL/PASSWORD: the first admin, only while the instance has no user at all. Null also when
 * another instance on the same database made one first (they start together).
 */
export async function bootstrapAdmin(store: Store, email: string | null, password: string | null, now: number) {
  if (!email || !password || store.users.count() > 0) return null;
  return createFirstAdmin(store, email, password, now).catch((error: unknown) => {
    if (error instanceof AppError && error.status === 409) return null;
    throw error;
  });
}

/** The people of the instance: anyone sees themselves, only instance admins list and create users. */
export function createUserService(store: Store, clock: Clock) {
  const requireInstanceAdmin = (caller: UserRow) => {
    if (!caller.isAdmin) throw forbidden("Only administrators can manage users");
  };
  return {
    /** The caller with their organizations and role in each. */
    me: (caller: UserRow) => ({ user: caller, organizations: store.organizations.listForUser(caller.id) }),

    list(caller: UserRow, { limit, offset }: Paging): Page<UserRow> {
      requireInstanceAdmin(caller);
      return { items: store.users.list(limit, offset), total: store.users.count() };
    },

    /** 400 naming current_password when it is wrong; other browsers signed in as the caller are signed out. */
    async changePassword(caller: UserRow, currentPassword: string, newPassword: string, keepSessionId: string | undefined) {
      const stored = store.users.byId(caller.id);
      if (!stored || !(await Bun.password.verify(currentPassword, stored.passwordHash))) {
        throw invalid([{ field: "current_password", message: "is not your current password" }]);
      }
      store.users.setPassword(caller.id, await hashPassword(newPassword), clock());
      store.sessions.deleteOthersOf(caller.id, keepSessionId);
    },

    /** Into an organization only as its managers add members (see requireMayAddMember), else with one of their own. */
    async create(caller: UserRow, input: NewAccount): Promise<UserRow> {
      requireInstanceAdmin(caller);
      if (input.organizationId) requireMayAddMember(store, input.organizationId, caller.id, input.role ?? DEFAULT_MEMBER_ROLE);
      return createAccount(store, input, clock());
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
