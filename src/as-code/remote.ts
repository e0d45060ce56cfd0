// The configuration of a running upbeat through its REST API (`apply --url --api-key`), so apply runs from CI.
// Each change is its own request: the whole file is checked before the first one.
import { AppError } from "../errors.ts";
import type { Backend, MonitorState, Resource, State } from "./state.ts";

const PATHS: Record<Resource, string> = {
  channels: "channels", projects: "projects", monitors: "monitors", status_pages: "status-pages", maintenance: "maintenance",
};
const PAGE = 1000;

type Json = Record<string, unknown>;

export function remoteBackend(baseUrl: string, apiKey: string, organizationId?: string): Backend {
  const root = `${baseUrl.replace(/\/+$/, "")}/api/v1`;

  async function call(method: string, path: string, body?: Json): Promise<{ json: unknown; total: number }> {
    let response: Response;
    try {
      response = await fetch(`${root}/${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body && JSON.stringify(body),
      });
    } catch (error) {
      throw new AppError(502, "unreachable", `${root} did not answer (${(error as Error).message})`);
    }
    const json = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } } | null)?.error;
      throw new AppError(response.status, error?.code ?? "error", `${method} ${path}: ${error?.message ?? response.statusText}`, error?.details);
    }
    return { json, total: Number(response.headers.get("x-total-count") ?? 0) };
  }

  async function list(resource: Resource, query = ""): Promise<Json[]> {
    const items: Json[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { json, total } = await call("GET", `${PATHS[resource]}?limit=${PAGE}&offset=${offset}${query}`);
      items.push(...(json as Json[]));
      if (items.length >= total || (json as Json[]).length === 0) return items;
    }
  }

  let organization: Promise<string> | undefined;
  /** The organization named, else the caller's first one they may write in. */
  const organizationOf = () => (organization ??= call("GET", "organizations").then(({ json }) => {
    const mine = json as { id: string; role: string }[];
    const found = organizationId ? mine.find((o) => o.id === organizationId) : (mine.find((o) => o.role !== "viewer") ?? mine[0]);
    if (!found) throw new AppError(404, "not_found", organizationId ? `organization ${organizationId} is not the API key's` : "the API key's user has no organization");
    return found.id;
  }));

  return {
    async read(): Promise<State> {
      const org = await organizationOf();
      const inOrg = (items: Json[]) => items.filter((item) => item.organization_id === org);
      const projects = await list("projects", `&organization_id=${org}`);
      const projectIds = new Set(projects.map((p) => p.id));
      return {
        channels: inOrg(await list("channels")) as unknown as State["channels"],
        projects: projects as unknown as State["projects"],
        monitors: (await list("monitors")).filter((m) => projectIds.has(m.project_id)) as MonitorState[],
        status_pages: inOrg(await list("status_pages")) as unknown as State["status_pages"],
        maintenance: inOrg(await list("maintenance")) as unknown as State["maintenance"],
      };
    },
    async create(resource, body) {
      const withOrg = resource === "monitors" ? body : { ...body, organization_id: await organizationOf() };
      return ((await call("POST", PATHS[resource], withOrg)).json as { id: string }).id;
    },
    async update(resource, id, body) {
      await call("PATCH", `${PATHS[resource]}/${id}`, body);
    },
    async remove(resource, id) {
      await call("DELETE", `${PATHS[resource]}/${id}`);
    },
  };
}
