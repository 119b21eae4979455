import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  auxFreeBalancing,
  auxFreeBiasUpdate,
  auxLossBiasGradient,
  auxLossGradientStep,
  dispatchWithCapacity,
  expertCapacity,
  expertLoad,
  expertPopularity,
  loadImbalance,
  moeFlopsPerToken,
  moeLayerParameters,
  routeTopK,
  routeTopKFlat,
  routerStatistics,
  sentenceRouterLogits,
  softmaxRows,
  softmaxRowsFlat,
  switchAuxLoss,
  switchAuxLossFlat,
  syntheticRouterLogits,
  top1Assignments
} from "../../src/lib/moe.js";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
const E = Math.E;

/** Logits with plenty of ties: small integers mixed with arbitrary doubles. */
const logit = fc.oneof(fc.integer({min: -3, max: 3}), fc.double({min: -50, max: 50, noNaN: true}));
const batch = fc
  .record({experts: fc.integer({min: 1, max: 12}), tokens: fc.integer({min: 1, max: 8})})
  .chain(({experts, tokens}) =>
    fc.record({
      rows: fc.array(fc.array(logit, {minLength: experts, maxLength: experts}), {minLength: tokens, maxLength: tokens}),
      k: fc.integer({min: 1, max: experts})
    })
  );

describe("routeTopK", () => {
  test("hand-worked: logits [1, 3, 2, 0], k = 2 → experts [1, 2], gates softmax([3, 2]) = [e/(e+1), 1/(e+1)]", () => {
    const {experts, gates} = routeTopK([[1, 3, 2, 0]], 2);
    assert.deepEqual([...experts[0]], [1, 2]);
    close(gates[0][0], E / (E + 1));
    close(gates[0][1], 1 / (E + 1));
  });
  test("hand-worked: k = 1 gives gate 1; k = N keeps every expert, gates = full softmax", () => {
    const one = routeTopK([[1, 3, 2, 0], [7, -1, 7.5, 7]], 1);
    assert.deepEqual(one.experts.map((r) => [...r]), [[1], [2]]);
    assert.deepEqual(one.gates.map((r) => [...r]), [[1], [1]]);
    // softmax([0, ln 3]) = [1/4, 3/4], chosen in the order [1, 0].
    const all = routeTopK([[0, Math.log(3)]], 2);
    assert.deepEqual([...all.experts[0]], [1, 0]);
    close(all.gates[0][0], 0.75);
    close(all.gates[0][1], 0.25);
  });
  test("ties go to the lower index", () => {
    const {experts, gates} = routeTopK([[5, 5, 5, 5], [1, 2, 2, 2]], 2);
    assert.deepEqual([...experts[0]], [0, 1]);
    assert.deepEqual([...experts[1]], [1, 2]);
    assert.deepEqual([...gates[0]], [0.5, 0.5]);
  });
  test("a selection bias changes which experts are chosen but not how gates are computed", () => {
    // scores = [1, 3, 2, 0] + [0, 0, 0, 2.5] = [1, 3, 2, 2.5] → experts [1, 3];
    // gates = softmax of the UNBIASED logits [3, 0] = [e³/(e³+1), 1/(e³+1)].
    const {experts, gates} = routeTopK([[1, 3, 2, 0]], 2, {selectionBias: [0, 0, 0, 2.5]});
    assert.deepEqual([...experts[0]], [1, 3]);
    close(gates[0][0], E ** 3 / (E ** 3 + 1));
    close(gates[0][1], 1 / (E ** 3 + 1));
  });
  test("stays finite for logits of ±1e4; NaN counts as −∞", () => {
    const {experts, gates} = routeTopK([[1e4, -1e4, 1e4 - 1]], 2);
    assert.deepEqual([...experts[0]], [0, 2]);
    close(gates[0][0], 1 / (1 + Math.exp(-1)));
    const nan = routeTopK([[NaN, 0, NaN, -1]], 2);
    assert.deepEqual([...nan.experts[0]], [1, 3]);
  });
  test("rejects k outside 1…N and ragged rows", () => {
    assert.throws(() => routeTopK([[1, 2]], 3), RangeError);
    assert.throws(() => routeTopK([[1, 2]], 0), RangeError);
    assert.throws(() => routeTopK([[1, 2], [3]], 1), RangeError);
    assert.throws(() => routeTopKFlat(new Float64Array(5), 2, 3, 1), RangeError);
  });
  test("property: k distinct experts, the k largest, ordered by logit with ties by index; gates sum to 1 and follow the logits", () => {
    fc.assert(
      fc.property(batch, ({rows, k}) => {
        const {experts, gates} = routeTopK(rows, k);
        rows.forEach((row, t) => {
          const chosen = [...experts[t]];
          const g = [...gates[t]];
          assert.equal(chosen.length, k);
          assert.equal(new Set(chosen).size, k);
          close(g.reduce((s, x) => s + x, 0), 1, 1e-12);
          for (let r = 1; r < k; r++) {
            const [a, b] = [row[chosen[r - 1]], row[chosen[r]]];
            assert.ok(a > b || (a === b && chosen[r - 1] < chosen[r]), "chosen experts ordered by logit, then index");
            assert.ok(g[r - 1] >= g[r], "gates non-increasing");
          }
          const last = chosen[k - 1];
          row.forEach((x, j) => {
            if (chosen.includes(j)) return;
            assert.ok(x < row[last] || (x === row[last] && j > last), `unchosen expert ${j} beats a chosen one`);
          });
        });
      })
    );
  });
  test("property: the flat variant agrees with the nested one, for Float32Array and Float64Array", () => {
    fc.assert(
      fc.property(batch, ({rows, k}) => {
        const nested = routeTopK(rows, k);
        const tokens = rows.length, n = rows[0].length;
        const flat64 = routeTopKFlat(Float64Array.from(rows.flat()), tokens, n, k);
        assert.deepEqual([...flat64.experts], nested.experts.flatMap((r) => [...r]));
        assert.deepEqual([...flat64.gates], nested.gates.flatMap((r) => [...r]));
        // Float32 rounding can create ties but never reorders: compare against the rounded rows.
        const f32 = Float32Array.from(rows.flat());
        const flat32 = routeTopKFlat(f32, tokens, n, k);
        const rounded = routeTopK(rows.map((_, t) => f32.subarray(t * n, (t + 1) * n)), k);
        assert.deepEqual([...flat32.experts], rounded.experts.flatMap((r) => [...r]));
      })
    );
  });
  test("top1Assignments is the argmax of logit + bias", () => {
    const logits = Float64Array.from([1, 3, 2, 0, /* token 2 */ 0, 0, 1, 0]);
    assert.deepEqual([...top1Assignments(logits, 2, 4)], [1, 2]);
    assert.deepEqual([...top1Assignments(logits, 2, 4, [0, 0, 0, 3.5])], [3, 3]);
  });
});

