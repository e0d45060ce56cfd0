// Which methods a path answers, read from the routes the app registered: a wrong method is a 405, not a 404.
const ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** The UI's catch-all answers every GET; it would make every path look known. */
const CATCH_ALL = "/*";

interface Route {
  method: string;
  path: string;
}

const patternOf = (path: string) =>
  new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[^/]+/g, "[^/]+").replace(/\*/g, ".*")}$`);

/** path → the methods some route answers there (GET brings HEAD), in a fixed order; empty for an unknown path. */
export function methodsByPath(routes: Route[]): (path: string) => string[] {
  const compiled = routes.filter((r) => r.path !== CATCH_ALL).map((r) => ({ method: r.method.toUpperCase(), pattern: patternOf(r.path) }));
  return (path) => {
    const methods = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return ORDER.filter((m) => methods.has(m));
  };
}
