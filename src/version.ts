// Baked in by scripts/build.ts; from source they fall back to package.json and "dev".
import pkg from "../package.json" with { type: "json" };

declare const UPBEAT_BUILD_VERSION: string | undefined;
declare const UPBEAT_BUILD_COMMIT: string | undefined;

export const VERSION: string = typeof UPBEAT_BUILD_VERSION === "string" ? UPBEAT_BUILD_VERSION : pkg.version;
export const COMMIT: string = typeof UPBEAT_BUILD_COMMIT === "string" ? UPBEAT_BUILD_COMMIT : "dev";
