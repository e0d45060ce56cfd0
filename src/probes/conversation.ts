// A request/reply exchange over one socket, for the probes that speak a protocol themselves (redis, smtp): open it
// to the checked address (TLS from the start or later, as STARTTLS does), write, and read whole replies.
import { connect as connectTcp, isIP, type Socket } from "node:net";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { nodeTls } from "../node-builtins.ts";

/** What `parse` made of the start of the data received, and how many bytes that used; null: not complete yet. */
export type Parsed<T> = { value: T; used: number } | null;

export interface TlsSettings {
  /** the monitor's host: the name sent (SNI) and checked against the certificate */
  host: string;
  verify: boolean;
  /** extra trusted roots (PEM), e.g. a private CA */
  ca?: string[];
}

/** Thrown when the other side closes the connection. */
class ConnectionClosed extends Error {
  code = "ConnectionClosed";
}

const END_GRACE_MS = 1000;

export class Conversation {
  private socket: Socket;
  private received: Buffer = Buffer.alloc(0);
  /** who waits for data or a failure; all are woken by either */
  private waiters = new Set<() => void>();
  private failure: Error | null = null;
  /** what the exchange waits for now, for the timeout's message ("waiting for the banner") */
  phase = "connecting";

  /** resolves once the connection is open (and its TLS handshake done), rejects with what failed */
  readonly opened: Promise<void>;

  /** Connects to `address` (TLS from the first byte when `tls` is given); close() stops it at any point. */
  constructor(address: string, port: number, tls: TlsSettings | null) {
    this.socket = tls ? nodeTls().connect({ host: address, port, ...tlsOptions(tls) }) : connectTcp({ host: address, port });
    this.listen(this.socket);
    if (tls) this.phase = "waiting for the TLS handshake";
    this.opened = this.until(tls ? "secureConnect" : "connect");
  }

  /** A kept connection does not hold the process open between checks; one in use does. */
  setInUse(inUse: boolean): void {
    if (inUse) this.socket.ref();
    else this.socket.unref();
  }

  /** True once the socket failed or closed, or when data came that nobody asked for. */
  get isSpent(): boolean {
    return this.failure !== null || this.received.length > 0 || this.socket.destroyed;
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** The next reply, once `parse` finds a whole one in what was received. */
  async read<T>(parse: (data: Buffer) => Parsed<T>): Promise<T> {
    for (;;) {
      const parsed = this.received.length > 0 ? parse(this.received) : null;
      if (parsed) {
        this.received = this.received.subarray(parsed.used);
        return parsed.value;
      }
      if (this.failure) throw this.failure;
      await this.next();
    }
  }

  /** STARTTLS: the same connection, TLS from here on. */
  async startTls(tls: TlsSettings): Promise<void> {
    this.phase = "waiting for the TLS handshake";
    this.socket.removeAllListeners("data");
    const secured = nodeTls().connect({ socket: this.socket, ...tlsOptions(tls) });
    this.socket = secured;
    this.listen(secured);
    await this.until("secureConnect");
  }

  /** The TLS version in use, or null on a plain connection. */
  tlsVersion(): string | null {
    return (this.socket as TLSSocket).getProtocol?.() ?? null;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Ends politely after a last write (QUIT), and for good a moment later if the server keeps its side open. */
  end(): void {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), END_GRACE_MS).unref();
  }

  private listen(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received = this.received.length > 0 ? Buffer.concat([this.received, chunk]) : chunk;
      this.wake();
    });
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new ConnectionClosed("connection closed by the server")));
  }

  private fail(error: Error) {
    this.failure ??= error;
    this.wake();
  }

  private wake() {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Resolves when data comes or the socket fails. */
  private next(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** Resolves on the socket's `event`, rejects with the first failure before it. */
  private async until(event: "connect" | "secureConnect"): Promise<void> {
    let happened = false;
    this.socket.once(event, () => {
      happened = true;
      this.wake();
    });
    while (!happened) {
      if (this.failure) throw this.failure;
      await this.next();
    }
  }
}

function tlsOptions(tls: TlsSettings): ConnectionOptions {
  return { servername: isIP(tls.host) ? undefined : tls.host, rejectUnauthorized: tls.verify, ca: tls.ca };
}
