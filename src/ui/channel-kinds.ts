// The channel form's kinds and fields, derived from the channel registry: each kind's config schema (as JSON
// Schema) says the type, bounds, choices and default; its `secrets` say which fields are password inputs.
import { toJsonSchema } from "@valibot/to-json-schema";
import { CHANNEL_KINDS, channelKind } from "../alerts/registry.ts";

interface JsonProperty {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

const LONG_TEXT_CHARS = 10_000;

function inputOf(name: string, property: JsonProperty, secret: boolean): string {
  if (property.enum) return "select";
  if (property.type === "boolean") return "checkbox";
  if (property.type === "integer" || property.type === "number") return "number";
  if (property.type === "object") return "map";
  if (property.type === "array") return "list";
  if (secret) return "password";
  return name === "template" || (property.maxLength ?? 0) >= LONG_TEXT_CHARS ? "textarea" : "text";
}

const labelOf = (name: string) => (name.charAt(0).toUpperCase() + name.slice(1)).replaceAll("_", " ").replace(/\burl(s?)\b/gi, "URL$1");

let built: string | undefined;
export function channelKindsForm(): string {
  built ??= JSON.stringify(
    CHANNEL_KINDS.map((name) => {
      const kind = channelKind(name);
      const schema = toJsonSchema(kind.schema, { errorMode: "ignore" }) as { properties?: Record<string, JsonProperty>; required?: string[] };
      return {
        name,
        label: kind.label,
        docs: kind.docs,
        fields: Object.entries(schema.properties ?? {}).map(([field, property]) => ({
          name: field,
          label: labelOf(field),
          input: inputOf(field, property, kind.secrets.includes(field)),
          secret: kind.secrets.includes(field),
          required: schema.required?.includes(field) ?? false,
          ...(property.enum ? { options: property.enum } : {}),
          ...(property.minimum === undefined ? {} : { min: property.minimum, max: property.maximum }),
          default: property.default ?? null,
          ...(field === "template" ? { help: "optional LiquidJS template for the message" } : {}),
        })),
      };
    }),
  );
  return built;
}