describe("softmaxRows", () => {
  test("hand-worked: softmax([0, ln 3]) = [1/4, 3/4]; temperature 2 on [0, 2 ln 3] gives the same", () => {
    const [p] = softmaxRows([[0, Math.log(3)]]);
    close(p[0], 0.25);
    close(p[1], 0.75);
    const [q] = softmaxRows([[0, 2 * Math.log(3)]], {temperature: 2});
    close(q[0], 0.25);
    close(q[1], 0.75);
    assert.throws(() => softmaxRows([[1]], {temperature: 0}), RangeError);
  });
  test("a per-expert bias is added to every row before the softmax", () => {
    const p = softmaxRowsFlat([0, 0, 5, 5], 2, 2, {bias: [Math.log(3), 0]});
    [0, 2].forEach((base) => {
      close(p[base], 0.75);
      close(p[base + 1], 0.25);
    });
  });
  test("stable at ±1e4; NaN counts as −∞; a row of only −∞ or NaN is all zeros", () => {
    const [p, q, r] = softmaxRows([[1e4, 1e4 - Math.log(3), -Infinity], [-Infinity, NaN, NaN], [NaN, 0, Math.log(3)]]);
    close(p[0], 0.75);
    assert.equal(p[2], 0);
    assert.deepEqual([...q], [0, 0, 0]);
    assert.equal(r[0], 0);
    close(r[1], 0.25);
    close(r[2], 0.75);
  });
  test("property: each row is a probability vector", () => {
    fc.assert(
      fc.property(batch, fc.double({min: 0.05, max: 20, noNaN: true}), ({rows}, temperature) => {
        for (const p of softmaxRows(rows, {temperature})) {
          assert.ok([...p].every((x) => x >= 0 && x <= 1));
          close(p.reduce((s, x) => s + x, 0), 1, 1e-12);
        }
      })
    );
  });
});

