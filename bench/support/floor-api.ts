// The floor for an authenticated GET of one monitor: only the work no implementation can skip, in the same
// Bun.serve router upbeat's GET uses. Read the Authorization header, one Map lookup for the key, one for the
// monitor's JSON text (upbeat's own answer, the same bytes), the contract's five headers (nosniff, content
// type, the three rate-limit values from a token count) and a Response. No visibility check, no refill, no
// expiry, no 401/404 bodies: what upbeat spends above this is its rules, not the HTTP layer.
// Usage (by bench/api.ts): bun floor-api.ts PORT KEY MONITOR_ID FILE_WITH_THE_ANSWER
import { readFileSync } from "node:fs";

const [port, key, monitorId, answerFile] = process.argv.slice(2) as [string, string, string, string];
const LIMIT = 1_000_000_000;

const keys = new Map([[`Bearer ${key}`, { limit: String(LIMIT), tokens: LIMIT }]]);
const answers = new Map([[monitorId, readFileSync(answerFile, "utf8")]]);
// one Headers copied by each Response (Bun copies init headers); a value is set only when it changed, as upbeat does
const headers = new Headers({ "X-Content-Type-Options": "nosniff", "Content-Type": "application/json" });
const last = ["", "", ""];
const NAMES = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

function setIfChanged(index: number, value: string): void {
  if (last[index] === value) return;
  last[index] = value;
  headers.set(NAMES[index]!, value);
}

Bun.serve({
  port: Number(port),
  hostname: "127.0.0.1",
  routes: {
    "/api/v1/monitors/:id": {
      GET: (request) => {
        const caller = keys.get(request.headers.get("authorization") ?? "");
        const text = answers.get(request.params.id);
        if (!caller || text === undefined) return new Response(null, { status: 404 });
        caller.tokens = Math.min(LIMIT, caller.tokens + 1) - 1; // refilled as fast as it is taken, like the bench's plan
        setIfChanged(0, caller.limit);
        setIfChanged(1, String(caller.tokens));
        setIfChanged(2, String(Math.ceil(Date.now() / 1000)));
        return new Response(text, { headers });
      },
    },
  },
  fetch: () => new Response(null, { status: 404 }),
});
