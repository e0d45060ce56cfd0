// Files embedded with `import x from "…" with { type: "text" | "file" }`.
declare module "*.sql" {
  const text: string;
  export default text;
}
declare module "*.html" {
  const path: string;
  export default path;
}
declare module "*.css" {
  const path: string;
  export default path;
}
declare module "*.svg" {
  const path: string;
  export default path;
}
declare module "*.js" {
  const path: string;
  export default path;
}
