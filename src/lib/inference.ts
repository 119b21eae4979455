/**
 * What attention costs at inference: KV cache, FLOPs per token for prefill and decode,
 * attention-variant cost curves, FlashAttention's memory traffic, the roofline and
 * PagedAttention's allocation. FLOPs count a multiply-add as 2; memory is in bytes.
 */
import {activeMatmulParameters, parameterCounts, type ModelConfig} from "./models.js";
import {uniformGenerator} from "./random.js";

/** Bytes per element of common number formats. */
export const DTYPE_BYTES = {fp32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5} as const;
export type Dtype = keyof typeof DTYPE_BYTES;

/** Elements one layer caches per token: K and V for each KV head, or MLA's compressed latent plus the shared RoPE key. */
export function kvElementsPerTokenPerLayer(m: ModelConfig): number {
  if (m.attention === "MLA") return (m.kvLoraRank ?? 0) + (m.qkRopeHeadDim ?? 0);
  return 2 * m.nKvHeads * m.headDim;
}

/**
 * KV-cache bytes per token of context while every layer still holds it (context ≤ any
 * sliding window): layers × elements per layer × bytes per element. MHA: 2·h·d_head;
 * GQA/MQA: 2·h_kv·d_head; MLA: d_c + d_rope (DeepSeek-V2 §2.1.4).
 */
export function kvCacheBytesPerToken(m: ModelConfig, bytesPerElement: number): number {
  return m.nLayers * kvElementsPerTokenPerLayer(m) * bytesPerElement;
}

/** KV-cache bytes for one sequence of `context` tokens: sliding-window layers keep only the last `window` tokens. */
export function kvCacheBytes(m: ModelConfig, context: number, bytesPerElement: number): number {
  const perLayerToken = kvElementsPerTokenPerLayer(m) * bytesPerElement;
  const windowLayers = m.slidingWindow ? m.slidingWindowLayers : 0;
  const fullLayers = m.nLayers - windowLayers;
  const windowed = m.slidingWindow ? Math.min(context, m.slidingWindow) : context;
  return perLayerToken * (fullLayers * context + windowLayers * windowed);
}

/** Tokens each layer's query looks at, at a given context, summed over layers. */
function attendedTokensAllLayers(m: ModelConfig, context: number): number {
  const windowLayers = m.slidingWindow ? m.slidingWindowLayers : 0;
  const windowed = m.slidingWindow ? Math.min(context, m.slidingWindow) : context;
  return (m.nLayers - windowLayers) * context + windowLayers * windowed;
}

/** Width of q·k (per head) and of the value vectors. */
function attentionWidths(m: ModelConfig): {qk: number; v: number} {
  return {qk: m.headDim, v: m.attention === "MLA" ? (m.vHeadDim ?? m.headDim) : m.headDim};
}

/**
 * FLOPs to generate one token with `context` tokens already cached:
 * 2·N (matmul parameters, Kaplan et al. 2020 Table 1) + the attention context term
 * 2·h·(d_qk + d_v) per attended token per layer (QKᵀ and AV).
 */
export function decodeFlopsPerToken(m: ModelConfig, context: number): number {
  const {qk, v} = attentionWidths(m);
  return 2 * activeMatmulParameters(m) + 2 * m.nHeads * (qk + v) * attendedTokensAllLayers(m, context);
}

/** The attention-context part of decodeFlopsPerToken alone. */
export function attentionContextFlopsPerToken(m: ModelConfig, context: number): number {
  const {qk, v} = attentionWidths(m);
  return 2 * m.nHeads * (qk + v) * attendedTokensAllLayers(m, context);
}

/**
 * FLOPs to prefill a prompt of n tokens with a causal mask (token i attends to i + 1
 * tokens, so the attention term sums to n(n+1)/2 per full layer): 2·N·n + attention.
 */
export function prefillFlops(m: ModelConfig, n: number): number {
  const {qk, v} = attentionWidths(m);
  const windowLayers = m.slidingWindow ? m.slidingWindowLayers : 0;
  const w = m.slidingWindow ?? n;
  const causalPairs = (n * (n + 1)) / 2;
  const windowPairs = n <= w ? causalPairs : (w * (w + 1)) / 2 + (n - w) * w;
  const pairs = (m.nLayers - windowLayers) * causalPairs + windowLayers * windowPairs;
  return 2 * activeMatmulParameters(m) * n + 2 * m.nHeads * (qk + v) * pairs;
}

