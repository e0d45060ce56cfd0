// The yardstick: a bare Elysia route returning constant text, on the port given as argv[2].
import { Elysia } from "elysia";

new Elysia()
  .get("/", () => "OK")
  .get("/json", () => ({ id: "01930000-0000-7000-8000-000000000000", name: "bare", status: "up" }))
  .listen({ port: Number(process.argv[2]), hostname: "127.0.0.1" });
