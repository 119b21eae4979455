import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {parseParams} from "../../src/lib/params.js";
import {
  DEFAULT_SENTENCE,
  MAX_WORDS,
  MOE_PARAMS,
  SYNC_LOGIT_LIMIT,
  SYNC_TOKEN_LIMIT,
  presetFromModel,
  resolveBalanceSettings,
  resolveCalculatorSettings,
  resolveRouterSettings,
  tokenizeSentence,
  type MoeValues
} from "../../src/lib/moe-settings.js";
import {firstChoiceFractions, probabilityPass, routerLogits, runBalancing, runRouter, type RunConfig} from "../../src/components/moe-run.js";
import {auxLossBiasGradient, dispatchWithCapacity, expertCapacity, routeTopKFlat, softmaxRowsFlat, switchAuxLossFlat, syntheticRouterLogits, top1Assignments} from "../../src/lib/moe.js";

const defaults = parseParams("", MOE_PARAMS).values;
const withValues = (v: Partial<MoeValues>): MoeValues => ({...defaults, ...v});
const configOf = (v: Partial<MoeValues>): RunConfig => {
  const s = resolveRouterSettings(withValues(v));
  return {source: s.source, words: s.words, tokens: s.tokens, experts: s.experts, topK: s.topK, capacityFactor: s.capacityFactor, temperature: s.temperature, skew: s.skew, seed: s.seed};
};

describe("router settings", () => {
  test("defaults: the example sentence, 8 experts, top-2, no message", () => {
    const s = resolveRouterSettings(defaults);
    assert.deepEqual(s.words, tokenizeSentence(DEFAULT_SENTENCE));
    assert.equal(s.tokens, s.words.length);
    assert.equal(s.experts, 8);
    assert.equal(s.topK, 2);
    assert.deepEqual(s.messages, []);
    assert.equal(s.useWorker, false);
  });
  test("top-k is clamped to the number of experts, with a message", () => {
    const s = resolveRouterSettings(withValues({experts: 4, topk: 8}));
    assert.equal(s.topK, 4);
    assert.equal(s.messages.length, 1);
    assert.match(s.messages[0], /using k = 4/);
  });
  test("an empty or whitespace sentence gives a message and the example sentence", () => {
    for (const sentence of ["", "   \t "]) {
      const s = resolveRouterSettings(withValues({sentence}));
      assert.ok(s.words.length > 0);
      assert.match(s.messages.join(" "), /empty/);
    }
  });
  test("a long sentence is cut to MAX_WORDS tokens, with a message", () => {
    const s = resolveRouterSettings(withValues({sentence: Array.from({length: 100}, (_, i) => `w${i}`).join(" ")}));
    assert.equal(s.tokens, MAX_WORDS);
    assert.match(s.messages.join(" "), /first 64 of 100/);
  });
  test("synthetic batches above the sync limit go to the worker; sentences never do", () => {
    assert.equal(resolveRouterSettings(withValues({source: "synthetic", tokens: SYNC_TOKEN_LIMIT, experts: 64})).useWorker, false);
    assert.equal(resolveRouterSettings(withValues({source: "synthetic", tokens: SYNC_TOKEN_LIMIT, experts: 65})).useWorker, true, "more than 4,096 × 64 logits");
    assert.equal(resolveRouterSettings(withValues({source: "synthetic", tokens: 1024, experts: 256})).useWorker, false);
    const big = resolveRouterSettings(withValues({source: "synthetic", tokens: 100000}));
    assert.equal(big.useWorker, true);
    assert.equal(big.tokens, 100000);
    assert.deepEqual(big.words, []);
    assert.equal(resolveRouterSettings(withValues({tokens: 100000})).useWorker, false);
    assert.equal(SYNC_LOGIT_LIMIT, 4096 * 64);
  });
  test("tokenizer: words, punctuation and Han characters", () => {
    assert.deepEqual(tokenizeSentence("The cat's dinner, 混合专家!"), ["The", "cat's", "dinner", ",", "混", "合", "专", "家", "!"]);
    assert.deepEqual(tokenizeSentence("  "), []);
    assert.equal(tokenizeSentence("a".repeat(40))[0].length, 16);
  });
  test("garbage URL values become defaults or clamped values, and the settings stay finite", () => {
    const {values, messages} = parseParams("?experts=abc&topk=-3&tokens=1e308&cf=NaN&temp=0&sentence=%3Cscript%3E&source=evil&seed=-1", MOE_PARAMS);
    assert.equal(values.experts, 8);
    assert.equal(values.topk, 1);
    assert.equal(values.tokens, 100000);
    assert.equal(values.cf, 1.25);
    assert.equal(values.temp, 0.1);
    assert.equal(values.source, "sentence");
    assert.ok(!values.sentence.includes("<"));
    assert.ok(messages.length >= 7);
    const s = resolveRouterSettings(values);
    for (const x of [s.tokens, s.experts, s.topK, s.capacityFactor, s.temperature, s.seed]) assert.ok(Number.isFinite(x));
    assert.ok(s.words.length > 0);
  });
  test("any in-range values resolve to a routable configuration", () => {
    fc.assert(fc.property(fc.integer({min: 2, max: 256}), fc.integer({min: 1, max: 8}), fc.string({maxLength: 40}), (experts, topk, sentence) => {
      const s = resolveRouterSettings(withValues({experts, topk, sentence}));
      assert.ok(s.topK >= 1 && s.topK <= s.experts);
      assert.ok(s.tokens >= 1 && s.tokens <= MAX_WORDS);
    }));
  });
});

