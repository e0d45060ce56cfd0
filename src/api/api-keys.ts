import { Elysia } from "elysia";
import { ApiKeyOut, CreatedApiKeyOut, answers } from "./responses.ts";
import * as v from "valibot";
import { newApiKey } from "../accounts/secrets.ts";
import { notFound } from "../errors.ts";
import { newId } from "../ids.ts";
import { callerOf, type ApiDeps } from "./context.ts";
import { apiKeyJson } from "./json.ts";
import { Name } from "./schemas.ts";

const tags = ["api-keys"];

export const apiKeyRoutes = (deps: ApiDeps) =>
  new Elysia({ prefix: "/api-keys" })
    .use(callerOf(deps))
    .get("", ({ principal }) => deps.store.apiKeys.listForUser(principal.user.id).map(apiKeyJson),
      { detail: { tags, summary: "The caller's API keys (never the keys themselves)", responses: answers(200, v.array(ApiKeyOut)) } })
    .post("", ({ principal, body, set }) => {
      const { key, hash, prefix } = newApiKey();
      const row = {
        id: newId(), userId: principal.user.id, name: body.name ?? "API key", prefix, keyHash: hash,
        scope: body.scope ?? "write", createdAt: deps.clock(), lastUsedAt: null,
      };
      deps.store.apiKeys.insert(row);
      set.status = 201;
      return { ...apiKeyJson(row), key };
    }, {
      body: v.object({ name: v.optional(Name), scope: v.optional(v.picklist(["read", "write"], "must be read or write")) }),
      detail: { tags, summary: "Create an API key; the response's `key` is shown this once", responses: answers(201, CreatedApiKeyOut, "Created") },
    })
    .delete("/:id", ({ principal, params, set }) => {
      if (!deps.store.apiKeys.deleteForUser(params.id, principal.user.id)) throw notFound("API key");
      set.status = 204;
    }, { detail: { tags, summary: "Revoke an API key", responses: answers(204, null, "Revoked") } });
