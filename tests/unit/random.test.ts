import {test} from "node:test";
import assert from "node:assert/strict";
import {gammaSample, hashString, normalGenerator, uniformGenerator} from "../../src/lib/random.js";

/** n draws of a χ² with k degrees of freedom, as 2·Gamma(k/2). */
function chiSquareDraws(k: number, n: number, seed: number): number[] {
  const normal = normalGenerator(seed);
  const uniform = uniformGenerator(hashString(`test:${seed}`));
  return Array.from({length: n}, () => 2 * gammaSample(k / 2, normal, uniform));
}

test("2·Gamma(k/2) has the χ²(k) mean k and variance 2k, for shapes below and above 1", () => {
  const n = 20000;
  for (const k of [1, 2, 5, 64, 512]) {
    const x = chiSquareDraws(k, n, k);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const se = Math.sqrt((2 * k) / n);
    assert.ok(Math.abs(mean - k) < 4 * se, `k = ${k}: mean ${mean}`);
    assert.ok(Math.abs(variance / (2 * k) - 1) < 0.1, `k = ${k}: variance ${variance}, expected ${2 * k}`);
    assert.ok(x.every((v) => v >= 0 && Number.isFinite(v)));
  }
});

test("χ² draws follow the distribution, not only its moments: P(χ²₁ < 1) = erf(1/√2) = 0.6827, P(χ²₂ < 2) = 1 − 1/e = 0.6321", () => {
  const n = 20000;
  const below = (k: number, t: number) => chiSquareDraws(k, n, 100 + k).filter((v) => v < t).length / n;
  assert.ok(Math.abs(below(1, 1) - 0.6827) < 0.015, `P(χ²₁ < 1) = ${below(1, 1)}`);
  assert.ok(Math.abs(below(2, 2) - (1 - Math.exp(-1))) < 0.015, `P(χ²₂ < 2) = ${below(2, 2)}`);
});

test("the same seed gives the same draws", () => {
  assert.deepEqual(chiSquareDraws(7, 50, 3), chiSquareDraws(7, 50, 3));
  assert.notDeepEqual(chiSquareDraws(7, 50, 3), chiSquareDraws(7, 50, 4));
});
