// The sources' names alone: the API's schema lists them without loading the importers (and their YAML parser).
export const IMPORTER_NAMES = ["uptime-kuma", "healthchecks", "gatus"] as const;
export type ImporterName = (typeof IMPORTER_NAMES)[number];
