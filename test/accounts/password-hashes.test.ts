// Password hashes: argon2id at 7 MiB (a login must not hold 64 MiB on a small box); older hashes are renewed at login.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { hashPassword, verifyLogin } from "../../src/accounts/users.ts";
import { addPerson, openDomain, type Domain } from "../support/domain.ts";

let domain: Domain;
beforeEach(async () => {
  domain = await openDomain();
});
afterEach(() => domain.close());

const storedHash = (id: string) => domain.store.users.byId(id)!.passwordHash;

test("new hashes are argon2id with 7 MiB and 5 passes", async () => {
  expect(await hashPassword("correct horse")).toStartWith("$argon2id$v=19$m=7168,t=5,p=1$");
});

test("a good login replaces a hash made with Bun's default 64 MiB; the password still works", async () => {
  const user = addPerson(domain.store);
  domain.store.users.setPassword(user.id, await Bun.password.hash("correct horse", { algorithm: "argon2id" }), 0);
  expect(storedHash(user.id)).toStartWith("$argon2id$v=19$m=65536,");
  expect(await verifyLogin(domain.store, user.email, "correct horse", 1)).not.toBeNull();
  expect(storedHash(user.id)).toStartWith("$argon2id$v=19$m=7168,t=5,p=1$");
  expect(await verifyLogin(domain.store, user.email, "correct horse", 2)).not.toBeNull();
});

test("a wrong password leaves the old hash alone", async () => {
  const user = addPerson(domain.store);
  const old = await Bun.password.hash("correct horse", { algorithm: "argon2id" });
  domain.store.users.setPassword(user.id, old, 0);
  expect(await verifyLogin(domain.store, user.email, "wrong horse", 1)).toBeNull();
  expect(storedHash(user.id)).toBe(old);
});

test("a current hash is not rewritten at login", async () => {
  const user = addPerson(domain.store);
  const current = await hashPassword("correct horse");
  domain.store.users.setPassword(user.id, current, 0);
  await verifyLogin(domain.store, user.email, "correct horse", 1);
  expect(storedHash(user.id)).toBe(current);
});
