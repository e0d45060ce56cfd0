// The compose example of README's "Running more than one instance" is a real file, and a compose file that
// Compose would take: its services, dependencies, environment and volumes checked here without a Docker engine
// (test/e2e/compose-cluster.test.ts runs it).
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CLUSTER_COMPOSE, publishedPorts, readCompose, upbeatServices, yamlBlockUnder } from "./support/compose.ts";
import { all, readDockerfile } from "./support/dockerfile.ts";

const REPO = new URL("../", import.meta.url).pathname;
const README = readFileSync(join(REPO, "README.md"), "utf8");
const compose = readCompose(REPO);
const upbeats = upbeatServices(compose);
const postgres = compose.services.postgres!;
/** top-level and service keys of the compose specification that the file may use */
const SERVICE_KEYS = ["image", "build", "restart", "environment", "ports", "volumes", "depends_on", "healthcheck"];

describe(CLUSTER_COMPOSE, () => {
  test("is the block README shows under 'Running more than one instance', to the byte", () => {
    expect(yamlBlockUnder(README, "## Running more than one instance")).toBe(readFileSync(join(REPO, CLUSTER_COMPOSE), "utf8"));
  });

  test("parses without YAML errors or warnings, with only keys of the compose specification", () => {
    expect(compose.problems).toEqual([]);
    expect(Object.keys(compose).filter((key) => !["services", "volumes", "problems"].includes(key) && !key.startsWith("x-"))).toEqual([]);
    for (const service of Object.values(compose.services)) expect(Object.keys(service).filter((key) => !SERVICE_KEYS.includes(key))).toEqual([]);
  });

  test("has PostgreSQL and two upbeats built from the repository's Dockerfile", () => {
    expect(postgres.image).toMatch(/^postgres:\d+$/);
    expect(upbeats.map(([name]) => name)).toEqual(["upbeat-1", "upbeat-2"]);
    for (const [, service] of upbeats) {
      expect(existsSync(join(resolve(dirname(join(REPO, CLUSTER_COMPOSE)), service.build!), "Dockerfile"))).toBe(true);
      expect(service.restart).toBe("unless-stopped");
    }
  });

  test("starts the upbeats once PostgreSQL's health check passes, and that check can pass", () => {
    for (const [, service] of upbeats) expect(service.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    const check = postgres.healthcheck!.test;
    expect(check.slice(0, 2)).toEqual(["CMD", "pg_isready"]);
    // the database it asks for is the one the image creates, as the user it creates
    expect(check.join(" ")).toContain(`-U ${postgres.environment!.POSTGRES_USER} -d ${postgres.environment!.POSTGRES_DB}`);
  });

  test("points each upbeat at that PostgreSQL by its service name, with its user, password and database", () => {
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = postgres.environment!;
    for (const [, service] of upbeats) {
      const url = new URL(service.environment!.UPBEAT_DATABASE_URL!);
      expect([url.protocol, url.username, url.password, url.hostname, url.port || "5432", url.pathname]).toEqual(["postgres:", POSTGRES_USER!, POSTGRES_PASSWORD!, "postgres", "5432", `/${POSTGRES_DB}`]);
    }
  });

  test("sets only variables README's Configuration documents, and the first admin on a fresh database", () => {
    const configuration = README.slice(README.indexOf("\n## Configuration\n"), README.indexOf("\n## Command line\n"));
    for (const [, service] of upbeats) {
      for (const name of Object.keys(service.environment!)) expect(configuration).toContain(`\`${name}\``);
      expect(service.environment!.UPBEAT_ADMIN_PASSWORD!.length).toBeGreaterThanOrEqual(8);
    }
  });

  test("publishes each upbeat's Dockerfile port on a host port of its own", () => {
    const exposed = Number(all(readDockerfile(REPO).runtime, "EXPOSE")[0]);
    const published = upbeats.flatMap(([, service]) => publishedPorts(service));
    expect(published.map((p) => p.container)).toEqual([exposed, exposed]);
    expect(new Set(published.map((p) => p.host)).size).toBe(2);
  });

  test("declares every named volume a service mounts", () => {
    const named = Object.values(compose.services).flatMap((s) => s.volumes ?? []).map((v) => v.split(":")[0]!).filter((v) => !v.startsWith("/") && !v.startsWith("."));
    expect(named.length).toBeGreaterThan(0);
    for (const volume of named) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });
});
