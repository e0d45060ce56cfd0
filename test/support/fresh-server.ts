// A real upbeat with no user at all (no UPBEAT_ADMIN_*), as a new user first starts it: for first-run setup.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boot } from "../../src/boot.ts";
import { loadConfig } from "../../src/config.ts";
import { apiClient, type Call } from "./http.ts";

export interface FreshServer {
  base: string;
  call: Call;
  close(): Promise<void>;
}

export async function startFreshServer(): Promise<FreshServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "upbeat-fresh-"));
  const running = await boot(loadConfig({ UPBEAT_PORT: "0", UPBEAT_HOST: "127.0.0.1", UPBEAT_DATA_DIR: dataDir }));
  const base = `http://127.0.0.1:${running.port}`;
  return {
    base,
    call: apiClient(base),
    async close() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