describe("switchAuxLoss (Fedus et al. 2021, eq. 4 without α)", () => {
  test("= 1 at perfectly uniform routing", () => {
    const n = 4;
    const probs = Array.from({length: 8}, () => Array(n).fill(1 / n));
    close(switchAuxLoss(probs, [0, 1, 2, 3, 0, 1, 2, 3]), 1);
  });
  test("= N when every token goes to expert 0 with probability 1", () => {
    for (const n of [2, 5, 64]) {
      const probs = Array.from({length: 10}, () => Array.from({length: n}, (_, i) => (i === 0 ? 1 : 0)));
      close(switchAuxLoss(probs, Array(10).fill(0)), n);
    }
  });
  test("hand-worked 2-expert cases", () => {
    // f = [1, 0], P = [(0.9 + 0.7)/2, (0.1 + 0.3)/2] = [0.8, 0.2] → 2 · 0.8 = 1.6.
    close(switchAuxLoss([[0.9, 0.1], [0.7, 0.3]], [0, 0]), 1.6);
    // f = [2/3, 1/3], P = [1.7/3, 1.3/3] → 2 · (3.4 + 1.3)/9 = 9.4/9.
    close(switchAuxLoss([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]], [0, 0, 1]), 9.4 / 9);
    const {fraction, meanProbability} = routerStatistics([0.9, 0.1, 0.6, 0.4, 0.2, 0.8], 3, 2, [0, 0, 1]);
    close(fraction[0], 2 / 3);
    close(meanProbability[1], 1.3 / 3);
  });
  test("property: between 0 and N for top-1 = argmax assignments", () => {
    fc.assert(
      fc.property(batch, ({rows}) => {
        const n = rows[0].length;
        const probs = softmaxRows(rows);
        const top1 = routeTopK(rows, 1).experts.map((r) => r[0]);
        const loss = switchAuxLoss(probs, top1);
        assert.ok(loss >= 0 && loss <= n + 1e-9);
      })
    );
  });
  test("one top-1 assignment per token is required", () => {
    assert.throws(() => switchAuxLossFlat([0.5, 0.5], 1, 2, [0, 1]), RangeError);
  });
});

describe("expert load", () => {
  test("expertLoad is a histogram", () => {
    assert.deepEqual([...expertLoad([0, 2, 2, 1, 2], 4)], [1, 1, 3, 0]);
    assert.throws(() => expertLoad([0, 4], 4), RangeError);
  });
  test("loadImbalance: max/mean and coefficient of variation", () => {
    assert.deepEqual(loadImbalance([2, 2, 2, 2]), {maxOverMean: 1, coefficientOfVariation: 0});
    // mean 1; deviations 3, −1, −1, −1 → variance 12/4 = 3.
    const skewed = loadImbalance([4, 0, 0, 0]);
    close(skewed.maxOverMean, 4);
    close(skewed.coefficientOfVariation, Math.sqrt(3));
  });
});

