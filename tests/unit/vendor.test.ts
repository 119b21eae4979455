import {describe, it} from "node:test";
import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import {plotFunctionsUsed} from "../../scripts/vendor.js";

describe("vendored Plot bundle", () => {
  it("finds the Plot functions the pages call, and each exists in Plot", () => {
    const names = plotFunctionsUsed();
    for (const name of ["plot", "line", "dot", "text", "tip"]) assert.ok(names.includes(name), `${name} is used by the notebooks`);
    for (const name of names) assert.equal(typeof (Plot as Record<string, unknown>)[name], "function", `Plot.${name} is not a Plot function`);
  });
});
