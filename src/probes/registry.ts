// The probe kinds, in the order the form lists them. Adding a kind: one file under probes/ and one line here.
import { a2sKind } from "./a2s.ts";
import { dnsKind } from "./dns.ts";
import { dockerKind } from "./docker.ts";
import { groupKind } from "./group.ts";
import { heartbeatKind } from "./heartbeat.ts";
import { httpKind } from "./http.ts";
import type { ProbeKind } from "./kind.ts";
import { minecraftKind } from "./minecraft.ts";
import { mysqlKind } from "./mysql.ts";
import { pingKind } from "./ping.ts";
import { postgresKind } from "./postgres.ts";
import { redisKind } from "./redis.ts";
import { smtpKind } from "./smtp.ts";
import { sslKind } from "./ssl.ts";
import { tcpKind } from "./tcp.ts";
import { udpKind } from "./udp.ts";
import { websocketKind } from "./websocket.ts";

const BUILT_IN = [
  httpKind, tcpKind, pingKind, sslKind, dnsKind, heartbeatKind, dockerKind, websocketKind, udpKind, minecraftKind, a2sKind,
  postgresKind, mysqlKind, redisKind, smtpKind, groupKind,
] as const;

export type Kind = (typeof BUILT_IN)[number]["name"];

const kinds = new Map<string, ProbeKind>(BUILT_IN.map((kind) => [kind.name, kind as unknown as ProbeKind]));
let generation = 0;

/** The kind names, in registry order. */
export let KINDS = [...kinds.keys()] as [Kind, ...Kind[]];

export const probeKind = (name: string): ProbeKind | undefined => kinds.get(name);
/** Kinds without a check are pinged: they get a ping token and their url is their ping URL. */
export const isPinged = (name: string): boolean => !kinds.get(name)?.check;
export const probeKinds = (): ProbeKind[] => [...kinds.values()];

/** Adds a kind at run time (built-in kinds are listed above); what is derived from the registry follows. */
export function registerProbeKind(kind: ProbeKind): void {
  kinds.set(kind.name, kind);
  KINDS = [...kinds.keys()] as [Kind, ...Kind[]];
  generation++;
}

/** A value derived from the registry, rebuilt when a kind is registered. */
export function derived<T>(build: () => T): () => T {
  let value: T;
  let builtAt = -1;
  return () => {
    if (builtAt !== generation) {
      value = build();
      builtAt = generation;
    }
    return value;
  };
}
