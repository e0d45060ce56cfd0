import { Elysia } from "elysia";
import * as v from "valibot";
import { organizationForNew, requireWriter } from "../accounts/roles.ts";
import type { StatusPageRow } from "../db/schema.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { toIso } from "../time.ts";
import { baseUrlOf, callerOf, type ApiDeps } from "./context.ts";
import { answers } from "./responses.ts";
import { Name, Uuid } from "./schemas.ts";

const tags = ["status pages"];

const Slug = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "must be 1–64 lowercase letters, digits or dashes, e.g. homelab"),
);
const Description = v.nullish(v.pipe(v.string("must be a string"), v.maxLength(2000, "must be at most 2000 characters")));
const MonitorIds = v.pipe(v.array(Uuid, "must be a list of monitor ids"), v.maxLength(500, "must list at most 500 monitors"));

const CreateBody = v.object({
  slug: Slug, title: Name, description: Description, organization_id: v.optional(Uuid), monitor_ids: v.optional(MonitorIds),
});
const PatchBody = v.object({ slug: v.optional(Slug), title: v.optional(Name), description: Description, monitor_ids: v.optional(MonitorIds) });

export const StatusPageOut = v.strictObject({
  id: Uuid, organization_id: Uuid, slug: v.string(), title: v.string(), description: v.nullable(v.string()),
  url: v.string(), monitor_ids: v.array(Uuid), created_at: v.string(), updated_at: v.string(),
});

export const statusPageRoutes = (deps: ApiDeps) => {
  const { store, clock } = deps;
  const json = (page: StatusPageRow, request: Request): v.InferOutput<typeof StatusPageOut> => ({
    id: page.id, organization_id: page.organizationId, slug: page.slug, title: page.title, description: page.description,
    url: `${baseUrlOf(deps, request)}/status/${page.slug}`,
    monitor_ids: store.statusPages.monitorsOf(page.id).map((m) => m.id),
    created_at: toIso(page.createdAt), updated_at: toIso(page.updatedAt),
  });
  /** A page may show only monitors of its own organization; name the ones that are not. */
  const checkMonitors = (organizationId: string, ids: string[] | undefined) => {
    if (!ids) return;
    const unique = [...new Set(ids)];
    const known = store.statusPages.monitorIdsInOrganization(organizationId, unique);
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0) throw invalid([{ field: "monitor_ids", message: `not monitors of this organization: ${unknown.join(", ")}` }]);
    return unique;
  };
  const checkSlug = (slug: string | undefined, exceptId?: string) => {
    if (slug && store.statusPages.slugTaken(slug, exceptId)) throw conflict(`The slug "${slug}" is taken`);
  };
  const writable = (id: string, userId: string) => {
    const found = store.statusPages.getForUser(id, userId);
    if (!found) throw notFound("Status page");
    requireWriter(found.role);
    return found.page;
  };

  return new Elysia({ prefix: "/status-pages" })
    .use(callerOf(deps))
    .get("", ({ principal, request }) => store.statusPages.listForUser(principal.user.id).map((r) => json(r.page, request)),
      { detail: { tags, summary: "Status pages of the caller's organizations", responses: answers(200, v.array(StatusPageOut)) } })
    .post("", ({ body, principal, request, set }) => {
      const organizationId = organizationForNew(store.organizations.listForUser(principal.user.id), body.organization_id);
      const monitorIds = checkMonitors(organizationId, body.monitor_ids) ?? [];
      checkSlug(body.slug);
      const page = store.statusPages.create(
        organizationId, { slug: body.slug, title: body.title, description: body.description ?? null }, monitorIds, clock(),
      );
      set.status = 201;
      return json(page, request);
    }, { body: CreateBody, detail: { tags, summary: "Publish a status page at /status/:slug", responses: answers(201, StatusPageOut, "Created") } })
    .get("/:id", ({ params, principal, request }) => {
      const found = store.statusPages.getForUser(params.id, principal.user.id);
      if (!found) throw notFound("Status page");
      return json(found.page, request);
    }, { detail: { tags, summary: "Get one status page", responses: answers(200, StatusPageOut) } })
    .patch("/:id", ({ params, body, principal, request }) => {
      const page = writable(params.id, principal.user.id);
      const monitorIds = checkMonitors(page.organizationId, body.monitor_ids);
      checkSlug(body.slug, page.id);
      const { monitor_ids: _, ...fields } = body;
      store.statusPages.update(page.id, fields, monitorIds, clock());
      return json(store.statusPages.getForUser(page.id, principal.user.id)!.page, request);
    }, { body: PatchBody, detail: { tags, summary: "Change a status page", responses: answers(200, StatusPageOut) } })
    .delete("/:id", ({ params, principal, set }) => {
      store.statusPages.delete(writable(params.id, principal.user.id).id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete a status page", responses: answers(204, null, "Deleted") } });
};
