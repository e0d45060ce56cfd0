// The cluster's compose file (docs/docker-compose.cluster.yml) read as Docker Compose reads it: YAML with
// merge keys (`<<: *upbeat`), services, their environment, published ports and dependencies.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

export const CLUSTER_COMPOSE = "docs/docker-compose.cluster.yml";

export interface ComposeService {
  image?: string;
  build?: string;
  restart?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; retries?: number };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  /** YAML errors and warnings, as text: none in a file Compose takes */
  problems: string[];
}

/** Parsed with merge keys, as Compose does (YAML 1.1 `<<`). */
export function readCompose(repo: string, path = CLUSTER_COMPOSE): ComposeFile {
  const document = parseDocument(readFileSync(join(repo, path), "utf8"), { merge: true });
  const problems = [...document.errors, ...document.warnings].map((p) => p.message);
  return { ...(document.toJS() as Omit<ComposeFile, "problems">), problems };
}

/** `"8081:8080"` → { host: 8081, container: 8080 } */
export function publishedPorts(service: ComposeService): { host: number; container: number }[] {
  return (service.ports ?? []).map((mapping) => {
    const [host, container] = mapping.split(":").map(Number);
    return { host: host!, container: container! };
  });
}

/** The services built from the repository's Dockerfile: the upbeats. */
export const upbeatServices = (compose: ComposeFile) => Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

/** The first ```yaml block under a README heading (`## Running more than one instance`). */
export function yamlBlockUnder(readme: string, heading: string): string {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no yaml block under ${heading}`);
  return match[1]!;
}