describe("capacity and dropping", () => {
  test("expertCapacity = ⌈capacityFactor · tokens · k / experts⌉", () => {
    assert.equal(expertCapacity(6, 2, 1, 1.0), 3);
    assert.equal(expertCapacity(7, 2, 1, 1.0), 4); // ⌈3.5⌉
    assert.equal(expertCapacity(10, 4, 2, 1.25), 7); // ⌈6.25⌉
    assert.equal(expertCapacity(100, 10, 1, 1.1), 11); // 1.1·100/10 is 11.000000000000002 in floating point
    assert.equal(expertCapacity(4096, 64, 2, 1.25), 160);
    assert.throws(() => expertCapacity(6, 2, 1, 0), RangeError);
  });
  test("hand-worked: 6 tokens, 2 experts, k = 1, capacity 3; assignments [0,0,0,0,1,1] drop the 4th token", () => {
    const capacity = expertCapacity(6, 2, 1, 1.0);
    const d = dispatchWithCapacity(Int32Array.from([0, 0, 0, 0, 1, 1]), 6, 2, 1, capacity);
    assert.deepEqual([...d.load], [3, 2]);
    assert.deepEqual([...d.demand], [4, 2]);
    assert.deepEqual([...d.dropped], [0, 0, 0, 1, 0, 0]);
    assert.deepEqual([...d.passThrough], [0, 0, 0, 1, 0, 0]);
    assert.equal(d.droppedAssignments, 1);
    assert.equal(d.droppedTokens, 1);
  });
  test("hand-worked k = 2: a dropped slot is not a dropped token unless both slots drop", () => {
    // 4 tokens, 3 experts, capacity ⌈4·2/3⌉ = 3. Expert 0 is asked 4 times: token 3's first slot drops.
    const capacity = expertCapacity(4, 3, 2, 1.0);
    assert.equal(capacity, 3);
    const d = dispatchWithCapacity([0, 1, 0, 2, 0, 1, 0, 1], 4, 3, 2, capacity);
    assert.deepEqual([...d.load], [3, 3, 1]);
    assert.deepEqual([...d.dropped], [0, 0, 0, 0, 0, 0, 1, 0]);
    assert.equal(d.droppedAssignments, 1);
    assert.equal(d.droppedTokens, 0);
    // Capacity 1: token 0 fills both experts, so token 1 loses both slots and passes through.
    const full = dispatchWithCapacity([0, 1, 1, 0], 2, 2, 2, 1);
    assert.deepEqual([...full.passThrough], [0, 1]);
    assert.equal(full.droppedAssignments, 2);
    assert.equal(full.droppedTokens, 1);
  });
  test("slot order serves every token's first choice before any second choice", () => {
    // tokens: t0 → [0, 1], t1 → [1, 2]; capacity 1.
    const byToken = dispatchWithCapacity([0, 1, 1, 2], 2, 3, 2, 1);
    assert.deepEqual([...byToken.dropped], [0, 0, 1, 0]); // t0 took expert 1 first
    const bySlot = dispatchWithCapacity([0, 1, 1, 2], 2, 3, 2, 1, {order: "slot"});
    assert.deepEqual([...bySlot.dropped], [0, 1, 0, 0]); // t1's first choice beat t0's second
  });
  test("property: each expert keeps min(demand, capacity); kept + dropped = tokens · k", () => {
    fc.assert(
      fc.property(
        fc.record({experts: fc.integer({min: 1, max: 6}), k: fc.integer({min: 1, max: 3}), tokens: fc.integer({min: 0, max: 20}), capacity: fc.integer({min: 0, max: 8}), slot: fc.boolean()}).chain((c) =>
          fc.record({c: fc.constant(c), a: fc.array(fc.integer({min: 0, max: c.experts - 1}), {minLength: c.tokens * c.k, maxLength: c.tokens * c.k})})
        ),
        ({c, a}) => {
          const d = dispatchWithCapacity(a, c.tokens, c.experts, c.k, c.capacity, {order: c.slot ? "slot" : "token"});
          const demand = expertLoad(a, c.experts);
          let kept = 0;
          for (let i = 0; i < c.experts; i++) {
            assert.equal(d.load[i], Math.min(demand[i], c.capacity));
            kept += d.load[i];
          }
          assert.equal(kept + d.droppedAssignments, c.tokens * c.k);
          assert.equal(d.dropped.reduce((s, x) => s + x, 0), d.droppedAssignments);
          assert.ok(d.droppedTokens <= d.droppedAssignments);
        }
      )
    );
  });
});

