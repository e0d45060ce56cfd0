import { Elysia } from "elysia";
import { ApiKeyOut, CreatedApiKeyOut, answers } from "./responses.ts";
import * as v from "valibot";
import { callerOf, type ApiDeps } from "./context.ts";
import { apiKeyJson } from "./json.ts";
import { answerPage, pagingOf, PagingQuery } from "./paging.ts";
import { Name, ScopeName } from "./schemas.ts";
import { strictBody } from "../validation.ts";

const tags = ["api-keys"];

export const apiKeyRoutes = (deps: ApiDeps) => {
  const { apiKeys } = deps.services;
  return new Elysia({ prefix: "/api-keys" })
    .use(callerOf(deps))
    .get("", ({ principal, query, set }) => answerPage(set, apiKeys.list(principal.user.id, pagingOf(query)), apiKeyJson),
      { query: PagingQuery, detail: { tags, summary: "The caller's API keys (never the keys themselves)", responses: answers(200, v.array(ApiKeyOut)) } })
    .post("", ({ principal, body, set }) => {
      const { row, key } = apiKeys.create(principal.user.id, body);
      set.status = 201;
      return { ...apiKeyJson(row), key };
    }, {
      body: strictBody({ name: v.optional(Name), scope: v.optional(ScopeName) }, CreatedApiKeyOut),
      detail: { tags, summary: "Create an API key; the response's `key` is shown this once", responses: answers(201, CreatedApiKeyOut, "Created") },
    })
    .delete("/:id", ({ principal, params, set }) => {
      apiKeys.revoke(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Revoke an API key", responses: answers(204, null, "Revoked") } });
};
