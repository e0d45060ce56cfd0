import { Elysia } from "elysia";
import * as v from "valibot";
import type { StatusPage } from "../status-pages/service.ts";
import { toIso } from "../time.ts";
import { baseUrlOf, callerOf, type ApiDeps } from "./context.ts";
import { answers } from "./responses.ts";
import { answerPage, pagingOf, PagingQuery } from "./paging.ts";
import { Name, Uuid } from "./schemas.ts";
import { strictBody } from "../validation.ts";

const tags = ["status pages"];

const Slug = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "must be 1–64 lowercase letters, digits or dashes, e.g. homelab"),
);
const Description = v.nullish(v.pipe(v.string("must be a string"), v.maxLength(2000, "must be at most 2000 characters")));
const MonitorIds = v.pipe(v.array(Uuid, "must be a list of monitor ids"), v.maxLength(500, "must list at most 500 monitors"));
const GroupName = v.pipe(v.string("must be a string"), v.trim(), v.maxLength(100, "must be at most 100 characters"));
const Group = strictBody({ name: GroupName, monitor_ids: MonitorIds });
const Groups = v.pipe(v.array(Group, "must be a list of groups"), v.maxLength(50, "must list at most 50 groups"));
/** A host name only: the page owner points it at upbeat through their proxy. */
const CustomDomain = v.nullish(v.pipe(
  v.string("must be a string"), v.trim(), v.toLowerCase(),
  v.regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a host name such as status.example.com"),
));

export const StatusPageOut = v.strictObject({
  id: Uuid, organization_id: Uuid, slug: v.string(), title: v.string(), description: v.nullable(v.string()),
  custom_domain: v.nullable(v.string()), url: v.string(), feed_url: v.string(), monitor_ids: v.array(Uuid),
  groups: v.array(v.strictObject({ name: v.string(), monitor_ids: v.array(Uuid) })), created_at: v.string(), updated_at: v.string(),
});

export const StatusPageInput = strictBody({
  slug: Slug, title: Name, description: Description, custom_domain: CustomDomain, organization_id: v.optional(Uuid),
  monitor_ids: v.optional(MonitorIds), groups: v.optional(Groups),
}, StatusPageOut);
const PatchBody = strictBody({
  slug: v.optional(Slug), title: v.optional(Name), description: Description, custom_domain: CustomDomain,
  monitor_ids: v.optional(MonitorIds), groups: v.optional(Groups),
}, StatusPageOut);

export const groupsIn = (groups: v.InferOutput<typeof Groups> | undefined) => groups?.map((g) => ({ name: g.name, monitorIds: g.monitor_ids }));

export const statusPageRoutes = (deps: ApiDeps) => {
  const { statusPages } = deps.services;
  const json = (page: StatusPage, request: Request): v.InferOutput<typeof StatusPageOut> => {
    const url = `${baseUrlOf(deps, request)}/status/${page.slug}`;
    return {
      id: page.id, organization_id: page.organizationId, slug: page.slug, title: page.title, description: page.description,
      custom_domain: page.customDomain, url, feed_url: `${url}/feed.atom`, monitor_ids: page.monitorIds,
      groups: page.groups.map((g) => ({ name: g.name, monitor_ids: g.monitorIds })),
      created_at: toIso(page.createdAt), updated_at: toIso(page.updatedAt),
    };
  };

  return new Elysia({ prefix: "/status-pages" })
    .use(callerOf(deps))
    .get("", ({ principal, query, request, set }) =>
      answerPage(set, statusPages.list(principal.user.id, pagingOf(query)), (page) => json(page, request)),
      { query: PagingQuery, detail: { tags, summary: "Status pages of the caller's organizations", responses: answers(200, v.array(StatusPageOut)) } })
    .post("", ({ body, principal, request, set }) => {
      const page = statusPages.create(principal.user.id, {
        slug: body.slug, title: body.title, description: body.description ?? null, customDomain: body.custom_domain ?? null,
        organizationId: body.organization_id, monitorIds: body.monitor_ids, groups: groupsIn(body.groups),
      });
      set.status = 201;
      return json(page, request);
    }, { body: StatusPageInput, detail: { tags, summary: "Publish a status page at /status/:slug", responses: answers(201, StatusPageOut, "Created", { 409: "The slug is taken" }) } })
    .get("/:id", ({ params, principal, request }) => json(statusPages.get(params.id, principal.user.id), request),
      { detail: { tags, summary: "Get one status page", responses: answers(200, StatusPageOut) } })
    .patch("/:id", ({ params, body, principal, request }) => {
      const { monitor_ids: monitorIds, groups, custom_domain: customDomain, ...fields } = body;
      return json(statusPages.update(params.id, principal.user.id, { ...fields, customDomain, monitorIds, groups: groupsIn(groups) }), request);
    }, { body: PatchBody, detail: { tags, summary: "Change a status page", responses: answers(200, StatusPageOut, "OK", { 409: "The slug is taken" }) } })
    .delete("/:id", ({ params, principal, set }) => {
      statusPages.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete a status page", responses: answers(204, null, "Deleted") } });
};
