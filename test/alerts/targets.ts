// A target for alert tests that goes away and comes back on the same port.
/** An HTTP target on a fixed port that can be stopped and started again. */
export function restartableTarget() {
  let server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
  const port = server.port!;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => server.stop(true),
    start: () => {
      server = Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("ok") });
    },
  };
}
