import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  attentionCoreFlops, attentionFlopShare, attentionHbmElements, attentionScoreMemory, decodeFlopsPerToken, decodeStep,
  decodeTokensPerSecond, kvAllocation, kvCacheBytes, kvCacheBytesPerToken, maxContextThatFits, prefillFlops, requestLengths,
  ridgeIntensity, type VariantShape
} from "../../src/lib/inference.js";
import {activeMatmulParameters, parameterCounts} from "../../src/lib/models.js";
import {model} from "./fixtures/models.js";

describe("KV cache per token, against published figures", () => {
  test("Llama 2 7B (MHA, 32 layers × 32 heads × 128): 2·32·32·128·2 B = 0.5 MiB in BF16", () => {
    assert.equal(kvCacheBytesPerToken(model("Llama 2 7B"), 2), 524_288);
    // A full 4,096-token context: 2 GiB per sequence.
    assert.equal(kvCacheBytes(model("Llama 2 7B"), 4096, 2), 2 * 2 ** 30);
  });
  test("Llama 3 70B (GQA, 8 KV heads): 2·80·8·128·2 B = 320 KiB", () => {
    assert.equal(kvCacheBytesPerToken(model("Llama 3 70B"), 2), 327_680);
  });
  test("GQA cuts Llama 2 70B's cache 8× against an MHA model of the same shape", () => {
    const gqa = model("Llama 2 70B");
    const mha = {...gqa, attention: "MHA" as const, nKvHeads: gqa.nHeads};
    assert.equal(kvCacheBytesPerToken(mha, 2) / kvCacheBytesPerToken(gqa, 2), 8);
    const mqa = {...gqa, attention: "MQA" as const, nKvHeads: 1};
    assert.equal(kvCacheBytesPerToken(mha, 2) / kvCacheBytesPerToken(mqa, 2), 64);
  });
  test("DeepSeek-V2 MLA caches (d_c + d_rope)·layers = (512 + 64)·60 elements per token (DeepSeek-V2 Table 1)", () => {
    assert.equal(kvCacheBytesPerToken(model("DeepSeek-V2"), 1), 576 * 60);
    // DeepSeek-V2 §2.1.4: equivalent to GQA with 2.25 groups — 4.5·d_h·l with d_h = 128.
    assert.equal(kvCacheBytesPerToken(model("DeepSeek-V2"), 1), 4.5 * 128 * 60);
  });
  test("Mistral 7B: every layer has a 4,096-token window, so the cache stops growing there", () => {
    const m = model("Mistral 7B");
    assert.equal(kvCacheBytes(m, 32_768, 2), kvCacheBytes(m, 4096, 2));
    assert.equal(kvCacheBytes(m, 1000, 2), 1000 * kvCacheBytesPerToken(m, 2));
  });
  test("gpt-oss-120b: half its layers use a 128-token window", () => {
    const m = model("gpt-oss-120b");
    const perLayer = 2 * 8 * 64 * 2;
    assert.equal(kvCacheBytes(m, 100_000, 2), perLayer * (18 * 100_000 + 18 * 128));
  });
  test("property: INT4 halves INT8's cache; cache grows linearly for full-attention models", () => {
    const m = model("Llama 3 8B");
    fc.assert(fc.property(fc.integer({min: 1, max: 1e6}), (n) => {
      assert.equal(kvCacheBytes(m, n, 0.5) * 2, kvCacheBytes(m, n, 1));
      assert.equal(kvCacheBytes(m, 2 * n, 2), 2 * kvCacheBytes(m, n, 2));
    }));
  });
});

describe("FLOPs per token", () => {
  test("decode ≈ 2N at short context (Kaplan et al. 2020): Llama 3 70B", () => {
    const m = model("Llama 3 70B");
    const f = decodeFlopsPerToken(m, 1);
    const n = activeMatmulParameters(m);
    assert.ok(f > 2 * n && f < 2 * n * 1.0001);
  });
  test("hand-worked context term: GPT-2 small at 1,024 tokens adds 2·12 heads·(64+64)·12 layers·1024", () => {
    const m = model("GPT-2 small");
    assert.equal(decodeFlopsPerToken(m, 1024) - decodeFlopsPerToken(m, 0), 2 * 12 * 128 * 12 * 1024);
  });
  test("prefill of n tokens with a causal mask sums contexts 1..n", () => {
    const m = model("Llama 2 7B");
    const n = 100;
    let sum = 0;
    for (let i = 1; i <= n; i++) sum += decodeFlopsPerToken(m, i);
    assert.ok(Math.abs(prefillFlops(m, n) - sum) < 1e-6 * sum);
  });
  test("attention's share grows with context and passes half for Llama 2 7B well before 128K", () => {
    const m = model("Llama 2 7B");
    assert.ok(attentionFlopShare(m, 1024) < 0.1);
    assert.ok(attentionFlopShare(m, 131_072) > 0.5);
  });
});

