// Types for the bundled Plot that scripts/vendor.ts writes to plot.js.
export * from "@observablehq/plot";
