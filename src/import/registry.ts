// The sources upbeat imports from. Adding one: a file in import/ implementing Importer, and one line here.
import { UserError } from "../errors.ts";
import { gatus } from "./gatus.ts";
import { healthchecks } from "./healthchecks.ts";
import type { Importer } from "./plan.ts";
import { uptimeKuma } from "./uptime-kuma.ts";

export const IMPORTERS: Importer[] = [uptimeKuma, healthchecks, gatus];

export const IMPORTER_NAMES = IMPORTERS.map((i) => i.name);

export function importerNamed(name: string): Importer {
  const found = IMPORTERS.find((i) => i.name === name);
  if (!found) throw new UserError(`unknown import source "${name}"; use one of ${IMPORTER_NAMES.join(", ")}`);
  return found;
}

/** The source whose files start like this one, for uploads that do not name it. */
export function importerFor(head: string): Importer | undefined {
  return IMPORTERS.find((i) => i.recognizes(head));
}
