import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {entropy, multiHeadAttention, projectionWeights, scaledDotProductAttention, sinusoidalPositions, softmax, softmaxSaturation} from "../../src/lib/attention.js";
import {matmul} from "../../src/lib/matrix.js";
import {normalGenerator} from "../../src/lib/random.js";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
const finite = fc.double({min: -100, max: 100, noNaN: true});
const matrix = (rows: number, cols: number) => fc.array(fc.array(finite, {minLength: cols, maxLength: cols}), {minLength: rows, maxLength: rows});

describe("softmax", () => {
  test("hand-worked: softmax([0, ln 3]) = [1/4, 3/4]", () => {
    const [a, b] = softmax([0, Math.log(3)]);
    close(a, 0.25);
    close(b, 0.75);
  });
  test("stays finite for logits of ±1e4", () => {
    const p = softmax([1e4, -1e4, 1e4 - 1]);
    assert.ok(p.every(Number.isFinite));
    close(p[0], 1 / (1 + Math.exp(-1)));
    close(p[1], 0);
    close(p[0] + p[1] + p[2], 1);
    assert.deepEqual(softmax([-1e4, -1e4]), [0.5, 0.5]);
  });
  test("masked (−∞) entries get exactly 0; an all-masked row is all zeros", () => {
    assert.deepEqual(softmax([0, -Infinity]), [1, 0]);
    assert.deepEqual(softmax([-Infinity, -Infinity]), [0, 0]);
  });
  test("property: invariant to adding a constant", () => {
    fc.assert(fc.property(fc.array(finite, {minLength: 1, maxLength: 20}), fc.double({min: -1e3, max: 1e3, noNaN: true}), (xs, c) => {
      const a = softmax(xs);
      const b = softmax(xs.map((x) => x + c));
      a.forEach((p, i) => assert.ok(Math.abs(p - b[i]) < 1e-9));
    }));
  });
  test("property: a probability vector", () => {
    fc.assert(fc.property(fc.array(fc.double({min: -1e4, max: 1e4, noNaN: true}), {minLength: 1, maxLength: 50}), (xs) => {
      const p = softmax(xs);
      assert.ok(p.every((x) => x >= 0 && x <= 1));
      assert.ok(Math.abs(p.reduce((s, x) => s + x, 0) - 1) < 1e-12);
    }));
  });
});

describe("scaledDotProductAttention", () => {
  test("hand-worked 1 query × 2 keys", () => {
    // scores = [1·1 + 0·0, 1·0 + 0·1] / √2 = [1/√2, 0]; weight on key 1 is the logistic of 1/√2.
    const {scores, weights, output} = scaledDotProductAttention([[1, 0]], [[1, 0], [0, 1]], [[1, 2], [3, 4]]);
    close(scores[0][0], Math.SQRT1_2);
    close(scores[0][1], 0);
    const w = 1 / (1 + Math.exp(-Math.SQRT1_2)); // 0.669761…
    close(weights[0][0], w);
    close(weights[0][1], 1 - w);
    close(output[0][0], w * 1 + (1 - w) * 3);
    close(output[0][1], w * 2 + (1 - w) * 4);
    close(w, 0.6697615493266569, 1e-12);
  });
  test("hand-worked causal: the first token sees only itself", () => {
    const {scores, weights, output} = scaledDotProductAttention([[1], [1]], [[2], [0]], [[10], [20]], {causal: true});
    assert.equal(scores[0][1], -Infinity);
    assert.deepEqual(weights[0], [1, 0]);
    assert.deepEqual(output[0], [10]);
    // row 2: scores [2, 0] over √1; weights e²/(e²+1), 1/(e²+1)
    const w = Math.exp(2) / (Math.exp(2) + 1);
    close(output[1][0], 10 * w + 20 * (1 - w));
  });
  test("temperature divides the scores before the softmax", () => {
    const q = [[2, 0]], k = [[1, 0], [0, 1]], v = [[1], [0]];
    const hot = scaledDotProductAttention(q, k, v, {temperature: 2});
    const plain = scaledDotProductAttention(q.map((r) => r.map((x) => x / 2)), k, v);
    close(hot.weights[0][0], plain.weights[0][0]);
    assert.throws(() => scaledDotProductAttention(q, k, v, {temperature: 0}), RangeError);
  });
  test("property: rows of weights sum to 1, with or without the mask", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 6}), fc.integer({min: 1, max: 5}), fc.boolean(), fc.integer(), (n, d, causal, seed) => {
      const q = projectionWeights(Math.max(n, d), seed).wq.slice(0, n).map((r) => r.slice(0, d).map((x) => x * 50));
      const {weights} = scaledDotProductAttention(q, q, q, {causal});
      for (const row of weights) close(row.reduce((s, x) => s + x, 0), 1, 1e-12);
    }));
  });
  test("property: the causal mask gives zero weight to the future", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 6}).chain((n) => fc.tuple(matrix(n, 3), matrix(n, 3), matrix(n, 2))), ([q, k, v]) => {
      const {weights, output} = scaledDotProductAttention(q, k, v, {causal: true});
      weights.forEach((row, i) => row.forEach((w, j) => j > i && assert.equal(w, 0)));
      // The first output is exactly the first value: nothing else is visible.
      output[0].forEach((x, j) => close(x, v[0][j]));
    }));
  });
  test("property: permutation equivariance without the mask", () => {
    fc.assert(fc.property(
      fc.integer({min: 1, max: 6}).chain((n) => fc.tuple(matrix(n, 3), matrix(n, 3), matrix(n, 2), fc.shuffledSubarray([...Array(n).keys()], {minLength: n, maxLength: n}))),
      ([q, k, v, perm]) => {
        const base = scaledDotProductAttention(q, k, v).output;
        const permuted = scaledDotProductAttention(perm.map((i) => q[i]), perm.map((i) => k[i]), perm.map((i) => v[i])).output;
        perm.forEach((i, r) => permuted[r].forEach((x, j) => close(x, base[i][j], 1e-9)));
      }
    ));
  });
});

