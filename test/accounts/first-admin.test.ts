// UPBEAT_ADMIN_EMAIL/PASSWORD on instances that start together on one database: each looks, finds no user, and
// hashes the password; the first to write makes the admin, the others find it made (and do not fail at start).
import { afterEach, beforeEach, expect, test } from "bun:test";
import { bootstrapAdmin } from "../../src/accounts/users.ts";
import { freshStore, type FreshStore } from "../support/fresh-store.ts";

let fresh: FreshStore;
beforeEach(async () => {
  fresh = await freshStore();
});
afterEach(() => fresh.close());

test("two instances bootstrapping at once, through two connections: one admin, and the other gets null", async () => {
  const made = await Promise.all([
    bootstrapAdmin(fresh.store, "first@example.com", "change-me-please", 1),
    bootstrapAdmin(fresh.another(), "second@example.com", "change-me-please", 1),
  ]);
  expect(made.filter((admin) => admin !== null)).toHaveLength(1);
  expect(fresh.store.users.count()).toBe(1);
  expect(fresh.store.users.list(10, 0)[0]).toMatchObject({ isAdmin: true, plan: "team" });
});

test("an instance that finds a user already makes none", async () => {
  await bootstrapAdmin(fresh.store, "first@example.com", "change-me-please", 1);
  expect(await bootstrapAdmin(fresh.another(), "second@example.com", "change-me-please", 2)).toBeNull();
  expect(fresh.store.users.count()).toBe(1);
});
