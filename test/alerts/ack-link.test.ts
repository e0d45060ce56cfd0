// The signed ack link in a real server's alerts: a heartbeat fails, a real receiver gets the down with its link, and the
// link is used without any login, as someone clicking it in a chat or mail would.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { IncidentOut } from "../../src/api/responses.ts";
import * as v from "valibot";
import { json } from "../support/http.ts";
import { useServer } from "../support/server.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

const server = useServer();
let key: string;
let receiver: Receiver;
let channelId: string;

beforeAll(async () => {
  key = await server.adminKey();
  // each alert at once, without waiting to be grouped with others
  const organizationId = (await json(await server.call("GET", "/api/v1/organizations", { auth: key })))[0].id;
  await server.call("PATCH", `/api/v1/organizations/${organizationId}`, { auth: key, body: { alert_group_seconds: 0 } });
  receiver = startReceiver();
  channelId = (await json(await server.call("POST", "/api/v1/channels", { auth: key, body: { name: "ops", kind: "webhook", config: { url: receiver.url } } }))).id;
});
afterAll(() => receiver.stop());

const JSON_ACCEPT = { Accept: "application/json" };

/** A heartbeat that fails now; resolves with its monitor id and the ack link of the down message the receiver got. */
async function failingHeartbeat(name: string) {
  const monitor = await json(await server.call("POST", "/api/v1/monitors", { auth: key, body: { name, kind: "heartbeat", channel_ids: [channelId] } }));
  await fetch(`${server.base}/ping/${monitor.ping_token}/fail`);
  for (let waited = 0; waited < 5000; waited += 50) {
    const down = receiver.requests.map((r) => JSON.parse(r.body)).find((b) => b.event === "down" && b.monitor.name === name);
    if (down) return { monitor, link: down.ack_link as string, ping: (path = "") => fetch(`${server.base}/ping/${monitor.ping_token}${path}`) };
    await Bun.sleep(50);
  }
  throw new Error(`no down message for ${name}`);
}

const incidentOf = async (monitorId: string) =>
  v.parse(IncidentOut, (await json(await server.call("GET", `/api/v1/monitors/${monitorId}/incidents`, { auth: key })))[0]);

test("the link opens a confirm page (a GET acknowledges nothing); its button acknowledges once, without a login", async () => {
  const { monitor, link } = await failingHeartbeat("backup");
  expect(link.startsWith(`${server.base}/ack/`)).toBe(true);

  const page = await fetch(link);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<form method="post">');
  expect(html).toContain("backup");
  expect(html).not.toContain("<script");
  const csp = page.headers.get("content-security-policy")!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect((await incidentOf(monitor.id)).acknowledged_at).toBeNull();

  const done = await fetch(link, { method: "POST", body: "", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  expect([done.status, await done.text()]).toEqual([200, expect.stringContaining("acknowledged")]);
  expect(await incidentOf(monitor.id)).toMatchObject({ acknowledged_via: "link", acknowledged_by: null, acknowledged_at: expect.any(String) });

  const again = await fetch(link, { method: "POST", headers: JSON_ACCEPT });
  expect(again.status).toBe(409);
  expect((await json(again)).error).toMatchObject({ status: 409, code: "already_acknowledged" });
  const againPage = await fetch(link);
  expect([againPage.status, await againPage.text()]).toEqual([409, expect.stringContaining("already acknowledged")]);
});

test("a client asking for JSON gets the incident, and after POST the acknowledged incident", async () => {
  const { monitor, link } = await failingHeartbeat("queue");
  const shown = v.parse(IncidentOut, await json(await fetch(link, { headers: JSON_ACCEPT })));
  expect([shown.monitor_id, shown.acknowledged_at]).toEqual([monitor.id, null]);
  const acked = v.parse(IncidentOut, await json(await fetch(link, { method: "POST", headers: JSON_ACCEPT })));
  expect(acked.acknowledged_via).toBe("link");
});

test("refused once the incident is over", async () => {
  const { link, ping } = await failingHeartbeat("nightly");
  expect((await ping()).status).toBe(200); // up again: the incident is resolved
  const refused = await fetch(link, { method: "POST", headers: JSON_ACCEPT });
  expect(refused.status).toBe(409);
  expect((await json(refused)).error).toMatchObject({ status: 409, code: "incident_resolved" });
  const page = await fetch(link, { method: "POST" });
  expect([page.status, page.headers.get("content-type")]).toEqual([409, "text/html; charset=utf-8"]);
});

test("refused when tampered with: another incident's id, a changed or cut signature", async () => {
  const { monitor, link } = await failingHeartbeat("mail");
  const other = await failingHeartbeat("dns");
  const [base, token] = [link.slice(0, link.lastIndexOf("/") + 1), link.slice(link.lastIndexOf("/") + 1)];
  const [id, signature] = token.split(".") as [string, string];
  const otherId = other.link.slice(other.link.lastIndexOf("/") + 1).split(".")[0]!;
  const flip = (c: string) => (c === "A" ? "B" : "A");
  const forged = [
    `${otherId}.${signature}`,
    `${id}.${signature.slice(0, -1)}${flip(signature.at(-1)!)}`,
    `${id}.${flip(signature[0]!)}${signature.slice(1)}`,
    `${id}.${signature.slice(0, 20)}`,
    id,
    "not-a-token",
  ];
  for (const bad of forged) {
    const refused = await fetch(base + bad, { method: "POST", headers: JSON_ACCEPT });
    expect([bad, refused.status, (await json(refused)).error.code]).toEqual([bad, 404, "not_found"]);
    const page = await fetch(base + bad);
    expect([bad, page.status, await page.text()]).toEqual([bad, 404, expect.stringContaining("not valid")]);
  }
  expect((await incidentOf(monitor.id)).acknowledged_at).toBeNull();
  expect((await incidentOf(other.monitor.id)).acknowledged_at).toBeNull();
});
