// POST /import: another tool's file uploaded (a Kuma database, a Healthchecks export, a Gatus config), applied
// like `upbeat import`, the same report as JSON.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia, type DocumentDecoration } from "elysia";
import * as v from "valibot";
import { invalid, UserError } from "../errors.ts";
import { IMPORTER_NAMES } from "../import/names.ts";
import { countsOf } from "../import/report.ts";
import { MAX_IMPORT_BYTES } from "./auth.ts";
import { callerOf, type ApiDeps } from "./context.ts";
import { answers } from "./responses.ts";

const tags = ["import"];
const OUTCOMES = ["imported", "approximate", "existing", "skipped"] as const;
const Count = v.pipe(v.number(), v.integer());

export const ImportOut = v.strictObject({
  source: v.string(),
  organization_id: v.pipe(v.string(), v.uuid()),
  dry_run: v.boolean(),
  counts: v.strictObject(Object.fromEntries(OUTCOMES.map((o) => [o, Count])) as Record<(typeof OUTCOMES)[number], typeof Count>),
  items: v.array(v.strictObject({ what: v.string(), name: v.string(), outcome: v.picklist(OUTCOMES), detail: v.nullable(v.string()) })),
});

const uploadBody: DocumentDecoration["requestBody"] = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object" as const,
        required: ["file"],
        additionalProperties: false,
        properties: {
          file: { type: "string" as const, format: "binary", description: `A Kuma kuma.db, a Healthchecks GET /api/v3/checks/ JSON or a Gatus config.yaml; at most ${MAX_IMPORT_BYTES} bytes` },
          source: { type: "string" as const, enum: [...IMPORTER_NAMES], description: "Where it comes from; recognized from the file when left out" },
          dry_run: { type: "boolean" as const, description: "Report what would be imported and write nothing" },
          with_history: { type: "boolean" as const, description: "Kuma: its heartbeats and statistics as checks and hourly roll-ups" },
          project: { type: "string" as const, description: "Project for monitors that have no group (created when missing); else the default project" },
          ping_key: { type: "string" as const, description: "Healthchecks: the project's ping key, so /ping/<ping_key>/<slug> keeps working" },
        },
      },
    },
  },
};

// loaded on the first upload: a server that never imports does not hold the importers (and their YAML parser)
const importing = async () => ({ ...(await import("../import/registry.ts")), ...(await import("../import/apply.ts")) });

const text = (form: FormData, field: string): string | undefined => {
  const value = form.get(field);
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** The uploaded bytes in a file of their own (SQLite reads files), gone once read. */
async function readUpload(bytes: Uint8Array, read: (path: string) => Promise<unknown>) {
  const dir = mkdtempSync(join(tmpdir(), "upbeat-import-"));
  try {
    const path = join(dir, "upload");
    writeFileSync(path, bytes, { mode: 0o600 });
    return await read(path);
  } catch (error) {
    // the importer names its own temporary path: the user knows it as the uploaded file
    if (error instanceof UserError) throw invalid([{ field: "file", message: error.message.replaceAll(join(dir, "upload"), "the file") }]);
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const importRoutes = (deps: ApiDeps) =>
  new Elysia({ prefix: "/import" })
    .use(callerOf(deps))
    .post("", async ({ body, principal }) => {
      if (!(body instanceof FormData)) throw invalid([{ field: "body", message: "must be multipart/form-data with a file" }]);
      const file = body.get("file");
      if (!(file instanceof Blob)) throw invalid([{ field: "file", message: "is required (the file to import)" }]);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const source = text(body, "source");
      const { importerFor, IMPORTERS, applyImport } = await importing();
      const importer = source === undefined ? importerFor(new TextDecoder().decode(bytes.subarray(0, 4096))) : IMPORTERS.find((i) => i.name === source);
      if (!importer) {
        throw invalid([source === undefined
          ? { field: "file", message: `is not a file upbeat recognizes; say where it comes from in source (${IMPORTER_NAMES.join(", ")})` }
          : { field: "source", message: `must be one of ${IMPORTER_NAMES.join(", ")}` }]);
      }
      const plan = await readUpload(bytes, (path) =>
        importer.read(path, { withHistory: text(body, "with_history") === "true", pingKey: text(body, "ping_key"), now: deps.clock() })) as Awaited<ReturnType<typeof importer.read>>;
      const report = applyImport(deps, principal.user.id, plan, { dryRun: text(body, "dry_run") === "true", projectName: text(body, "project") });
      return {
        source: report.source, organization_id: report.organizationId, dry_run: report.dryRun, counts: countsOf(report),
        items: report.lines.map((l) => ({ what: l.what, name: l.name, outcome: l.outcome, detail: l.detail })),
      } satisfies v.InferOutput<typeof ImportOut>;
    }, {
      detail: {
        tags,
        summary: "Import from Uptime Kuma, Healthchecks or Gatus (organization owners and admins): monitors, channels, status pages, maintenance windows",
        requestBody: uploadBody,
        responses: answers(200, ImportOut, "What was imported, imported approximately (and how), already there, or skipped (and why)", { 403: "Not an owner or admin of an organization" }),
      },
    });
