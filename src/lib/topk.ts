/**
 * Top-k expert selection, the hot loop of MoE routing: per token, the indices of the k highest
 * scores (score = logit + optional per-expert bias), best first, ties to the lower index, and
 * the chosen experts' logits. Two implementations of one rule: `topKScan` (JavaScript, any
 * float array) and `topKWasm` (WebAssembly SIMD from src/lib/topk.wat, float32 logits; about
 * 2.5× faster on 100,000 × 256, and it copies the chosen logits while each row is in cache, so
 * the gates need not revisit the batch). tests/unit/topk.test.ts checks they agree exactly.
 */
import {TOPK_WASM_BASE64} from "./topk-wasm.js";

/** A row-major batch of scores. */
export type FloatArray = Float32Array | Float64Array;

/** Per token (row-major, tokens × k): the chosen experts, best first, and their logits (without bias). */
export interface TopK {
  indices: Int32Array;
  logits: FloatArray;
}

/**
 * The k best experts of each row of a row-major tokens × experts batch, and their logits.
 * One pass per row keeping a buffer of the best k sorted by score: a score enters only if it
 * beats the current k-th best, about k·ln(N/k) times per row for random logits (O(N·k) worst
 * case); no full sort. NaN scores count as −∞.
 */
export function topKScan(logits: FloatArray, tokens: number, experts: number, k: number, bias: Float64Array | null): TopK {
  const chosen = new Int32Array(tokens * k);
  const values = new Float64Array(tokens * k);
  const bestScore = new Float64Array(k);
  const last = k - 1;
  for (let t = 0; t < tokens; t++) {
    const base = t * experts;
    const out = t * k;
    // Fill the buffer with the first k experts, sorted descending (NaN counts as −∞) …
    for (let j = 0; j < k; j++) {
      let s = bias === null ? logits[base + j] : logits[base + j] + bias[j];
      if (s !== s) s = -Infinity;
      insertBest(bestScore, chosen, out, j, s, j);
    }
    // … then admit only scores strictly above the current k-th best (so an equal score keeps
    // the lower index; NaN compares false and is never admitted).
    let threshold = bestScore[last];
    for (let j = k; j < experts; j++) {
      const s = bias === null ? logits[base + j] : logits[base + j] + bias[j];
      if (!(s > threshold)) continue;
      insertBest(bestScore, chosen, out, last, s, j);
      threshold = bestScore[last];
    }
    for (let r = 0; r < k; r++) values[out + r] = logits[base + chosen[out + r]];
  }
  return {indices: chosen, logits: values};
}

/** Put expert j (score s) at slot `from` of a row's best-first buffer or higher, shifting worse entries down. */
function insertBest(bestScore: Float64Array, chosen: Int32Array, out: number, from: number, s: number, j: number): void {
  let p = from;
  while (p > 0 && bestScore[p - 1] < s) {
    bestScore[p] = bestScore[p - 1];
    chosen[out + p] = chosen[out + p - 1];
    p--;
  }
  bestScore[p] = s;
  chosen[out + p] = j;
}

interface TopKKernel {
  memory: WebAssembly.Memory;
  topk(tokens: number, experts: number, k: number, bias: number, plain: number, out: number, vals: number, buf: number): void;
}

let kernel: TopKKernel | null | undefined;

/** The instantiated WebAssembly kernel, or null where WebAssembly SIMD is unavailable. */
function topKKernel(): TopKKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(TOPK_WASM_BASE64), (c) => c.charCodeAt(0));
    // Synchronous compilation: the module is ~2.8 KB, under Chromium's 4 KB main-thread limit.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = instance.exports as unknown as TopKKernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * `topKScan` for float32 logits, in WebAssembly SIMD (logits and bias are copied into
 * its memory, which grows to fit and is reused). Null where WebAssembly SIMD is unavailable.
 */
export function topKWasm(logits: Float32Array, tokens: number, experts: number, k: number, bias: Float64Array | null): TopK | null {
  const wasm = topKKernel();
  if (wasm === null) return null;
  const biasAt = align16(tokens * experts * 4);
  const outAt = align16(biasAt + experts * 8);
  const valsAt = align16(outAt + tokens * k * 4);
  const bufAt = align16(valsAt + tokens * k * 4);
  const end = bufAt + 128 + k * 8;
  const have = wasm.memory.buffer.byteLength;
  if (end > have) {
    try {
      wasm.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return null; // more than the engine lets one WebAssembly memory hold
    }
  }
  new Float32Array(wasm.memory.buffer, 0, tokens * experts).set(logits);
  const b = new Float64Array(wasm.memory.buffer, biasAt, experts);
  if (bias === null) b.fill(0);
  else b.set(bias);
  // plain = 1: no bias, so the kernel compares the float32 logits directly (the same scores).
  wasm.topk(tokens, experts, k, biasAt, bias === null ? 1 : 0, outAt, valsAt, bufAt);
  return {
    indices: new Int32Array(wasm.memory.buffer, outAt, tokens * k).slice(),
    logits: new Float32Array(wasm.memory.buffer, valsAt, tokens * k).slice()
  };
}
