// Which certificate expiry warnings were given, so each is given once per certificate and threshold,
// however many instances check the certificate at once (the primary key decides, ON CONFLICT DO NOTHING).
import { sslWarnings } from "../../db/postgres/schema.ts";
import { run, type PgDb } from "../../db/postgres/session.ts";
import type { SslWarningsStore } from "../store.ts";

export function sslWarningsStore(db: PgDb): SslWarningsStore {
  return {
    claim: (monitorId, certificate, at) =>
      run(db.insert(sslWarnings)
        .values({ monitorId, fingerprint: certificate.fingerprint, thresholdDays: certificate.thresholdDays, expiresAt: certificate.expiresAt, warnedAt: at })
        .onConflictDoNothing().returning({ monitorId: sslWarnings.monitorId })).length === 1,
  };
}