describe("attention variants", () => {
  const s: VariantShape = {heads: 32, headDim: 128, window: 4096, globalTokens: 64, bytesPerElement: 2};
  test("hand-worked: full attention at n = 1024 is 4·1024²·32·128 FLOPs and 32·1024²·2 bytes of scores", () => {
    assert.equal(attentionCoreFlops("full", 1024, s), 4 * 1024 ** 2 * 4096);
    assert.equal(attentionScoreMemory("full", 1024, s), 32 * 1024 ** 2 * 2);
  });
  test("property: doubling n quadruples full attention's score memory and doubles linear attention's", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 1 << 20}), (n) => {
      assert.equal(attentionScoreMemory("full", 2 * n, s), 4 * attentionScoreMemory("full", n, s));
      assert.equal(attentionScoreMemory("linear", 2 * n, s), 2 * attentionScoreMemory("linear", n, s));
      assert.equal(attentionScoreMemory("flash", 2 * n, s), 2 * attentionScoreMemory("flash", n, s));
      assert.equal(attentionCoreFlops("flash", n, s), attentionCoreFlops("full", n, s));
    }));
  });
  test("property: past the window, a sliding window's cost per token is flat", () => {
    fc.assert(fc.property(fc.integer({min: s.window, max: 1 << 20}), (n) => {
      assert.equal(attentionCoreFlops("sliding", 2 * n, s) / (2 * n), attentionCoreFlops("sliding", n, s) / n);
      assert.equal(attentionScoreMemory("sliding", 2 * n, s), 2 * attentionScoreMemory("sliding", n, s));
    }));
  });
  test("below the window a sliding window equals full attention", () => {
    assert.equal(attentionCoreFlops("sliding", 2048, s), attentionCoreFlops("full", 2048, s));
  });
});

describe("FlashAttention HBM traffic (Dao et al. 2022)", () => {
  test("standard attention moves 4Nd + 4N² elements (hand-worked N = 1024, d = 64)", () => {
    assert.equal(attentionHbmElements("standard", 1024, 64, 0), 4 * 1024 * 64 + 4 * 1024 ** 2);
  });
  test("FlashAttention with M = 100K elements: B_c = ⌈M/4d⌉, T_c = ⌈N/B_c⌉, traffic 2Nd + 3·T_c·N·d", () => {
    const bc = Math.ceil(100_000 / 256); // 391
    const tc = Math.ceil(4096 / bc); // 11
    assert.equal(attentionHbmElements("flash", 4096, 64, 100_000), 2 * 4096 * 64 + 3 * tc * 4096 * 64);
    assert.ok(attentionHbmElements("flash", 4096, 64, 100_000) < attentionHbmElements("standard", 4096, 64, 0) / 5);
  });
});

describe("roofline and memory limits", () => {
  const h100 = {peak: 989.5e12, bandwidth: 3.35e12, memory: 80e9};
  test("H100 SXM ridge point ≈ 295 FLOPs/byte", () => {
    assert.ok(Math.abs(ridgeIntensity(h100.peak, h100.bandwidth) - 295.4) < 0.1);
  });
  test("batch-1 decode of Llama 2 7B is memory-bound: intensity ≈ 1 FLOP/byte in BF16", () => {
    const step = decodeStep(model("Llama 2 7B"), 512, 1, 2, 2);
    assert.ok(step.intensity > 0.9 && step.intensity < 1.1, `${step.intensity}`);
    // Bandwidth bound: 3.35 TB/s over ~13.5 GB of weights + cache ≈ 245 tokens/s.
    const tps = decodeTokensPerSecond(step, 1, h100.peak, h100.bandwidth);
    assert.ok(Math.abs(tps - h100.bandwidth / step.bytes) < 1e-9);
    assert.ok(tps > 200 && tps < 260);
  });
  test("a longer context fits only while weights + cache ≤ memory", () => {
    const m = model("Llama 2 7B");
    const n = maxContextThatFits(m, h100.memory, 1, 2, 2);
    const weights = parameterCounts(m).total * 2;
    assert.ok(weights + kvCacheBytes(m, n, 2) <= h100.memory);
    assert.ok(weights + kvCacheBytes(m, n + 1, 2) > h100.memory);
    assert.equal(maxContextThatFits(model("Llama 3 70B"), h100.memory, 1, 2, 2), 0, "140 GB of weights do not fit in 80 GB");
  });
});

describe("PagedAttention allocation", () => {
  test("hand-worked: lengths 100 and 300, max 2048, pages of 16", () => {
    const a = kvAllocation([100, 300], 2048, 16);
    assert.equal(a.usedTokens, 400);
    assert.equal(a.staticReservedTokens, 4096);
    assert.equal(a.pagedReservedTokens, 112 + 304);
    assert.ok(Math.abs(a.staticWaste - (1 - 400 / 4096)) < 1e-12);
  });
  test("property: paged waste is under one page per request and, with pages dividing the max length, never above static waste", () => {
    fc.assert(fc.property(fc.array(fc.integer({min: 1, max: 4096}), {minLength: 1, maxLength: 50}), fc.integer({min: 0, max: 8}), (lengths, log2Page) => {
      const page = 2 ** log2Page;
      const a = kvAllocation(lengths, 4096, page);
      assert.ok(a.pagedReservedTokens - a.usedTokens < lengths.length * page);
      assert.ok(a.pagedWaste <= a.staticWaste + 1e-12);
    }));
  });
  test("request lengths are deterministic, capped, with the requested median", () => {
    const xs = requestLengths(2001, 500, 1, 4096, 7);
    assert.deepEqual(xs, requestLengths(2001, 500, 1, 4096, 7));
    assert.ok(xs.every((x) => x >= 1 && x <= 4096));
    const median = [...xs].sort((a, b) => a - b)[1000];
    assert.ok(median > 430 && median < 580, `median ${median}`);
  });
});
