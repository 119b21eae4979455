/**
 * Mixture-of-Experts routing math: top-k routing, router probabilities, the Switch
 * load-balancing loss, expert capacity and token dropping, two load-balancing
 * steppers, synthetic router logits, and expert parameter/FLOP counts.
 *
 * Layout: a batch of router logits is row-major, one row of N expert scores per
 * token, so entry (t, i) is at t·N + i. Experts are numbered 0 … N−1.
 */
import {tokenEmbeddings} from "./attention.js";
import {gaussianMatrix, hashString, normalGenerator} from "./random.js";
import {topKScan, topKWasm, type FloatArray} from "./topk.js";

export type {FloatArray} from "./topk.js";

function checkCount(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${value})`);
}

function checkShape(data: ArrayLike<number>, tokens: number, experts: number): void {
  checkCount("tokens", tokens, 0);
  checkCount("experts", experts);
  if (data.length !== tokens * experts) throw new RangeError(`expected ${tokens}×${experts} = ${tokens * experts} entries, got ${data.length}`);
}

/** Rows (all the same length) packed into one row-major Float64Array. */
export function packRows(rows: ArrayLike<number>[]): {data: Float64Array; tokens: number; experts: number} {
  const tokens = rows.length;
  const experts = tokens > 0 ? rows[0].length : 0;
  const data = new Float64Array(tokens * experts);
  for (let t = 0; t < tokens; t++) {
    const row = rows[t];
    if (row.length !== experts) throw new RangeError(`row ${t} has ${row.length} entries; row 0 has ${experts}`);
    data.set(row, t * experts);
  }
  return {data, tokens, experts};
}

/** Views of consecutive `width`-long rows of a flat array (no copy). */
function viewRows<T extends Int32Array | Float64Array>(flat: T, rows: number, width: number): T[] {
  return Array.from({length: rows}, (_, r) => flat.subarray(r * width, (r + 1) * width) as T);
}

// ---------------------------------------------------------------------------
// Router probabilities

export interface SoftmaxOptions {
  /** Temperature T > 0: p = softmax((x + b) / T). Default 1. */
  temperature?: number;
  /** Per-expert bias b added to every token's logits before the softmax. Default 0. */
  bias?: ArrayLike<number>;
}

/**
 * Row-wise softmax of a tokens × experts batch: p(t, i) = exp(z_i − max z) / Σ_j exp(z_j − max z)
 * with z = (x + b)/T. Subtracting the row maximum keeps it finite; −∞ and NaN entries get 0
 * and a row of only those is all zeros (as `softmax` in attention.ts for −∞).
 */
export function softmaxRowsFlat(logits: ArrayLike<number>, tokens: number, experts: number, options: SoftmaxOptions = {}): Float64Array {
  checkShape(logits, tokens, experts);
  const {temperature = 1, bias} = options;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError("temperature must be a positive number");
  if (bias && bias.length !== experts) throw new RangeError(`bias needs ${experts} entries, got ${bias.length}`);
  const out = new Float64Array(tokens * experts);
  const inv = 1 / temperature;
  for (let t = 0; t < tokens; t++) {
    const base = t * experts;
    let max = -Infinity;
    for (let i = 0; i < experts; i++) {
      const z = (logits[base + i] + (bias ? bias[i] : 0)) * inv;
      out[base + i] = z === z ? z : -Infinity;
      if (z > max) max = z;
    }
    if (max === -Infinity) {
      out.fill(0, base, base + experts);
      continue;
    }
    let sum = 0;
    for (let i = 0; i < experts; i++) {
      const e = Math.exp(out[base + i] - max);
      out[base + i] = e;
      sum += e;
    }
    for (let i = 0; i < experts; i++) out[base + i] /= sum;
  }
  return out;
}

/** Router probabilities over all experts, one softmax per row; see `softmaxRowsFlat`. */
export function softmaxRows(logits: ArrayLike<number>[], options: SoftmaxOptions = {}): Float64Array[] {
  const {data, tokens, experts} = packRows(logits);
  if (tokens === 0) return [];
  return viewRows(softmaxRowsFlat(data, tokens, experts, options), tokens, experts);
}

// ---------------------------------------------------------------------------
// Top-k routing

export interface RouteOptions {
  /**
   * Per-expert bias added to the scores used to SELECT the top k only; the gates are
   * still the softmax of the unbiased logits of the chosen experts (DeepSeek-V3 §2.1.2).
   */
  selectionBias?: ArrayLike<number>;
}

export interface FlatRouting {
  /** tokens × k expert indices, row-major; each row is distinct experts by selection score, descending. */
  experts: Int32Array;
  /** tokens × k gate weights, aligned with `experts`; each row sums to 1. */
  gates: Float64Array;
  /** Which top-k selection ran (src/lib/topk.ts). */
  selection: "WebAssembly SIMD" | "JavaScript";
}

/**
 * Top-k routing of a row-major tokens × experts batch of logits: per token, the k
 * experts with the highest score (logit + selection bias), ordered by score descending,
 * ties broken by lower index; gates = softmax over the chosen experts' unbiased logits.
 * Selection runs in WebAssembly SIMD for float32 logits and in JavaScript otherwise
 * (src/lib/topk.ts; the two agree index for index). NaN scores count as −∞. A token whose
 * k chosen logits are all −∞ gets zero gates.
 */
export function routeTopKFlat(logits: FloatArray, tokens: number, experts: number, k: number, options: RouteOptions = {}): FlatRouting {
  checkShape(logits, tokens, experts);
  checkCount("k", k);
  if (k > experts) throw new RangeError(`k (${k}) cannot exceed the number of experts (${experts})`);
  let bias: Float64Array | null = null;
  if (options.selectionBias) {
    if (options.selectionBias.length !== experts) throw new RangeError(`selectionBias needs ${experts} entries, got ${options.selectionBias.length}`);
    bias = Float64Array.from(options.selectionBias);
  }
  const wasm = logits instanceof Float32Array ? topKWasm(logits, tokens, experts, k, bias) : null;
  const top = wasm ?? topKScan(logits, tokens, experts, k, bias);
  return {experts: top.indices, gates: softmaxRowsFlat(top.logits, tokens, k), selection: wasm ? "WebAssembly SIMD" : "JavaScript"};
}

/**
 * Top-k routing of one row of logits per token: packs the rows and runs `routeTopKFlat`
 * (results are views of its flat arrays). Packing costs a copy; large batches should
 * call `routeTopKFlat` directly.
 */
export function routeTopK(logits: ArrayLike<number>[], k: number, options: RouteOptions = {}): {experts: Int32Array[]; gates: Float64Array[]} {
  const {data, tokens, experts} = packRows(logits);
  if (tokens === 0) return {experts: [], gates: []};
  const flat = routeTopKFlat(data, tokens, experts, k, options);
  return {experts: viewRows(flat.experts, tokens, k), gates: viewRows(flat.gates, tokens, k)};
}

/** Each token's top-1 expert (argmax of logit + bias, ties to the lower index). */
export function top1Assignments(logits: FloatArray, tokens: number, experts: number, bias?: ArrayLike<number>): Int32Array {
  return routeTopKFlat(logits, tokens, experts, 1, {selectionBias: bias}).experts;
}

// ---------------------------------------------------------------------------
// Load and the Switch load-balancing loss

/** Number of assignments per expert: load[i] = #{a : a = i}. */
export function expertLoad(assignments: ArrayLike<number>, numExperts: number): Int32Array {
  checkCount("numExperts", numExperts);
  const load = new Int32Array(numExperts);
  for (let a = 0; a < assignments.length; a++) {
    const i = assignments[a];
    if (!Number.isInteger(i) || i < 0 || i >= numExperts) throw new RangeError(`assignment ${a} is ${i}, outside 0…${numExperts - 1}`);
    load[i]++;
  }
  return load;
}

export interface LoadImbalance {
  /** max load / mean load: 1 when perfectly balanced, N when one expert takes everything. */
  maxOverMean: number;
  /** Population standard deviation / mean: 0 when perfectly balanced. */
  coefficientOfVariation: number;
}

/** How uneven a load histogram is. A histogram with mean 0 gives NaN for both. */
export function loadImbalance(load: ArrayLike<number>): LoadImbalance {
  const n = load.length;
  if (n === 0) return {maxOverMean: NaN, coefficientOfVariation: NaN};
  let sum = 0, max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += load[i];
    if (load[i] > max) max = load[i];
  }
  const mean = sum / n;
  if (mean === 0) return {maxOverMean: NaN, coefficientOfVariation: NaN};
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (load[i] - mean) ** 2;
  return {maxOverMean: max / mean, coefficientOfVariation: Math.sqrt(ss / n) / mean};
}

export interface RouterStatistics {
  /** f_i: fraction of tokens whose top-1 assignment is expert i (sums to 1). */
  fraction: Float64Array;
  /** P_i: mean router probability of expert i over the tokens (sums to 1). */
  meanProbability: Float64Array;
}

/** f and P of the Switch loss (Fedus et al. 2021, eqs. 5–6) from row-major probabilities and top-1 assignments. */
export function routerStatistics(probs: ArrayLike<number>, tokens: number, experts: number, top1: ArrayLike<number>): RouterStatistics {
  checkShape(probs, tokens, experts);
  checkCount("tokens", tokens);
  if (top1.length !== tokens) throw new RangeError(`need one top-1 assignment per token (${tokens}), got ${top1.length}`);
  const load = expertLoad(top1, experts);
  const fraction = new Float64Array(experts);
  const meanProbability = new Float64Array(experts);
  for (let i = 0; i < experts; i++) fraction[i] = load[i] / tokens;
  for (let t = 0; t < tokens; t++) for (let i = 0; i < experts; i++) meanProbability[i] += probs[t * experts + i];
  for (let i = 0; i < experts; i++) meanProbability[i] /= tokens;
  return {fraction, meanProbability};
}

/** Switch load-balancing loss without α, from row-major probabilities: N · Σ_i f_i P_i. */
export function switchAuxLossFlat(probs: ArrayLike<number>, tokens: number, experts: number, top1: ArrayLike<number>): number {
  const {fraction, meanProbability} = routerStatistics(probs, tokens, experts, top1);
  let s = 0;
  for (let i = 0; i < experts; i++) s += fraction[i] * meanProbability[i];
  return experts * s;
}

/**
 * Switch Transformer load-balancing loss (Fedus et al. 2021, eqs. 4–6) WITHOUT the
 * coefficient α: N · Σ_i f_i P_i, with f_i the fraction of tokens whose top-1
 * assignment is i and P_i the mean router probability of i. It is 1 at perfectly
 * uniform routing and N when every token goes to one expert with probability 1.
 */
export function switchAuxLoss(routerProbs: ArrayLike<number>[], assignments: ArrayLike<number>): number {
  const {data, tokens, experts} = packRows(routerProbs);
  return switchAuxLossFlat(data, tokens, experts, assignments);
}

// ---------------------------------------------------------------------------
// Capacity and dropping

/**
 * Expert capacity in assignments per expert per batch, Switch/GShard convention:
 * C = ⌈capacityFactor · tokens · k / experts⌉. (Products that are whole numbers up to
 * floating-point error, e.g. 1.1 · 100 / 10, are not rounded up past them.)
 */
export function expertCapacity(tokens: number, experts: number, k: number, capacityFactor: number): number {
  checkCount("tokens", tokens, 0);
  checkCount("experts", experts);
  checkCount("k", k);
  if (!(capacityFactor > 0) || !Number.isFinite(capacityFactor)) throw new RangeError("capacityFactor must be a positive number");
  const x = (capacityFactor * tokens * k) / experts;
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.ceil(x);
}

export interface DispatchOptions {
  /**
   * Order in which assignments claim capacity. "token" (default): token 0's slots, then
   * token 1's, …. "slot": every token's first choice, then every token's second choice, …
   * (GShard's priority for the 2nd expert).
   */
  order?: "token" | "slot";
}

export interface DispatchResult {
  /** Assignments each expert accepted (≤ capacity). */
  load: Int32Array;
  /** Assignments each expert was asked to take (before dropping). */
  demand: Int32Array;
  /** tokens × k, row-major: 1 where the (token, slot) assignment was dropped. */
  dropped: Uint8Array;
  /** Per token: 1 if all of its k assignments were dropped (it passes through the residual only). */
  passThrough: Uint8Array;
  droppedAssignments: number;
  droppedTokens: number;
}

/**
 * Dispatch tokens × k assignments (row-major expert indices) to experts that each
 * accept at most `capacity` assignments, first come first served; an assignment to a
 * full expert is dropped, and a token with every assignment dropped passes through
 * the residual connection unchanged.
 */
export function dispatchWithCapacity(
  assignments: ArrayLike<number>,
  tokens: number,
  numExperts: number,
  k: number,
  capacity: number,
  options: DispatchOptions = {}
): DispatchResult {
  checkCount("k", k);
  checkShape(assignments, tokens, k);
  checkCount("capacity", capacity, 0);
  const demand = expertLoad(assignments, numExperts);
  const load = new Int32Array(numExperts);
  const dropped = new Uint8Array(tokens * k);
  const visit = (t: number, s: number) => {
    const a = t * k + s;
    const i = assignments[a];
    if (load[i] < capacity) load[i]++;
    else dropped[a] = 1;
  };
  if (options.order === "slot") {
    for (let s = 0; s < k; s++) for (let t = 0; t < tokens; t++) visit(t, s);
  } else {
    for (let t = 0; t < tokens; t++) for (let s = 0; s < k; s++) visit(t, s);
  }
  const passThrough = new Uint8Array(tokens);
  let droppedAssignments = 0, droppedTokens = 0;
  for (let t = 0; t < tokens; t++) {
    let n = 0;
    for (let s = 0; s < k; s++) n += dropped[t * k + s];
    droppedAssignments += n;
    if (n === k) {
      passThrough[t] = 1;
      droppedTokens++;
    }
  }
  return {load, demand, dropped, passThrough, droppedAssignments, droppedTokens};
}

// ---------------------------------------------------------------------------
// Load balancing: a gradient step on the aux loss, and DeepSeek-V3's bias update

/**
 * Gradient of L(b) = N · Σ_i f_i P_i(b) with respect to a per-expert bias b added to
 * every token's logits, p_t = softmax(x_t + b), holding f fixed (it counts argmaxes
 * and is not differentiable; Switch's gradient also flows through P only):
 *   ∂L/∂b_j = (N / T) Σ_t p_tj (f_j − Σ_i f_i p_ti),  T = tokens.
 */
export function auxLossBiasGradient(probs: ArrayLike<number>, tokens: number, experts: number, fraction: ArrayLike<number>): Float64Array {
  checkShape(probs, tokens, experts);
  checkCount("tokens", tokens);
  const grad = new Float64Array(experts);
  for (let t = 0; t < tokens; t++) {
    const base = t * experts;
    let fp = 0;
    for (let i = 0; i < experts; i++) fp += fraction[i] * probs[base + i];
    for (let j = 0; j < experts; j++) grad[j] += probs[base + j] * (fraction[j] - fp);
  }
  for (let j = 0; j < experts; j++) grad[j] *= experts / tokens;
  return grad;
}

export interface AuxLossStep {
  /** b − learningRate · ∂L/∂b. */
  bias: Float64Array;
  gradient: Float64Array;
  /** The aux loss N·Σ f_i P_i at the bias before the step. */
  loss: number;
}

/**
 * One gradient-descent step on the Switch aux loss (no α) with respect to a per-expert
 * logit bias b: top-1 assignments and probabilities both come from x + b; f is held
 * fixed while differentiating (see `auxLossBiasGradient`).
 */
export function auxLossGradientStep(logits: FloatArray, tokens: number, experts: number, bias: ArrayLike<number>, learningRate: number): AuxLossStep {
  const probs = softmaxRowsFlat(logits, tokens, experts, {bias});
  const top1 = top1Assignments(logits, tokens, experts, bias);
  const {fraction} = routerStatistics(probs, tokens, experts, top1);
  const loss = switchAuxLossFlat(probs, tokens, experts, top1);
  const gradient = auxLossBiasGradient(probs, tokens, experts, fraction);
  const next = new Float64Array(experts);
  for (let j = 0; j < experts; j++) next[j] = bias[j] - learningRate * gradient[j];
  return {bias: next, gradient, loss};
}

/**
 * DeepSeek-V3 auxiliary-loss-free bias update (DeepSeek-V3 report §2.1.2): b_i ← b_i + γ
 * if expert i is under-loaded (load < mean load), b_i − γ if over-loaded (load > mean),
 * unchanged at the mean. γ is the bias update speed, in logit units.
 */
export function auxFreeBiasUpdate(bias: ArrayLike<number>, load: ArrayLike<number>, gamma: number): Float64Array {
  if (bias.length !== load.length) throw new RangeError("bias and load need one entry per expert");
  let mean = 0;
  for (let i = 0; i < load.length; i++) mean += load[i];
  mean /= load.length;
  const next = new Float64Array(bias.length);
  for (let i = 0; i < bias.length; i++) next[i] = bias[i] + (load[i] < mean ? gamma : load[i] > mean ? -gamma : 0);
  return next;
}

export interface AuxFreeBalancing {
  /** The bias after the last update. */
  bias: Float64Array;
  /** Load histogram of each step, routed with that step's bias (step 0: bias 0). */
  loads: Int32Array[];
  /** Imbalance of each entry of `loads`. */
  imbalance: LoadImbalance[];
  /** The routing of the last step (gates from unbiased logits). */
  routing: FlatRouting;
}

/**
 * Repeat DeepSeek-V3's loss-free balancing on one batch for `steps` steps: route top-k
 * with the bias added to the selection scores only, measure the load, update the bias.
 */
export function auxFreeBalancing(logits: FloatArray, tokens: number, experts: number, k: number, gamma: number, steps: number): AuxFreeBalancing {
  checkCount("steps", steps);
  let bias: Float64Array = new Float64Array(experts);
  const loads: Int32Array[] = [];
  const imbalance: LoadImbalance[] = [];
  let routing: FlatRouting | null = null;
  for (let s = 0; s < steps; s++) {
    routing = routeTopKFlat(logits, tokens, experts, k, {selectionBias: bias});
    const load = expertLoad(routing.experts, experts);
    loads.push(load);
    imbalance.push(loadImbalance(load));
    bias = auxFreeBiasUpdate(bias, load, gamma);
  }
  return {bias, loads, imbalance, routing: routing!};
}

// ---------------------------------------------------------------------------
// Synthetic router logits

/** A fixed per-expert popularity z_j ~ N(0, 1), the same for every batch with this seed. */
export function expertPopularity(experts: number, seed: number): Float64Array {
  checkCount("experts", experts);
  const normal = normalGenerator(hashString(`popularity:${seed}`));
  return Float64Array.from({length: experts}, () => normal());
}

/**
 * A tokens × experts batch of router logits, row-major, deterministic by seed:
 * x_tj = u_tj + skew · z_j with z = `expertPopularity(experts, seed)` (skew ≥ 0; 0 = no
 * favourites). u_tj ~ N(0, 1) independently, or, given dModel, u = H·W with token states
 * H (tokens × dModel) ~ N(0, 1) and a router W (dModel × experts) ~ N(0, 1/dModel), so
 * u still has unit variance but experts' scores are correlated through the shared H.
 */
export function syntheticRouterLogits(tokens: number, experts: number, skew: number, seed: number, dModel?: number): Float32Array {
  checkCount("tokens", tokens, 0);
  checkCount("experts", experts);
  if (!(skew >= 0) || !Number.isFinite(skew)) throw new RangeError("skew must be a finite number ≥ 0");
  const z = expertPopularity(experts, seed);
  const out = new Float32Array(tokens * experts);
  const normal = normalGenerator(hashString(`tokens:${seed}`));
  if (dModel === undefined) {
    for (let t = 0; t < tokens; t++) for (let j = 0; j < experts; j++) out[t * experts + j] = normal() + skew * z[j];
    return out;
  }
  checkCount("dModel", dModel);
  const scale = 1 / Math.sqrt(dModel);
  const w = new Float64Array(dModel * experts);
  const routerNormal = normalGenerator(hashString(`router:${seed}`));
  for (let p = 0; p < w.length; p++) w[p] = routerNormal() * scale;
  const h = new Float64Array(dModel);
  const row = new Float64Array(experts);
  for (let t = 0; t < tokens; t++) {
    for (let p = 0; p < dModel; p++) h[p] = normal();
    row.fill(0);
    for (let p = 0; p < dModel; p++) {
      const hp = h[p];
      const wp = p * experts;
      for (let j = 0; j < experts; j++) row[j] += hp * w[wp + j];
    }
    for (let j = 0; j < experts; j++) out[t * experts + j] = row[j] + skew * z[j];
  }
  return out;
}

/**
 * Router logits for the words of a sentence: each word's embedding is the deterministic
 * N(0, 1) vector of width dModel from `tokenEmbeddings` (hash of the lower-cased word and
 * the seed), times a seeded router matrix W (dModel × experts) ~ N(0, 1/dModel).
 * Returns words × experts, row-major; the same word always gets the same logits.
 */
export function sentenceRouterLogits(words: string[], experts: number, seed: number, dModel = 16): Float32Array {
  checkCount("experts", experts);
  checkCount("dModel", dModel);
  const x = tokenEmbeddings(words, dModel, seed);
  const w = gaussianMatrix(dModel, experts, hashString(`sentence-router:${seed}`), 1 / Math.sqrt(dModel));
  const out = new Float32Array(words.length * experts);
  for (let t = 0; t < words.length; t++) {
    for (let j = 0; j < experts; j++) {
      let s = 0;
      for (let p = 0; p < dModel; p++) s += x[t][p] * w[p][j];
      out[t * experts + j] = s;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parameters and FLOPs of the expert part of an MoE model

export interface MoeLayerConfig {
  dModel: number;
  /** Hidden width of one expert's FFN (d_ff of an expert). */
  expertFfn: number;
  /** Gated FFN (SwiGLU: W_gate, W_up, W_down = 3 matrices) or plain (W_in, W_out = 2). */
  gated: boolean;
  /** Routed experts per MoE layer. */
  routedExperts: number;
  /** Shared experts per MoE layer, always active (DeepSeekMoE). Default 0. */
  sharedExperts?: number;
  /** Routed experts active per token. */
  topK: number;
  /** Number of MoE layers. Default 1. */
  layers?: number;
}

export interface MoeParameters {
  /** One expert: (3 if gated else 2) · dModel · expertFfn (no biases). */
  perExpert: number;
  /** layers · (routed + shared) · perExpert. */
  totalExpertParameters: number;
  /** Used by one token: layers · (topK + shared) · perExpert. */
  activeExpertParameters: number;
  /** Router weights, layers · dModel · routedExperts; not included in the two totals above. */
  routerParameters: number;
}

/** Parameter counts of the expert part (routed + shared expert FFNs) of an MoE model. */
export function moeLayerParameters(config: MoeLayerConfig): MoeParameters {
  const {dModel, expertFfn, gated, routedExperts, sharedExperts = 0, topK, layers = 1} = config;
  checkCount("dModel", dModel);
  checkCount("expertFfn", expertFfn);
  checkCount("routedExperts", routedExperts);
  checkCount("sharedExperts", sharedExperts, 0);
  checkCount("topK", topK);
  checkCount("layers", layers, 0);
  if (topK > routedExperts) throw new RangeError(`topK (${topK}) cannot exceed routedExperts (${routedExperts})`);
  const perExpert = (gated ? 3 : 2) * dModel * expertFfn;
  return {
    perExpert,
    totalExpertParameters: layers * (routedExperts + sharedExperts) * perExpert,
    activeExpertParameters: layers * (topK + sharedExperts) * perExpert,
    routerParameters: layers * dModel * routedExperts
  };
}

/**
 * Forward FLOPs per token of the expert part, 2 FLOPs per multiply-add:
 * 2 · active expert parameters. Excludes the router (2 · routerParameters), the
 * activation and the gate-weighted sum.
 */
export function moeFlopsPerToken(config: MoeLayerConfig): number {
  return 2 * moeLayerParameters(config).activeExpertParameters;
}
