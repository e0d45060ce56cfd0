// The sources upbeat imports from. Adding one: a file in import/ implementing Importer, its name in names.ts, and
// one entry here.
import { UserError } from "../errors.ts";
import { gatus } from "./gatus.ts";
import { healthchecks } from "./healthchecks.ts";
import { IMPORTER_NAMES, type ImporterName } from "./names.ts";
import type { Importer } from "./plan.ts";
import { uptimeKuma } from "./uptime-kuma.ts";

const BY_NAME: Record<ImporterName, Importer> = { "uptime-kuma": uptimeKuma, healthchecks, gatus };

export const IMPORTERS: Importer[] = IMPORTER_NAMES.map((name) => BY_NAME[name]);

export { IMPORTER_NAMES };

export function importerNamed(name: string): Importer {
  const found = IMPORTERS.find((i) => i.name === name);
  if (!found) throw new UserError(`unknown import source "${name}"; use one of ${IMPORTER_NAMES.join(", ")}`);
  return found;
}

/** The source whose files start like this one, for uploads that do not name it. */
export function importerFor(head: string): Importer | undefined {
  return IMPORTERS.find((i) => i.recognizes(head));
}
