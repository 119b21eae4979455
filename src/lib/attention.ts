/**
 * Scaled dot-product and multi-head attention (Vaswani et al. 2017, §3.2), computed
 * exactly on small matrices. Rows are tokens; columns are features.
 */
import {gammaSample, gaussianMatrix, hashString, normalGenerator, uniformGenerator} from "./random.js";
import {concatColumns, dot, matmul, sliceColumns, type Matrix} from "./matrix.js";

/**
 * softmax(x)_i = exp(x_i − max x) / Σ_j exp(x_j − max x).
 * Subtracting the maximum keeps it finite for logits of ±1e4; −Infinity entries
 * (masked positions) get weight 0. A row that is entirely −Infinity has no defined
 * softmax and returns all zeros.
 */
export function softmax(xs: number[]): number[] {
  let max = -Infinity;
  for (const x of xs) if (x > max) max = x;
  if (max === -Infinity) return xs.map(() => 0);
  const exps = xs.map((x) => (x === -Infinity ? 0 : Math.exp(x - max)));
  let sum = 0;
  for (const e of exps) sum += e;
  return exps.map((e) => e / sum);
}

export interface AttentionOptions {
  /** Hide future tokens: token i attends only to tokens j ≤ i. */
  causal?: boolean;
  /** Softmax temperature T: weights = softmax(scores / T). Default 1. */
  temperature?: number;
}

export interface AttentionResult {
  /** QKᵀ/√d_k before softmax; masked entries are −Infinity. */
  scores: number[][];
  /** softmax of each row of scores / T; each row sums to 1. */
  weights: number[][];
  /** weights · V. */
  output: number[][];
}

/** Attention(Q, K, V) = softmax(QKᵀ/√d_k) V, with an optional causal mask and temperature. */
export function scaledDotProductAttention(
  q: number[][],
  k: number[][],
  v: number[][],
  options: AttentionOptions = {}
): AttentionResult {
  const {causal = false, temperature = 1} = options;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError("temperature must be a positive number");
  if (k.length !== v.length) throw new RangeError("K and V need the same number of rows");
  const dk = k.length > 0 ? k[0].length : q.length > 0 ? q[0].length : 1;
  const scale = 1 / Math.sqrt(dk);
  const scores = q.map((qi, i) => k.map((kj, j) => (causal && j > i ? -Infinity : dot(qi, kj) * scale)));
  const weights = scores.map((row) => softmax(temperature === 1 ? row : row.map((s) => s / temperature)));
  const output = matmul(weights, v);
  return {scores, weights, output};
}

/** Sinusoidal positional encoding (Vaswani et al. 2017, §3.5): PE(pos, 2i) = sin(pos / 10000^{2i/d}). */
export function sinusoidalPositions(count: number, width: number): Matrix {
  return Array.from({length: count}, (_, pos) =>
    Array.from({length: width}, (_, i) => {
      const angle = pos / Math.pow(10000, (2 * Math.floor(i / 2)) / width);
      return i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    })
  );
}

/**
 * A deterministic stand-in for a learned embedding: each word maps to N(0, 1)
 * entries seeded by the word and the seed, so the same word always gets the same vector.
 */
export function tokenEmbeddings(tokens: string[], width: number, seed: number): Matrix {
  return tokens.map((token) => {
    const normal = normalGenerator(hashString(token.toLowerCase()) ^ Math.imul(seed + 1, 0x9e3779b1));
    return Array.from({length: width}, () => normal());
  });
}

export interface ProjectionWeights {
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
  wo: Matrix;
}

/** Random projections W_Q, W_K, W_V, W_O (d_model × d_model) with N(0, 1/d_model) entries. */
export function projectionWeights(width: number, seed: number): ProjectionWeights {
  const scale = 1 / Math.sqrt(width);
  return {
    wq: gaussianMatrix(width, width, seed * 4 + 1, scale),
    wk: gaussianMatrix(width, width, seed * 4 + 2, scale),
    wv: gaussianMatrix(width, width, seed * 4 + 3, scale),
    wo: gaussianMatrix(width, width, seed * 4 + 4, scale)
  };
}

export interface HeadResult extends AttentionResult {
  q: Matrix;
  k: Matrix;
  v: Matrix;
}

export interface MultiHeadResult {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  heads: HeadResult[];
  concat: Matrix;
  output: Matrix;
}

export interface HeadProjections {
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Each head's slice of Q, K and V (d_k = d_model / h columns each). */
  heads: {q: Matrix; k: Matrix; v: Matrix}[];
}

