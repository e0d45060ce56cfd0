// API keys belong to one user: only they list and revoke them, and the key itself is never stored.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { FIRST_PAGE } from "../../src/paging.ts";
import { sha256Hex } from "../../src/ids.ts";
import { addPerson, openDomain, refusal, type Domain } from "../support/domain.ts";

let domain: Domain;
beforeEach(async () => {
  domain = await openDomain();
});
afterEach(() => domain.close());

test("a new key is stored as its hash, write scope unless asked, and listed only for its owner", () => {
  const { apiKeys } = domain.services;
  const [alice, bob] = [addPerson(domain.store), addPerson(domain.store)];
  const { row, key } = apiKeys.create(alice.id, {});
  expect(row).toMatchObject({ name: "API key", scope: "write", keyHash: sha256Hex(key), prefix: key.slice(0, 10) });
  expect(domain.store.apiKeys.findByHash(sha256Hex(key))?.user.id).toBe(alice.id);
  expect(apiKeys.list(alice.id, FIRST_PAGE).items.map((k) => k.id)).toEqual([row.id]);
  expect(apiKeys.list(bob.id, FIRST_PAGE)).toEqual({ items: [], total: 0 });
});

test("another user's key is a 404 to revoke and keeps working", () => {
  const { apiKeys } = domain.services;
  const [alice, bob] = [addPerson(domain.store), addPerson(domain.store)];
  const { row, key } = apiKeys.create(alice.id, { name: "ci", scope: "read" });
  expect(refusal(() => apiKeys.revoke(row.id, bob.id))).toEqual(refusal(() => apiKeys.revoke(crypto.randomUUID(), bob.id)));
  expect(domain.store.apiKeys.findByHash(sha256Hex(key))).toBeDefined();
  apiKeys.revoke(row.id, alice.id);
  expect(domain.store.apiKeys.findByHash(sha256Hex(key))).toBeUndefined();
});
