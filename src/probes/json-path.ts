// The JSONPath subset assertions read: `$`, `.name`, `[0]`, `["odd name"]`, and `.length` of a list or text.
export type JsonPath = (string | number)[];

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

/** `$.checks[0].ok` → ["checks", 0, "ok"]; null when it is not such a path. */
export function parseJsonPath(text: string): JsonPath | null {
  if (!text.startsWith("$")) return null;
  const steps: JsonPath = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return null;
    const [whole, name, index, quoted] = match;
    steps.push(name ?? (index !== undefined ? Number(index) : JSON.parse(`"${quoted}"`)));
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** The value at the path, or undefined when any step is missing. */
export function readJsonPath(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const step of path) {
    if (step === "length" && (Array.isArray(current) || typeof current === "string")) current = current.length;
    else if (typeof step === "number" && Array.isArray(current)) current = current[step];
    else if (typeof current === "object" && current !== null && !Array.isArray(current) && Object.hasOwn(current, step)) {
      current = (current as Record<string, unknown>)[step];
    } else return undefined;
  }
  return current;
}
