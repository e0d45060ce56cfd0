// Certificates made with openssl at test time: one valid for N days, one that expired in 2020.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCert {
  cert: string;
  key: string;
}

const SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1";

function openssl(dir: string, args: string[]) {
  const run = Bun.spawnSync(["openssl", ...args], { cwd: dir, stderr: "pipe", stdout: "pipe" });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr.toString()}`);
}

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-certs-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Self-signed (by default for localhost and 127.0.0.1), valid from now for `days`. */
export function selfSignedCert(days: number, san = SAN): TestCert {
  return inTempDir((dir) => {
    openssl(dir, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
      "-out", "cert.pem", "-days", String(days), "-subj", "/CN=localhost", "-addext", san]);
    return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
  });
}

/** Self-signed for localhost, valid only in January 2020 (openssl ca takes explicit dates). */
export function expiredCert(): TestCert {
  return inTempDir((dir) => {
    writeFileSync(join(dir, "index.txt"), "");
    writeFileSync(join(dir, "serial"), "01\n");
    writeFileSync(join(dir, "ca.cnf"), [
      "[ca]", "default_ca = d", "[d]", "database = index.txt", "serial = serial", "new_certs_dir = .",
      "default_md = sha256", "policy = p", "copy_extensions = copy", "unique_subject = no", "[p]", "commonName = supplied", "",
    ].join("\n"));
    openssl(dir, ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
      "-subj", "/CN=localhost", "-addext", SAN, "-out", "req.csr"]);
    openssl(dir, ["ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", "key.pem", "-in", "req.csr", "-out", "cert.pem",
      "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-notext"]);
    return { cert: readFileSync(join(dir, "cert.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
  });
}

export interface MutualTls {
  /** the CA that signed both */
  ca: string;
  /** for localhost and 127.0.0.1 */
  server: TestCert;
  /** for clientAuth, as a Docker daemon started with --tlsverify wants */
  client: TestCert;
}

/** A private CA, a server certificate and a client certificate signed by it, valid for a day. */
export function mutualTls(): MutualTls {
  return inTempDir((dir) => {
    const read = (name: string) => readFileSync(join(dir, name), "utf8");
    const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(dir, ["req", "-x509", ...newKey, "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "1", "-subj", "/CN=upbeat test CA"]);
    const signed = (name: string, extension: string): TestCert => {
      writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
      openssl(dir, ["req", "-new", ...newKey, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
      openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", `${name}.pem`, "-days", "1", "-extfile", `${name}.ext`]);
      return { cert: read(`${name}.pem`), key: read(`${name}-key.pem`) };
    };
    const server = signed("server", SAN);
    return { ca: read("ca.pem"), server, client: signed("client", "extendedKeyUsage=clientAuth") };
  });
}