/** Q = XW_Q, K = XW_K, V = XW_V, split column-wise into `heads` slices. */
export function headProjections(x: Matrix, w: ProjectionWeights, heads: number): HeadProjections {
  const width = w.wq.length;
  if (!Number.isInteger(heads) || heads < 1 || width % heads !== 0) {
    throw new RangeError(`d_model (${width}) must be a multiple of the number of heads (${heads})`);
  }
  const dk = width / heads;
  const q = matmul(x, w.wq);
  const k = matmul(x, w.wk);
  const v = matmul(x, w.wv);
  const slices = Array.from({length: heads}, (_, h) => {
    const [a, b] = [h * dk, (h + 1) * dk];
    return {q: sliceColumns(q, a, b), k: sliceColumns(k, a, b), v: sliceColumns(v, a, b)};
  });
  return {q, k, v, heads: slices};
}

/** Attention in every head of `projections`, concatenated and mixed by W_O. */
export function attendHeads(projections: HeadProjections, wo: Matrix, options: AttentionOptions = {}): MultiHeadResult {
  const headResults: HeadResult[] = projections.heads.map((p) => ({...p, ...scaledDotProductAttention(p.q, p.k, p.v, options)}));
  const concat = concatColumns(headResults.map((r) => r.output));
  return {q: projections.q, k: projections.k, v: projections.v, heads: headResults, concat, output: matmul(concat, wo)};
}

/**
 * Multi-head attention: Q = XW_Q, K = XW_K, V = XW_V; head h uses columns
 * [h·d_k, (h+1)·d_k) with d_k = d_model / heads; outputs are concatenated and projected by W_O.
 */
export function multiHeadAttention(x: Matrix, w: ProjectionWeights, heads: number, options: AttentionOptions = {}): MultiHeadResult {
  return attendHeads(headProjections(x, w, heads), w.wo, options);
}

/** Shannon entropy (nats) of a probability vector; 0·log 0 = 0. */
export function entropy(p: number[]): number {
  let h = 0;
  for (const x of p) if (x > 0) h -= x * Math.log(x);
  return h;
}

export interface SaturationPoint {
  dk: number;
  scaled: boolean;
  /** Mean of the largest softmax weight in a row (1/keys = uniform, 1 = one-hot). */
  maxWeight: number;
  /** Mean entropy of a row as a fraction of log(keys) (1 = uniform, 0 = one-hot). */
  normalizedEntropy: number;
}

/**
 * Why √d_k: for q, k with independent N(0, 1) entries, q·k has variance d_k, so
 * unscaled scores grow like √d_k and the softmax saturates towards one-hot.
 * Monte Carlo over `samples` rows, each one query q against `keys` keys. Sampled exactly
 * without forming the keys: given q, each q·k_j is N(0, |q|²) and independent of the others
 * (a Gaussian key is rotation-invariant), so a row is |q|·z with z ~ N(0, I_keys) and
 * |q|² ~ χ²(d_k), drawn directly as 2·Gamma(d_k/2): about keys + 2 draws per row instead of
 * 2·d_k·keys (d_k = 512 costs what d_k = 1 does).
 */
export function softmaxSaturation(dks: number[], keys: number, samples: number, seed: number): SaturationPoint[] {
  const cacheKey = `${dks.join(",")}|${keys}|${samples}|${seed}`;
  const cached = saturationCache.get(cacheKey);
  if (cached) return cached;
  const out: SaturationPoint[] = [];
  for (const dk of dks) {
    const normal = normalGenerator(seed + dk);
    const uniform = uniformGenerator(hashString(`saturation:${seed + dk}`));
    let maxU = 0, maxS = 0, entU = 0, entS = 0;
    const logKeys = Math.log(keys);
    for (let s = 0; s < samples; s++) {
      const norm = Math.sqrt(2 * gammaSample(dk / 2, normal, uniform)); // |q| with |q|² ~ χ²(d_k)
      const raw: number[] = new Array(keys);
      for (let j = 0; j < keys; j++) raw[j] = norm * normal();
      const pu = softmax(raw);
      const ps = softmax(raw.map((d) => d / Math.sqrt(dk)));
      maxU += Math.max(...pu);
      maxS += Math.max(...ps);
      entU += entropy(pu) / logKeys;
      entS += entropy(ps) / logKeys;
    }
    out.push({dk, scaled: false, maxWeight: maxU / samples, normalizedEntropy: entU / samples});
    out.push({dk, scaled: true, maxWeight: maxS / samples, normalizedEntropy: entS / samples});
  }
  if (saturationCache.size > 64) saturationCache.clear();
  saturationCache.set(cacheKey, out);
  return out;
}

/** Results are deterministic in their arguments, so a page re-render reuses them. */
const saturationCache = new Map<string, SaturationPoint[]>();

/**
 * Sequence length at which the n² terms of one attention layer (4n²d: QKᵀ and AV)
 * equal its projection terms (8nd²: W_Q, W_K, W_V, W_O): 4n²d = 8nd² ⇔ n = 2d.
 */
export function quadraticCrossoverTokens(dModel: number): number {
  return 2 * dModel;
}
