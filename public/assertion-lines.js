// The assertions editor: one assertion a line, `source [path] operator value`, e.g. `json $.status == "ok"` or
// `response_time_ms < 300`. Values are read as JSON when they parse (300, true, "ok"), else as the text written.
const WITH_PATH = new Set(["json", "header"]);

function valueOf(text) {
  if (text === "") return undefined;
  try {
    const value = JSON.parse(text);
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) return value;
  } catch {
    // plain text, e.g. contains healthy
  }
  return text;
}

/** Lines → the API's list; a line the server cannot take still goes, so its 400 names the line. */
export function assertionsOf(lines) {
  return lines.map((line) => {
    const words = line.split(/\s+/);
    const hasPath = WITH_PATH.has(words[0]);
    const value = valueOf(words.slice(hasPath ? 3 : 2).join(" "));
    return {
      source: words[0],
      ...(hasPath ? { path: words[1] ?? "" } : {}),
      operator: words[hasPath ? 2 : 1] ?? "",
      ...(value === undefined ? {} : { value }),
    };
  });
}

/** The API's list → lines, values as JSON so they read back the same. */
export function assertionLines(assertions) {
  return (assertions ?? [])
    .map((a) => [a.source, a.path, a.operator, a.operator === "exists" ? null : JSON.stringify(a.value)].filter((w) => w !== null && w !== undefined).join(" "))
    .join("\n");
}
