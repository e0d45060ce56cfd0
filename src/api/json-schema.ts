// valibot → JSON Schema as the OpenAPI 3.1 document embeds it (its own dialect, so no $schema in each).
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";

export function jsonSchemaOf(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _, ...json } = toJsonSchema(schema, { errorMode: "ignore", target: "draft-2020-12" }) as Record<string, unknown>;
  return json;
}