describe("balance and calculator settings", () => {
  test("the rate follows the method", () => {
    assert.deepEqual(resolveBalanceSettings({method: "aux-free", steps: 5, gamma: 0.2, lr: 30}), {method: "aux-free", steps: 5, rate: 0.2});
    assert.deepEqual(resolveBalanceSettings({method: "aux-loss", steps: 5, gamma: 0.2, lr: 30}), {method: "aux-loss", steps: 5, rate: 30});
  });
  test("calculator top-k is clamped to the routed experts", () => {
    const c = resolveCalculatorSettings({d: 512, ffn: 1024, gated: false, routed: 4, cshared: 1, ck: 16, layers: 2});
    assert.equal(c.topK, 4);
    assert.equal(c.messages.length, 1);
    assert.deepEqual(resolveCalculatorSettings(defaults).messages, []);
  });
  test("presets from model rows; dense rows give none", () => {
    const mixtral = {name: "Mixtral 8x7B", dModel: 4096, expertFfnDim: 14336, ffnGated: true, nRoutedExperts: 8, nSharedExperts: 0, topK: 2, moeLayers: 32};
    assert.deepEqual(presetFromModel(mixtral), {name: "Mixtral 8x7B", d: 4096, ffn: 14336, gated: true, routed: 8, cshared: 0, ck: 2, layers: 32});
    assert.equal(presetFromModel({...mixtral, nRoutedExperts: 0, moeLayers: 0, expertFfnDim: null}), null);
    const p = presetFromModel(mixtral)!;
    for (const key of ["d", "ffn", "routed", "cshared", "ck", "layers"] as const) {
      const spec = MOE_PARAMS[key];
      assert.ok(p[key] >= spec.min && p[key] <= spec.max, `${key} within the control's range`);
    }
  });
});

