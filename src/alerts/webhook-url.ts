// A chat service reached through one webhook URL (the URL is the secret): only the JSON it takes differs.
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, template, type Body } from "./channel.ts";
import { jsonRequest, sendHttp } from "./http.ts";

export const webhookUrlChannel = (kind: { label: string; docs: string; payload: (body: Body) => unknown; headers?: Record<string, string> }) =>
  defineChannel({
    label: kind.label,
    docs: kind.docs,
    schema: v.object({ url: httpUrl(), template }),
    secrets: ["url"],
    defaultBaseUrl: null,
    async send(message, config, options) {
      return sendHttp(config.url, jsonRequest(kind.payload(await bodyOf(message, config)), kind.headers), options);
    },
  });
