import { Elysia } from "elysia";
import * as v from "valibot";
import { ChannelInput, ChannelPatch } from "../channels/service.ts";
import { beforeMs, callerOf, type ApiDeps } from "./context.ts";
import { channelJson, deliveryJson } from "./json.ts";
import { ChannelOut, ChannelTestOut, DeliveryOut, LinkAllOut, answers } from "./responses.ts";
import { answerPage, pagingOf } from "./paging.ts";
import { pageOf } from "../paging.ts";
import { beforeQuery, HistoryQuery, jsonBody, Paging } from "./schemas.ts";

const tags = ["channels"];

export const channelRoutes = (deps: ApiDeps) => {
  const { channels } = deps;
  return new Elysia({ prefix: "/channels" })
    .use(callerOf(deps))
    .get("", ({ query, principal, set }) =>
      answerPage(set, pageOf(channels.list(principal.user.id, beforeMs(query.before)), pagingOf(query)), channelJson),
      { query: v.object({ ...Paging, before: beforeQuery }), detail: { tags, summary: "Notification channels of the caller's organizations, newest first", responses: answers(200, v.array(ChannelOut)) } })
    .post("", ({ body, principal, set }) => {
      set.status = 201;
      return channelJson(channels.create(principal.user.id, body));
    }, {
      // validated by the service, which names bad config fields as config.<field>; the schema documents the body
      detail: { tags, summary: "Create a channel (config as its kind takes it; secrets are masked in every answer)", responses: answers(201, ChannelOut, "Created"), requestBody: jsonBody(ChannelInput) },
    })
    .get("/:id", ({ params, principal }) => channelJson(channels.get(params.id, principal.user.id)),
      { detail: { tags, summary: "Get one channel", responses: answers(200, ChannelOut) } })
    .patch("/:id", ({ params, body, principal }) => channelJson(channels.update(params.id, principal.user.id, body)), {
      detail: { tags, summary: "Change a channel; a masked secret sent back keeps the stored one", responses: answers(200, ChannelOut), requestBody: jsonBody(ChannelPatch) },
    })
    .delete("/:id", ({ params, principal, set }) => {
      channels.delete(params.id, principal.user.id);
      set.status = 204;
    }, { detail: { tags, summary: "Delete a channel and its delivery log", responses: answers(204, null, "Deleted") } })
    .post("/:id/test", async ({ params, principal }) => {
      const outcome = await channels.test(params.id, principal.user.id);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error ?? "failed" };
    }, { detail: { tags, summary: "Send a real test message and answer with the outcome (logged as a delivery)", responses: answers(200, ChannelTestOut) } })
    .post("/:id/link-all", ({ params, principal }) => ({ linked: channels.linkAll(params.id, principal.user.id) }),
      { detail: { tags, summary: "Link the channel to every existing monitor of its organization", responses: answers(200, LinkAllOut) } })
    .get("/:id/deliveries", ({ params, query, principal }) =>
      channels.deliveries(params.id, principal.user.id, query.limit ?? 100, beforeMs(query.before)).map(deliveryJson), { query: HistoryQuery, detail: { tags, summary: "The channel's delivery log with every attempt, newest first", responses: answers(200, v.array(DeliveryOut)) } });
};
