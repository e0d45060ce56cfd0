import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  test("working defaults from an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080, host: "0.0.0.0", baseUrl: null, adminEmail: null, retentionDays: 30, trustProxy: false,
      allowPrivateTargets: true,
      rateLimits: { free: 2, pro: 50, team: 500 },
    });
    expect(config.dbPath.endsWith("/data/upbeat.db")).toBe(true);
    expect(config.databaseUrl).toBeNull();
  });

  test("a PostgreSQL URL switches the store; a wrong one is refused without echoing its password", () => {
    expect(loadConfig({ UPBEAT_DATABASE_URL: "postgres://up:secret@db:5432/upbeat" }).databaseUrl).toBe("postgres://up:secret@db:5432/upbeat");
    expect(loadConfig({ UPBEAT_DATABASE_URL: "postgresql://db/upbeat" }).databaseUrl).toBe("postgresql://db/upbeat");
    expect(() => loadConfig({ UPBEAT_DATABASE_URL: "mysql://up:secret@db/upbeat" })).toThrow(/^UPBEAT_DATABASE_URL: must be a URL such as postgres:\/\/[^\n]*$/);
    expect(() => loadConfig({ UPBEAT_DATABASE_URL: "mysql://up:secret@db/upbeat" })).not.toThrow(/secret/);
  });

  test("PORT is honoured, UPBEAT_PORT wins", () => {
    expect(loadConfig({ PORT: "3000" }).port).toBe(3000);
    expect(loadConfig({ PORT: "3000", UPBEAT_PORT: "4000" }).port).toBe(4000);
  });

  test("values are read and normalized", () => {
    const config = loadConfig({
      UPBEAT_BASE_URL: "https://up.example.com/", UPBEAT_RATE_LIMITS: "free=5, team=900", UPBEAT_TRUST_PROXY: "true",
      UPBEAT_ALLOW_PRIVATE_TARGETS: "false", UPBEAT_ADMIN_EMAIL: "Me@Example.com", UPBEAT_ADMIN_PASSWORD: "long-password", UPBEAT_RETENTION_DAYS: "7",
    });
    expect(config).toMatchObject({
      baseUrl: "https://up.example.com", rateLimits: { free: 5, pro: 50, team: 900 }, trustProxy: true,
      allowPrivateTargets: false, adminEmail: "me@example.com", retentionDays: 7,
    });
  });

  test("an admin email needs no dot in its domain", () => {
    expect(loadConfig({ UPBEAT_ADMIN_EMAIL: "admin@localhost", UPBEAT_ADMIN_PASSWORD: "long-password" }).adminEmail).toBe("admin@localhost");
  });

  test("bad values name their variable in one line", () => {
    const bad: [Record<string, string>, string][] = [
      [{ UPBEAT_PORT: "abc" }, "UPBEAT_PORT"],
      [{ UPBEAT_PORT: "70000" }, "UPBEAT_PORT"],
      [{ PORT: "-1" }, "PORT"],
      [{ UPBEAT_BASE_URL: "up.example.com" }, "UPBEAT_BASE_URL"],
      [{ UPBEAT_RATE_LIMITS: "free=lots" }, "UPBEAT_RATE_LIMITS"],
      [{ UPBEAT_RATE_LIMITS: "gold=5" }, "UPBEAT_RATE_LIMITS"],
      [{ UPBEAT_RETENTION_DAYS: "0" }, "UPBEAT_RETENTION_DAYS"],
      [{ UPBEAT_TRUST_PROXY: "maybe" }, "UPBEAT_TRUST_PROXY"],
      [{ UPBEAT_ALLOW_PRIVATE_TARGETS: "sometimes" }, "UPBEAT_ALLOW_PRIVATE_TARGETS"],
      [{ UPBEAT_ADMIN_EMAIL: "admin" , UPBEAT_ADMIN_PASSWORD: "long-password" }, "UPBEAT_ADMIN_EMAIL"],
      [{ UPBEAT_ADMIN_EMAIL: "admin@" , UPBEAT_ADMIN_PASSWORD: "long-password" }, "UPBEAT_ADMIN_EMAIL"],
      [{ UPBEAT_ADMIN_EMAIL: "ad min@host" , UPBEAT_ADMIN_PASSWORD: "long-password" }, "UPBEAT_ADMIN_EMAIL"],
      [{ UPBEAT_ADMIN_EMAIL: "a@b.co", UPBEAT_ADMIN_PASSWORD: "short" }, "UPBEAT_ADMIN_PASSWORD"],
      [{ UPBEAT_ADMIN_EMAIL: "a@b.co" }, "UPBEAT_ADMIN_PASSWORD"],
      [{ UPBEAT_HOST: " " }, "UPBEAT_HOST"],
      [{ UPBEAT_DATABASE_URL: "mysql://u:p@db/upbeat" }, "UPBEAT_DATABASE_URL"],
      [{ UPBEAT_DATABASE_URL: "db.example.com:5432" }, "UPBEAT_DATABASE_URL"],
    ];
    for (const [env, name] of bad) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message.startsWith(`${name}:`)).toBe(true);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