describe("load balancing", () => {
  test("DeepSeek-V3 bias update: +γ under the mean load, −γ over it, unchanged at it", () => {
    // loads [5, 1, 3], mean 3.
    assert.deepEqual([...auxFreeBiasUpdate([0, 0, 0], [5, 1, 3], 0.25)], [-0.25, 0.25, 0]);
    assert.deepEqual([...auxFreeBiasUpdate([1, -1, 0.5], [5, 1, 3], 0.5)], [0.5, -0.5, 0.5]);
  });
  test("DeepSeek-V3 loss-free balancing flattens a skewed load histogram over 50 steps", () => {
    const [tokens, experts, k] = [1024, 16, 2];
    const logits = syntheticRouterLogits(tokens, experts, 1, 7);
    const run = auxFreeBalancing(logits, tokens, experts, k, 0.05, 50);
    const first = run.imbalance[0].maxOverMean;
    const lastStep = run.imbalance[49];
    assert.ok(first > 2, `the batch should start skewed (max/mean ${first})`);
    assert.ok(lastStep.maxOverMean - 1 < (first - 1) / 4, `max/mean ${first} → ${lastStep.maxOverMean}`);
    assert.ok(lastStep.coefficientOfVariation < run.imbalance[0].coefficientOfVariation / 3);
    // Popular experts end with negative bias, unpopular ones with positive bias.
    const z = expertPopularity(experts, 7);
    const most = z.indexOf(Math.max(...z)), least = z.indexOf(Math.min(...z));
    assert.ok(run.bias[most] < 0 && run.bias[least] > 0);
  });
  test("with the bias, selection uses logit + bias but gates are the softmax of the unbiased logits", () => {
    const [tokens, experts, k] = [256, 8, 2];
    const logits = syntheticRouterLogits(tokens, experts, 1.5, 3);
    const {bias} = auxFreeBalancing(logits, tokens, experts, k, 0.05, 30);
    const routed = routeTopKFlat(logits, tokens, experts, k, {selectionBias: bias});
    const plain = routeTopKFlat(logits, tokens, experts, k);
    let changed = 0;
    for (let t = 0; t < tokens; t++) {
      const x = (j: number) => logits[t * experts + j];
      const chosen = [...routed.experts.subarray(t * k, (t + 1) * k)];
      if (chosen.some((j, r) => j !== plain.experts[t * k + r])) changed++;
      const minScore = Math.min(...chosen.map((j) => x(j) + bias[j]));
      for (let j = 0; j < experts; j++) if (!chosen.includes(j)) assert.ok(x(j) + bias[j] <= minScore);
      const z = chosen.reduce((s, j) => s + Math.exp(x(j)), 0);
      chosen.forEach((j, r) => close(routed.gates[t * k + r], Math.exp(x(j)) / z, 1e-6));
    }
    assert.ok(changed > 0, "the bias should change some selections");
  });
  test("aux-loss bias gradient matches central finite differences (f held fixed) and sums to 0", () => {
    const [tokens, experts] = [40, 5];
    const logits = syntheticRouterLogits(tokens, experts, 1, 21);
    const bias = [0.3, -0.2, 0, 0.1, -0.4];
    const top1 = top1Assignments(logits, tokens, experts, bias);
    const loss = (b: number[]) => switchAuxLossFlat(softmaxRowsFlat(logits, tokens, experts, {bias: b}), tokens, experts, top1);
    const {fraction} = routerStatistics(softmaxRowsFlat(logits, tokens, experts, {bias}), tokens, experts, top1);
    const grad = auxLossBiasGradient(softmaxRowsFlat(logits, tokens, experts, {bias}), tokens, experts, fraction);
    const h = 1e-5;
    for (let j = 0; j < experts; j++) {
      const up = bias.map((b, i) => (i === j ? b + h : b));
      const down = bias.map((b, i) => (i === j ? b - h : b));
      close(grad[j], (loss(up) - loss(down)) / (2 * h), 1e-6);
    }
    // Adding a constant to every bias leaves the softmax unchanged.
    close(grad.reduce((s, g) => s + g, 0), 0, 1e-12);
  });
  test("the aux-loss gradient is 0 at uniform routing", () => {
    const grad = auxLossBiasGradient(Array(12).fill(1 / 4), 3, 4, [0.25, 0.25, 0.25, 0.25]);
    grad.forEach((g) => close(g, 0, 1e-15));
  });
  test("a gradient step on the bias lowers the aux loss of a skewed batch", () => {
    const [tokens, experts] = [512, 8];
    const logits = syntheticRouterLogits(tokens, experts, 1.5, 11);
    const step = auxLossGradientStep(logits, tokens, experts, new Float64Array(experts), 0.5);
    const after = (b: ArrayLike<number>) =>
      switchAuxLossFlat(softmaxRowsFlat(logits, tokens, experts, {bias: b}), tokens, experts, top1Assignments(logits, tokens, experts, b));
    assert.ok(step.loss > 2, `skewed batch should start well above 1 (${step.loss})`);
    close(step.loss, after(new Float64Array(experts)));
    assert.ok(after(step.bias) < step.loss - 0.3, `${step.loss} → ${after(step.bias)}`);
  });
});

