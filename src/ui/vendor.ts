// Libraries the UI loads, served as their packages ship them from node_modules (embedded like public/, never copied
// into it): URL path → file under node_modules. scripts/list-assets.ts lists them in assets.ts.
export const VENDOR_FILES: Record<string, string> = {
  // uPlot's minified build defines the global `uPlot`; the monitor page loads it on first use
  "/vendor/uplot.js": "uplot/dist/uPlot.iife.min.js",
  "/vendor/uplot.css": "uplot/dist/uPlot.min.css",
};
