// Node's modules that only some probes, channels and links use, loaded on their first use. Bun evaluates a node:
// module's JavaScript when it is imported, and the bundler puts every import at the top of the one program, so a
// server checking only http monitors would hold node:tls, node:dgram, node:dns and node:crypto from its start.
export const nodeTls = () => require("node:tls") as typeof import("node:tls");
export const nodeDgram = () => require("node:dgram") as typeof import("node:dgram");
export const nodeDns = () => require("node:dns/promises") as typeof import("node:dns/promises");
export const nodeCrypto = () => require("node:crypto") as typeof import("node:crypto");
export const nodeWorkerThreads = () => require("node:worker_threads") as typeof import("node:worker_threads");
