// A tiny authoritative DNS server over UDP on 127.0.0.1: answers from a fixed table, NXDOMAIN otherwise.
import { createSocket } from "node:dgram";

/** SRV values as zone files write them: "priority weight port target". */
type Records = Partial<Record<"A" | "AAAA" | "CNAME" | "MX" | "TXT" | "NS" | "SRV", string[]>>;

const TYPE_CODES = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28, SRV: 33 } as const;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
}

function encodeData(type: keyof typeof TYPE_CODES, value: string): Buffer {
  switch (type) {
    case "A":
      return Buffer.from(value.split(".").map(Number));
    case "AAAA": {
      const [head = "", tail = ""] = value.split("::");
      const h = head ? head.split(":") : [];
      const t = tail ? tail.split(":") : [];
      const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
      return Buffer.from(groups.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 255]; }));
    }
    case "MX": {
      const [priority, exchange] = value.split(" ");
      return Buffer.concat([Buffer.from([Number(priority) >> 8, Number(priority) & 255]), encodeName(exchange!)]);
    }
    case "SRV": {
      const [priority, weight, port, target] = value.split(" ");
      const numbers = Buffer.alloc(6);
      [priority, weight, port].forEach((n, i) => numbers.writeUInt16BE(Number(n), i * 2));
      return Buffer.concat([numbers, encodeName(target!)]);
    }
    case "TXT":
      return Buffer.concat([Buffer.from([value.length]), Buffer.from(value)]);
    default:
      return encodeName(value);
  }
}

/** Zone: name → records. Returns the resolver address "127.0.0.1:port". */
export async function startDnsResponder(zone: Record<string, Records>): Promise<{ address: string; stop(): void }> {
  const socket = createSocket("udp4");
  socket.on("message", (query, from) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset]! > 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]!).toString());
      offset += query[offset]! + 1;
    }
    const question = query.subarray(12, offset + 5);
    const typeCode = query.readUInt16BE(offset + 1);
    const name = labels.join(".").toLowerCase();
    const type = (Object.keys(TYPE_CODES) as (keyof typeof TYPE_CODES)[]).find((k) => TYPE_CODES[k] === typeCode);
    const records = zone[name];
    const answers = (type && records?.[type]) ?? [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8400 | (records ? 0 : 3), 2); // response, authoritative, NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const body = answers.map((value) => {
      const data = encodeData(type!, value);
      const fixed = Buffer.alloc(10);
      fixed.writeUInt16BE(typeCode, 0);
      fixed.writeUInt16BE(1, 2);
      fixed.writeUInt32BE(60, 4);
      fixed.writeUInt16BE(data.length, 8);
      return Buffer.concat([Buffer.from([0xc0, 12]), fixed, data]);
    });
    socket.send(Buffer.concat([header, question, ...body]), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { address: `127.0.0.1:${socket.address().port}`, stop: () => socket.close() };
}
