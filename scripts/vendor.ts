/**
 * Bundles the Observable Plot functions the site calls, with only the d3 code they need,
 * into src/vendor/plot.js (one minified, tree-shaken module). Imported as-is, Plot loads the
 * whole of d3 as ~30 separate modules. The list of functions is read from the sources
 * (every `Plot.name` in src/), so it cannot drift from what the pages use.
 * Runs before `npm run dev` and `npm run build`; the output is not committed.
 */
import {build} from "esbuild";
import {mkdirSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";

/** Every `Plot.name` used in src/ (pages, components, lib), sorted. */
export function plotFunctionsUsed(dir = "src"): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!entry.isFile() || !/\.(md|ts|js)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes("vendor") || path.includes(".observablehq")) continue;
    for (const m of readFileSync(path, "utf8").matchAll(/\bPlot\.([A-Za-z]+)\b/g)) names.add(m[1]);
  }
  return [...names].sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync("src/vendor", {recursive: true});
  const names = plotFunctionsUsed();
  await build({
    stdin: {contents: `export {${names.join(", ")}} from "@observablehq/plot";`, resolveDir: process.cwd(), sourcefile: "plot-entry.js"},
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "eof",
    outfile: "src/vendor/plot.js",
    logLevel: "warning"
  });
  console.log(`src/vendor/plot.js: ${names.length} Plot functions (${names.join(", ")})`);
}
