// valibot → JSON Schema as the OpenAPI 3.1 document embeds it (its own dialect, so no $schema in each).
import * as v from "valibot";
import { toJsonSchema } from "@valibot/to-json-schema";

export function jsonSchemaOf(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _, ...json } = toJsonSchema(schema, { errorMode: "ignore", target: "draft-2020-12" }) as Record<string, unknown>;
  return json;
}

/** A route's documented body or answer, converted only when the document is built: every start registers the
 * routes, few ever ask for the document (converted at start, they held ~25,000 objects; bench/README.md, memory). */
export class DocSchema {
  constructor(readonly schema: v.GenericSchema) {}
}

/** Typed as the JSON Schema it stands for, so it fits where a route's `detail` wants one. */
export const docSchema = (schema: v.GenericSchema) => new DocSchema(schema) as unknown as Record<string, unknown>;

type Content = Record<string, { schema?: unknown }>;

/** A `content` map with its DocSchemas converted; the same map when it holds none. */
export function convertedContent(content: Content): Content {
  if (!Object.values(content).some((media) => media.schema instanceof DocSchema)) return content;
  return Object.fromEntries(Object.entries(content).map(([type, media]) =>
    [type, media.schema instanceof DocSchema ? { ...media, schema: jsonSchemaOf(media.schema.schema) } : media]));
}
