// Which certificate expiry warnings were given, so each is given once per certificate and threshold.
import type { Db } from "../db/open.ts";
import type { SslWarningsStore } from "./store.ts";

export function sslWarningsStore(db: Db): SslWarningsStore {
  const insert = db.$client.query(
    `INSERT OR IGNORE INTO ssl_warnings (monitor_id, fingerprint, threshold_days, expires_at, warned_at) VALUES (?, ?, ?, ?, ?)`,
  );
  return {
    claim: (monitorId, certificate, at) =>
      insert.run(monitorId, certificate.fingerprint, certificate.thresholdDays, certificate.expiresAt, at).changes === 1,
  };
}
