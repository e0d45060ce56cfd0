// Matrix client-server API: PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId} with the
// access token as Bearer; the txnId is the message id, so a retried delivery is not posted twice.
// https://spec.matrix.org/latest/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid · https://spec.matrix.org/latest/client-server-api/#mtext
import * as v from "valibot";
import { bodyOf, defineChannel, httpUrl, joinUrl, template, text } from "../channel.ts";
import { jsonRequest, sendHttp } from "../http.ts";

export const matrix = defineChannel({
  label: "Matrix",
  docs: "https://spec.matrix.org/latest/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid",
  schema: v.object({
    base_url: httpUrl(),
    room_id: v.pipe(text(255), v.regex(/^!.+:.+$/, "must look like !abc123:example.org")),
    access_token: text(500),
    template,
  }),
  secrets: ["access_token"],
  defaultBaseUrl: null,
  async send(message, config, options) {
    const body = await bodyOf(message, config);
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(config.room_id)}/send/m.room.message/${encodeURIComponent(message.id)}`;
    const event = { msgtype: "m.text", body: body.text, format: "org.matrix.custom.html", formatted_body: body.html };
    return sendHttp(joinUrl(config.base_url, path), jsonRequest(event, { Authorization: `Bearer ${config.access_token}` }, "PUT"), options);
  },
});