describe("router run (src/components/moe-run.ts)", () => {
  test("matches routeTopKFlat + dispatchWithCapacity + switchAuxLossFlat on a sentence", () => {
    const config = configOf({});
    const run = runRouter(config);
    const x = routerLogits(config);
    const routing = routeTopKFlat(x, config.tokens, config.experts, config.topK);
    const cap = expertCapacity(config.tokens, config.experts, config.topK, config.capacityFactor);
    const d = dispatchWithCapacity(routing.experts, config.tokens, config.experts, config.topK, cap);
    assert.equal(run.capacity, cap);
    assert.deepEqual([...run.demand], [...d.demand]);
    assert.deepEqual([...run.load], [...d.load]);
    assert.equal(run.droppedTokens, d.droppedTokens);
    const probs = softmaxRowsFlat(x, config.tokens, config.experts);
    const aux = switchAuxLossFlat(probs, config.tokens, config.experts, top1Assignments(x, config.tokens, config.experts));
    assert.ok(Math.abs(run.auxLoss - aux) < 1e-9);
    for (let t = 0; t < run.detail.count; t++) {
      const g = run.detail.gates.subarray(t * config.topK, (t + 1) * config.topK).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(g - 1) < 1e-9, "gates sum to 1");
    }
  });
  test("temperature changes the gates but not which experts are chosen", () => {
    const a = runRouter(configOf({temp: 1}));
    const b = runRouter(configOf({temp: 4}));
    assert.deepEqual([...a.detail.experts], [...b.detail.experts]);
    assert.ok(b.detail.gates[0] < a.detail.gates[0], "a hotter router gives flatter gates");
  });
  test("the same word always goes to the same experts", () => {
    const run = runRouter(configOf({sentence: "the cat the dog the"}));
    const k = run.topK;
    const row = (t: number) => [...run.detail.experts.subarray(t * k, (t + 1) * k)];
    assert.deepEqual(row(0), row(2));
    assert.deepEqual(row(0), row(4));
  });
  test("a capacity factor of 0.5 drops assignments; 4 with 8 experts and k = 2 drops none", () => {
    assert.ok(runRouter(configOf({source: "synthetic", tokens: 512, cf: 0.5})).droppedAssignments > 0);
    assert.equal(runRouter(configOf({source: "synthetic", tokens: 512, cf: 4})).droppedAssignments, 0);
  });
  test("a top-k or capacity change reuses the batch's logits and P; the result equals a fresh run's", () => {
    const config = configOf({source: "synthetic", tokens: 1024, experts: 64, topk: 2});
    const changed = {...config, topK: 4, capacityFactor: 0.75};
    runRouter(config);
    const reused = runRouter(changed);
    assert.equal(reused.timings.reused, true);
    assert.equal(reused.timings.logits, 0);
    runRouter({...config, seed: config.seed + 1}); // evict
    const fresh = runRouter(changed);
    assert.equal(fresh.timings.reused, false);
    assert.deepEqual([...reused.demand], [...fresh.demand]);
    assert.deepEqual([...reused.load], [...fresh.load]);
    assert.equal(reused.auxLoss, fresh.auxLoss);
    assert.deepEqual([...reused.detail.gates], [...fresh.detail.gates]);
    assert.equal(runRouter({...changed, temperature: 2}).timings.reused, false, "temperature changes the logits");
  });
  test("switching the source and back reuses each source's batch; the results equal fresh runs", () => {
    const sentence = configOf({sentence: "experts take turns routing every token", experts: 64, topk: 4});
    const synthetic = configOf({source: "synthetic", tokens: 512, experts: 64, topk: 4});
    const first = runRouter(sentence);
    assert.equal(runRouter(synthetic).timings.reused, false);
    const back = runRouter(sentence);
    assert.equal(back.timings.reused, true, "the sentence's batch was kept while the synthetic one ran");
    assert.deepEqual([...back.detail.gates], [...first.detail.gates]);
    assert.deepEqual([...back.demand], [...first.demand]);
    assert.equal(runRouter(synthetic).timings.reused, true, "and the synthetic one while the sentence ran");
    assert.equal(runRouter({...synthetic, seed: synthetic.seed + 1}).timings.reused, false, "a new synthetic batch replaces the kept one");
    assert.equal(runRouter(synthetic).timings.reused, false);
  });
  test("the chunked gradient equals auxLossBiasGradient", () => {
    const T = 300, N = 6;
    const x = syntheticRouterLogits(T, N, 1, 3);
    const bias = Float64Array.from({length: N}, (_, i) => 0.1 * i - 0.2);
    const routing = routeTopKFlat(x, T, N, 2, {selectionBias: bias});
    const f = firstChoiceFractions(routing, T, N, 2);
    const pass = probabilityPass(x, T, N, bias, f);
    const expected = auxLossBiasGradient(softmaxRowsFlat(x, T, N, {bias}), T, N, f);
    for (let j = 0; j < N; j++) assert.ok(Math.abs(pass.gradient![j] - expected[j]) < 1e-12);
  });
  test("both balancing methods lower max/mean load and drops on a skewed batch", () => {
    const config = configOf({source: "synthetic", tokens: 2048, experts: 16, skew: 1});
    for (const [method, rate] of [["aux-free", 0.1], ["aux-loss", 10]] as const) {
      const b = runBalancing(config, method, 20, rate);
      assert.equal(b.steps.length, 21);
      const first = b.steps[0], last = b.steps[20];
      assert.ok(last.maxOverMean < first.maxOverMean * 0.7, `${method}: ${first.maxOverMean} → ${last.maxOverMean}`);
      assert.ok(last.droppedTokens <= first.droppedTokens, `${method}: drops ${first.droppedTokens} → ${last.droppedTokens}`);
      assert.deepEqual([...b.before.demand], [...runRouter(config).demand]);
    }
  });
});