describe("multiHeadAttention", () => {
  test("one head equals plain attention on the projections, then W_O", () => {
    const x = [[1, 0, 2, -1], [0, 1, -1, 3], [2, 2, 0, 0]];
    const w = projectionWeights(4, 7);
    const mha = multiHeadAttention(x, w, 1);
    const direct = scaledDotProductAttention(matmul(x, w.wq), matmul(x, w.wk), matmul(x, w.wv));
    const expected = matmul(direct.output, w.wo);
    mha.output.forEach((row, i) => row.forEach((y, j) => close(y, expected[i][j])));
  });
  test("heads split d_model into slices of d_k and concatenate back", () => {
    const x = [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]];
    const mha = multiHeadAttention(x, projectionWeights(6, 3), 3);
    assert.equal(mha.heads.length, 3);
    assert.equal(mha.heads[0].q[0].length, 2);
    assert.equal(mha.concat[0].length, 6);
    assert.deepEqual(mha.concat[1].slice(2, 4), mha.heads[1].output[1]);
    assert.throws(() => multiHeadAttention(x, projectionWeights(6, 3), 4), /multiple/);
  });
});

describe("positions and saturation", () => {
  test("sinusoidal positions: PE(0) alternates 0 and 1; PE(p, 0) = sin p", () => {
    const pe = sinusoidalPositions(3, 4);
    assert.deepEqual(pe[0], [0, 1, 0, 1]);
    close(pe[2][0], Math.sin(2));
    close(pe[2][3], Math.cos(2 / 100)); // 10000^(2/4) = 100
  });
  test("entropy of a uniform distribution over 4 is ln 4", () => {
    close(entropy([0.25, 0.25, 0.25, 0.25]), Math.log(4));
    assert.equal(entropy([1, 0]), 0);
  });
  test("unscaled scores saturate with d_k; scaled ones do not", () => {
    const pts = softmaxSaturation([1, 256], 8, 200, 1);
    const get = (dk: number, scaled: boolean) => pts.find((p) => p.dk === dk && p.scaled === scaled)!.maxWeight;
    assert.ok(get(256, false) > 0.85, `unscaled at 256: ${get(256, false)}`);
    assert.ok(Math.abs(get(256, true) - get(1, true)) < 0.1, "scaled stays roughly flat");
    assert.ok(get(256, true) < 0.5);
  });
  test("the |q|·z shortcut matches forming the query and keys explicitly (brute-force Monte Carlo)", () => {
    const keys = 6, samples = 3000;
    for (const dk of [1, 16, 64]) {
      const normal = normalGenerator(99 + dk);
      let maxU = 0, maxS = 0;
      for (let s = 0; s < samples; s++) {
        const q = Array.from({length: dk}, normal);
        const raw = Array.from({length: keys}, () => q.reduce((acc, x) => acc + x * normal(), 0));
        maxU += Math.max(...softmax(raw));
        maxS += Math.max(...softmax(raw.map((d) => d / Math.sqrt(dk))));
      }
      const pts = softmaxSaturation([dk], keys, samples, 7);
      close(pts.find((p) => !p.scaled)!.maxWeight, maxU / samples, 0.03);
      close(pts.find((p) => p.scaled)!.maxWeight, maxS / samples, 0.03);
    }
  });
});

test("the n² term of attention overtakes the projections at n = 2·d_model", async () => {
  const {quadraticCrossoverTokens} = await import("../../src/lib/attention.js");
  const {attentionLayerFlops} = await import("../../src/lib/formulas/attention.js");
  const d = 4096;
  const n = quadraticCrossoverTokens(d);
  assert.equal(n, 8192);
  // At the crossover both halves of 8nd² + 4n²d are equal.
  assert.equal(attentionLayerFlops.evaluate({n, d}), 2 * 8 * n * d * d);
});
