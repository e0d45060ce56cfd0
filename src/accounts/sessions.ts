// Signing in on a browser: checking a password, opening and closing session rows, and the first-run admin.
import type { UserRow } from "../domain/types.ts";
import type { Store } from "../store/index.ts";
import type { Clock } from "../time.ts";
import { newSessionToken } from "./secrets.ts";
import { createFirstAdmin, verifyLogin } from "./users.ts";

export const SESSION_DAYS = 30;

export function createSessionService(store: Store, clock: Clock) {
  return {
    /** The user with this email and password, or null (the caller counts the failure). */
    verify: (email: string, password: string): Promise<UserRow | null> => verifyLogin(store, email, password, clock()),

    /** A new session for the user: the cookie's token (only its hash is stored) and when it expires. */
    start(userId: string): { token: string; expiresAt: number } {
      const now = clock();
      const { token, hash } = newSessionToken();
      const expiresAt = now + SESSION_DAYS * 86_400_000;
      store.sessions.insert({ id: hash, userId, createdAt: now, expiresAt });
      store.sessions.deleteExpired(now);
      return { token, expiresAt };
    },

    end: (sessionId: string) => store.sessions.delete(sessionId),

    needsSetup: (): boolean => store.users.count() === 0,

    /** The first admin, only while no user exists at all (409 otherwise). */
    setup: (email: string, password: string): Promise<UserRow> => createFirstAdmin(store, email, password, clock()),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