/** Share of a decode step's FLOPs spent in attention's context term (0–1). */
export function attentionFlopShare(m: ModelConfig, context: number): number {
  return attentionContextFlopsPerToken(m, context) / decodeFlopsPerToken(m, context);
}

/** Weight bytes: every parameter at `bytesPerParameter`. */
export function weightBytes(m: ModelConfig, bytesPerParameter: number): number {
  return parameterCounts(m).total * bytesPerParameter;
}

/**
 * The longest context (tokens, per sequence) at which weights plus a batch's KV cache
 * fit in `memoryBytes`; 0 when the weights alone do not fit. Found by bisection, since
 * sliding windows make the cache piecewise linear.
 */
export function maxContextThatFits(m: ModelConfig, memoryBytes: number, batch: number, weightBytesPerParameter: number, cacheBytesPerElement: number): number {
  const free = memoryBytes - weightBytes(m, weightBytesPerParameter);
  if (free <= 0) return 0;
  const fits = (n: number) => batch * kvCacheBytes(m, n, cacheBytesPerElement) <= free;
  let lo = 0;
  let hi = 1;
  while (fits(hi) && hi < 2 ** 40) {
    lo = hi;
    hi *= 2;
  }
  if (fits(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

// --- Attention variants, per layer and per sequence -------------------------------------

export type AttentionVariant = "full" | "flash" | "sliding" | "blockSparse" | "linear";

export interface VariantShape {
  /** Query heads and per-head dimension. */
  heads: number;
  headDim: number;
  /** Local window (sliding window and block-sparse local part), tokens. */
  window: number;
  /** Global tokens of block-sparse attention (BigBird/Longformer style). */
  globalTokens: number;
  bytesPerElement: number;
}

/**
 * FLOPs of one attention layer's core (QKᵀ and AV, no projections) over n tokens,
 * counting every computed score (no causal skipping):
 * full / FlashAttention: 4·n²·h·d (FlashAttention computes the same exact attention);
 * sliding window w: 4·n·min(n, w)·h·d;
 * block-sparse: each token sees min(n, w + g) keys and g global tokens see all n: 4·h·d·(n·min(n, w+g) + g·n);
 * linear attention (Katharopoulos et al. 2020): φ(K)ᵀV and φ(Q)·state, 4·n·h·d².
 */
export function attentionCoreFlops(variant: AttentionVariant, n: number, s: VariantShape): number {
  const hd = s.heads * s.headDim;
  switch (variant) {
    case "full":
    case "flash":
      return 4 * n * n * hd;
    case "sliding":
      return 4 * n * Math.min(n, s.window) * hd;
    case "blockSparse": {
      const g = Math.min(s.globalTokens, n);
      return 4 * hd * (n * Math.min(n, s.window + g) + g * n);
    }
    case "linear":
      return 4 * n * s.heads * s.headDim * s.headDim;
  }
}

/**
 * Bytes of attention-specific intermediate memory for one layer and one sequence:
 * full attention materialises the h × n × n score matrix; FlashAttention keeps only its
 * output and two softmax statistics per row (fp32), never the n × n matrix; a sliding
 * window stores n × min(n, w) scores per head; block-sparse stores its nonzero blocks;
 * linear attention never forms scores: it keeps the feature-mapped keys φ(K) (n × d per
 * head) beside a constant d × d state, so its memory grows linearly.
 */
export function attentionScoreMemory(variant: AttentionVariant, n: number, s: VariantShape): number {
  const b = s.bytesPerElement;
  switch (variant) {
    case "full":
      return s.heads * n * n * b;
    case "flash":
      return s.heads * n * (s.headDim * b + 2 * 4);
    case "sliding":
      return s.heads * n * Math.min(n, s.window) * b;
    case "blockSparse": {
      const g = Math.min(s.globalTokens, n);
      return s.heads * (n * Math.min(n, s.window + g) + g * n) * b;
    }
    case "linear":
      return s.heads * n * s.headDim * b;
  }
}

/**
 * HBM traffic of one attention head in elements (Dao et al. 2022, §3.2 and Theorem 2).
 * Standard attention (their Algorithm 0) reads Q, K, writes S, reads S, writes P, reads
 * P and V, writes O: 4·N·d + 4·N². FlashAttention reads K and V once and, for each of
 * T_c = ⌈N / B_c⌉ column blocks (B_c = ⌈M / 4d⌉ with M the on-chip SRAM in elements),
 * reads Q and reads and writes O: 2·N·d + 3·T_c·N·d = Θ(N²d²/M).
 */
export function attentionHbmElements(variant: "standard" | "flash", n: number, headDim: number, sramElements: number): number {
  if (variant === "standard") return 4 * n * headDim + 4 * n * n;
  const bc = Math.max(1, Math.ceil(sramElements / (4 * headDim)));
  const tc = Math.ceil(n / bc);
  return 2 * n * headDim + 3 * tc * n * headDim;
}

// --- Roofline -----------------------------------------------------------------------------

export interface RooflinePoint {
  flops: number;
  bytes: number;
  /** FLOPs per byte moved. */
  intensity: number;
}

/**
 * One decode step for a batch: every sequence produces one token. Weights are read once
 * per step (MoE: the experts the batch touches, at most all of them); each sequence reads
 * its KV cache.
 */
export function decodeStep(m: ModelConfig, context: number, batch: number, weightBytesPerParameter: number, cacheBytesPerElement: number): RooflinePoint {
  const counts = parameterCounts(m);
  const touched = Math.min(counts.total, counts.active + (batch - 1) * counts.breakdown.activeRoutedExperts);
  const bytes = touched * weightBytesPerParameter + batch * kvCacheBytes(m, context, cacheBytesPerElement);
  const flops = batch * decodeFlopsPerToken(m, context);
  return {flops, bytes, intensity: flops / bytes};
}

/** Prefill of a batch of n-token prompts: weights read once, KV cache written. */
export function prefillStep(m: ModelConfig, n: number, batch: number, weightBytesPerParameter: number, cacheBytesPerElement: number): RooflinePoint {
  const counts = parameterCounts(m);
  const bytes = counts.total * weightBytesPerParameter + batch * kvCacheBytes(m, n, cacheBytesPerElement);
  const flops = batch * prefillFlops(m, n);
  return {flops, bytes, intensity: flops / bytes};
}

/** Attainable FLOP/s under the roofline: min(peak, intensity × bandwidth). */
export function attainableFlopsPerSecond(intensity: number, peakFlopsPerSecond: number, bandwidthBytesPerSecond: number): number {
  return Math.min(peakFlopsPerSecond, intensity * bandwidthBytesPerSecond);
}

/** The ridge point: the intensity (FLOPs/byte) at which a kernel stops being memory-bound. */
export function ridgeIntensity(peakFlopsPerSecond: number, bandwidthBytesPerSecond: number): number {
  return peakFlopsPerSecond / bandwidthBytesPerSecond;
}

/** Tokens per second of a decode step under the roofline (batch tokens per step time). */
export function decodeTokensPerSecond(step: RooflinePoint, batch: number, peakFlopsPerSecond: number, bandwidthBytesPerSecond: number): number {
  const seconds = Math.max(step.flops / peakFlopsPerSecond, step.bytes / bandwidthBytesPerSecond);
  return batch / seconds;
}

// --- PagedAttention -----------------------------------------------------------------------

/**
 * Request lengths (prompt + output tokens) drawn from a log-normal distribution with the
 * given median and log-space spread σ, capped at `maxLength`; deterministic by seed.
 */
export function requestLengths(count: number, median: number, sigma: number, maxLength: number, seed: number): number[] {
  const uniform = uniformGenerator(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = 1 - uniform();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    out.push(Math.max(1, Math.min(maxLength, Math.round(median * Math.exp(sigma * z)))));
  }
  return out;
}

export interface KvAllocation {
  /** Tokens actually holding KV data. */
  usedTokens: number;
  /** Tokens reserved by a per-request max-length allocation. */
  staticReservedTokens: number;
  /** Tokens reserved by pages of `pageSize` tokens (PagedAttention, Kwon et al. 2023). */
  pagedReservedTokens: number;
  /** Fraction of reserved memory that is wasted, 0–1. */
  staticWaste: number;
  pagedWaste: number;
}

/** Memory a batch of requests reserves under static max-length allocation vs pages of `pageSize` tokens. */
export function kvAllocation(lengths: number[], maxLength: number, pageSize: number): KvAllocation {
  let used = 0;
  let paged = 0;
  for (const len of lengths) {
    used += len;
    paged += Math.ceil(len / pageSize) * pageSize;
  }
  const staticReserved = lengths.length * maxLength;
  return {
    usedTokens: used,
    staticReservedTokens: staticReserved,
    pagedReservedTokens: paged,
    staticWaste: staticReserved ? 1 - used / staticReserved : 0,
    pagedWaste: paged ? 1 - used / paged : 0
  };
}
