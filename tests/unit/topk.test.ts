import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import fc from "fast-check";
import {topKScan, topKWasm} from "../../src/lib/topk.js";
import {routeTopKFlat, syntheticRouterLogits} from "../../src/lib/moe.js";
import {assembleTopK, MODULE_PATH, topKModuleSource} from "../../scripts/wasm.js";

/** Independent reference: stable sort by score descending (NaN as −∞), index ascending; first k. */
function sortedTopK(row: ArrayLike<number>, k: number, bias: ArrayLike<number> | null): number[] {
  const score = (j: number) => {
    const s = row[j] + (bias ? bias[j] : 0);
    return s !== s ? -Infinity : s;
  };
  return [...Array(row.length).keys()].sort((a, b) => score(b) - score(a) || a - b).slice(0, k);
}

// Scores drawn from a small set, so ties, ±∞ and NaN are common.
const score = fc.oneof(fc.constantFrom(0, 1, -1, 2.5, Infinity, -Infinity, NaN), fc.float({noNaN: true, noDefaultInfinity: true}));
const batch = fc.record({tokens: fc.integer({min: 1, max: 5}), experts: fc.integer({min: 1, max: 70})}).chain(({tokens, experts}) =>
  fc.record({
    tokens: fc.constant(tokens),
    experts: fc.constant(experts),
    k: fc.integer({min: 1, max: experts}),
    logits: fc.array(score, {minLength: tokens * experts, maxLength: tokens * experts}).map((a) => Float32Array.from(a)),
    bias: fc.option(fc.array(fc.constantFrom(0, 0.5, -0.5, 1, -2), {minLength: experts, maxLength: experts}).map((a) => Float64Array.from(a)))
  }));

describe("top-k selection: WebAssembly SIMD kernel and JavaScript scan", () => {
  test("src/lib/topk-wasm.ts is the assembled src/lib/topk.wat (run npm run wasm after editing the .wat)", async () => {
    assert.equal(readFileSync(MODULE_PATH, "utf8"), topKModuleSource(await assembleTopK()));
  });

  test("the WebAssembly kernel loads in Node (so the fast path is the one tested)", () => {
    assert.notEqual(topKWasm(Float32Array.of(1, 2), 1, 2, 1, null), null);
  });

  test("both pick the k best by score, ties to the lower index, with or without a bias (NaN-free rows against a sort)", () => {
    fc.assert(fc.property(batch, ({tokens, experts, k, logits, bias}) => {
      if (logits.some((x) => Number.isNaN(x))) return;
      const wasm = topKWasm(logits, tokens, experts, k, bias)!.indices;
      const scan = topKScan(logits, tokens, experts, k, bias).indices;
      for (let t = 0; t < tokens; t++) {
        const expected = sortedTopK(logits.subarray(t * experts, (t + 1) * experts), k, bias);
        assert.deepEqual([...wasm.subarray(t * k, (t + 1) * k)], expected);
        assert.deepEqual([...scan.subarray(t * k, (t + 1) * k)], expected);
      }
    }), {numRuns: 500});
  });

  test("the kernel and the scan agree index for index on any input, NaN included", () => {
    fc.assert(fc.property(batch, ({tokens, experts, k, logits, bias}) => {
      const wasm = topKWasm(logits, tokens, experts, k, bias)!;
      const scan = topKScan(logits, tokens, experts, k, bias);
      assert.deepEqual(wasm.indices, scan.indices);
      assert.deepEqual([...wasm.logits], [...scan.logits], "the chosen experts' logits");
      for (let i = 0; i < scan.indices.length; i++) assert.ok(Object.is(scan.logits[i], logits[Math.floor(i / k) * experts + scan.indices[i]]));
    }), {numRuns: 1000});
  });

  test("they agree on skewed synthetic batches at the notebook's sizes (256 experts, k = 1 … 8, and k = 20 past the kernel's floor)", () => {
    const tokens = 500;
    for (const experts of [256, 61]) {
      const logits = syntheticRouterLogits(tokens, experts, 1, 3);
      for (const k of [1, 2, 8, 20]) {
        assert.deepEqual(topKWasm(logits, tokens, experts, k, null)!.indices, topKScan(logits, tokens, experts, k, null).indices, `${experts} experts, k = ${k}`);
      }
    }
  });

  test("routeTopKFlat gives the same routing for float32 logits (kernel) and the same values as float64 (scan)", () => {
    const logits = syntheticRouterLogits(300, 64, 1, 5);
    const a = routeTopKFlat(logits, 300, 64, 4);
    const b = routeTopKFlat(Float64Array.from(logits), 300, 64, 4);
    assert.deepEqual(a.experts, b.experts);
    assert.deepEqual(a.gates, b.gates);
  });
});
