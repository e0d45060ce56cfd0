// The benchmark's target: a tiny HTTP server on 127.0.0.1 in its own process, so its CPU is not counted.
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
console.log(server.port);
