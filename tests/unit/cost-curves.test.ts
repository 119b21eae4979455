import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {positiveExtent, variantCurves, VARIANT_LABELS, WINDOWED_VARIANTS, type VariantRow} from "../../src/lib/cost-curves.js";

const GRID = [128, 1024, 8192, 65536, 524288];

describe("attention-variant curves: what the window and global tokens move", () => {
  test("only the sliding-window and block-sparse curves change with w and g (the /attention-cost chart redraws only those)", () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 128}), fc.constantFrom(64, 128, 256), fc.constantFrom(1, 2, 4),
        fc.integer({min: 1, max: 1 << 20}), fc.integer({min: 0, max: 4096}), fc.integer({min: 1, max: 1 << 20}), fc.integer({min: 0, max: 4096}),
        (heads, headDim, bytes, w1, g1, w2, g2) => {
          const a = variantCurves(GRID, {heads, headDim, window: w1, globalTokens: g1, bytesPerElement: bytes});
          const b = variantCurves(GRID, {heads, headDim, window: w2, globalTokens: g2, bytesPerElement: bytes});
          const fixed = (rows: VariantRow[]) => rows.filter((r) => !WINDOWED_VARIANTS.includes(r.variant));
          assert.deepEqual(fixed(a), fixed(b));
        }
      )
    );
  });
  test("and they do change: a 4,096-token window against a 1,024-token one at n = 8,192", () => {
    const shape = {heads: 32, headDim: 128, globalTokens: 0, bytesPerElement: 2};
    const at = (window: number, variant: string) => variantCurves(GRID, {...shape, window}).find((r) => r.n === 8192 && r.variant === variant)!;
    for (const variant of WINDOWED_VARIANTS) assert.equal(at(4096, variant).flops, 4 * at(1024, variant).flops, variant);
    assert.deepEqual([...WINDOWED_VARIANTS].sort(), [VARIANT_LABELS.blockSparse, VARIANT_LABELS.sliding].sort());
  });
});

describe("positiveExtent: a log axis's domain", () => {
  const row = (flops: number, memory: number): VariantRow => ({n: 1, variant: "v", flops, memory});
  test("smallest positive and largest value; zeros are left out", () => {
    assert.deepEqual(positiveExtent([row(0, 5), row(3, 2), row(70, 9)], "flops"), [3, 70]);
    assert.deepEqual(positiveExtent([row(0, 5), row(3, 2), row(70, 9)], "memory"), [2, 9]);
  });
  test("no positive value: a one-point domain instead of [Infinity, 0]", () => {
    assert.deepEqual(positiveExtent([row(0, 0)], "flops"), [1, 1]);
    assert.deepEqual(positiveExtent([], "memory"), [1, 1]);
  });
});