describe("synthetic router logits", () => {
  test("deterministic by seed, Float32Array row-major, with and without dModel", () => {
    const a = syntheticRouterLogits(50, 6, 1, 4);
    assert.ok(a instanceof Float32Array);
    assert.equal(a.length, 300);
    assert.deepEqual(a, syntheticRouterLogits(50, 6, 1, 4));
    assert.notDeepEqual(a, syntheticRouterLogits(50, 6, 1, 5));
    assert.deepEqual(syntheticRouterLogits(20, 6, 0.5, 4, 8), syntheticRouterLogits(20, 6, 0.5, 4, 8));
    assert.throws(() => syntheticRouterLogits(5, 3, -1, 0), RangeError);
  });
  test("skew adds skew · z_j: column means ≈ skew · popularity, columns have unit variance", () => {
    const [tokens, experts, skew] = [4000, 5, 2];
    const z = expertPopularity(experts, 9);
    for (const dModel of [undefined, 16]) {
      const x = syntheticRouterLogits(tokens, experts, skew, 9, dModel);
      for (let j = 0; j < experts; j++) {
        let s = 0, ss = 0;
        for (let t = 0; t < tokens; t++) s += x[t * experts + j];
        const mean = s / tokens;
        for (let t = 0; t < tokens; t++) ss += (x[t * experts + j] - mean) ** 2;
        assert.ok(Math.abs(mean - skew * z[j]) < 0.1, `expert ${j}: mean ${mean} vs ${skew * z[j]}`);
        // dModel = 16 draws only 16 router columns, so its variance is |W_j|², near 1 but looser.
        assert.ok(Math.abs(ss / tokens - 1) < (dModel ? 0.8 : 0.1), `expert ${j}: variance ${ss / tokens}`);
      }
    }
  });
  test("skew 0 is unskewed; large skew concentrates top-1 load", () => {
    const load = (skew: number) => loadImbalance(expertLoad(top1Assignments(syntheticRouterLogits(2000, 8, skew, 2), 2000, 8), 8)).maxOverMean;
    assert.ok(load(0) < 1.2);
    assert.ok(load(3) > 2.5);
  });
  test("sentenceRouterLogits: the same word gets the same logits, case-insensitively", () => {
    const x = sentenceRouterLogits(["The", "cat", "saw", "the", "dog"], 8, 1);
    assert.ok(x instanceof Float32Array);
    assert.equal(x.length, 40);
    assert.deepEqual(x.subarray(0, 8), x.subarray(24, 32));
    assert.notDeepEqual(x.subarray(8, 16), x.subarray(32, 40));
    assert.deepEqual(x, sentenceRouterLogits(["the", "cat", "saw", "the", "dog"], 8, 1));
    assert.notDeepEqual(x, sentenceRouterLogits(["The", "cat", "saw", "the", "dog"], 8, 2));
    assert.ok(x.every(Number.isFinite));
  });
});

describe("MoE parameters and FLOPs", () => {
  test("hand-worked toy layer: d 2, FFN 3, not gated, 4 routed + 1 shared, top-2, 5 layers", () => {
    // per expert 2·2·3 = 12; total 5·(4+1)·12 = 300; active 5·(2+1)·12 = 180; router 5·2·4 = 40.
    assert.deepEqual(moeLayerParameters({dModel: 2, expertFfn: 3, gated: false, routedExperts: 4, sharedExperts: 1, topK: 2, layers: 5}), {
      perExpert: 12,
      totalExpertParameters: 300,
      activeExpertParameters: 180,
      routerParameters: 40
    });
    assert.equal(moeFlopsPerToken({dModel: 2, expertFfn: 3, gated: false, routedExperts: 4, sharedExperts: 1, topK: 2, layers: 5}), 360);
  });
  test("Mixtral 8x7B experts: 32 · 8 · 3 · 4096 · 14336 total, 32 · 2 · 3 · 4096 · 14336 active", () => {
    const mixtral = {dModel: 4096, expertFfn: 14336, gated: true, routedExperts: 8, topK: 2, layers: 32};
    const p = moeLayerParameters(mixtral);
    assert.equal(p.perExpert, 176_160_768);
    assert.equal(p.totalExpertParameters, 45_097_156_608);
    assert.equal(p.activeExpertParameters, 11_274_289_152);
    assert.equal(p.routerParameters, 32 * 4096 * 8);
    assert.equal(moeFlopsPerToken(mixtral), 22_548_578_304);
  });
  test("DeepSeek-V3 experts: 58 MoE layers of 256 routed + 1 shared, top-8, d 7168, FFN 2048", () => {
    // per expert 3·7168·2048 = 44,040,192; total 58·257·that; active 58·9·that.
    const p = moeLayerParameters({dModel: 7168, expertFfn: 2048, gated: true, routedExperts: 256, sharedExperts: 1, topK: 8, layers: 58});
    assert.equal(p.perExpert, 44_040_192);
    assert.equal(p.totalExpertParameters, 656_463_101_952);
    assert.equal(p.activeExpertParameters, 22_988_980_224);
  });
  test("rejects top-k above the expert count and non-integer sizes", () => {
    assert.throws(() => moeLayerParameters({dModel: 8, expertFfn: 8, gated: true, routedExperts: 2, topK: 3}), RangeError);
    assert.throws(() => moeLayerParameters({dModel: 8.5, expertFfn: 8, gated: true, routedExperts: 2, topK: 1}), RangeError);
  });
});
