/**
 * The MoE notebook's router run and balancing stepper, built on src/lib/moe.ts. Pure (no DOM):
 * the page calls it directly for small batches and src/components/moe-worker.ts calls it for
 * large ones. Results hold only typed arrays and numbers, so they cross postMessage intact.
 *
 * Memory: a batch is one Float32Array of tokens × experts logits (100,000 × 256 = 102 MB);
 * router probabilities are never stored whole, only accumulated chunk by chunk. One batch per
 * source is kept (routerBatch): on the page a sentence's and a small synthetic batch's (at most
 * SYNC_LOGIT_LIMIT logits, 1 MB), in the worker the last large synthetic one.
 */
import {
  auxFreeBiasUpdate,
  dispatchWithCapacity,
  expertCapacity,
  loadImbalance,
  routeTopKFlat,
  sentenceRouterLogits,
  softmaxRowsFlat,
  syntheticRouterLogits,
  type FlatRouting,
  type LoadImbalance
} from "../lib/moe.js";

/** What a run needs (a subset of RouterSettings, safe to post to a worker). */
export interface RunConfig {
  source: "sentence" | "synthetic";
  words: string[];
  tokens: number;
  experts: number;
  topK: number;
  capacityFactor: number;
  temperature: number;
  skew: number;
  seed: number;
}

/** The run that router settings (a RouterSettings, or any object with more fields) ask for: only RunConfig's fields, as posted to the worker. */
export function routerConfig(s: RunConfig): RunConfig {
  return {source: s.source, words: s.words, tokens: s.tokens, experts: s.experts, topK: s.topK, capacityFactor: s.capacityFactor, temperature: s.temperature, skew: s.skew, seed: s.seed};
}

/** Tokens per chunk when accumulating router probabilities. */
const CHUNK = 2048;
/** Tokens whose routing is returned in full (sentence table, first rows of a synthetic batch). */
export const DETAIL_TOKENS = 64;
/** Pass-through token indices returned. */
const MAX_LISTED_DROPS = 200;

/** Router logits of the batch divided by the temperature (so softmax and gates use T). */
export function routerLogits(config: RunConfig): Float32Array {
  const x = config.source === "sentence"
    ? sentenceRouterLogits(config.words, config.experts, config.seed)
    : syntheticRouterLogits(config.tokens, config.experts, config.skew, config.seed);
  if (config.temperature !== 1) {
    const inv = 1 / config.temperature;
    for (let p = 0; p < x.length; p++) x[p] *= inv;
  }
  return x;
}

/** A batch's logits and mean router probabilities P, which top-k and capacity do not change. */
export interface RouterBatch {
  logits: Float32Array;
  /** P_i = mean over tokens of softmax(x)_i. */
  meanProbability: Float64Array;
  /** Milliseconds spent making each now (both 0 when the batch was reused). */
  timings: {logits: number; probabilities: number};
  reused: boolean;
}

/** The last batch of each source (a sentence, a synthetic batch): switching source and back reuses it. */
const lastBatches = new Map<RunConfig["source"], {key: string; logits: Float32Array; meanProbability: Float64Array}>();

/** What determines a batch's logits: equal keys, equal logits. */
export function batchKey(config: RunConfig): string {
  return JSON.stringify([config.source, config.words, config.tokens, config.experts, config.temperature, config.skew, config.seed]);
}

/**
 * The logits and P of `config`'s batch. The last batch of each source is kept, so changing only
 * top-k or the capacity factor re-routes without remaking either (at 4,096 × 256 they take most
 * of a run), and so does switching the source back (a sentence's logits over 231 experts took
 * 13 ms). The worker only routes synthetic batches, so it keeps one.
 */
export function routerBatch(config: RunConfig): RouterBatch {
  const key = batchKey(config);
  const kept = lastBatches.get(config.source);
  if (kept?.key === key) return {logits: kept.logits, meanProbability: kept.meanProbability, timings: {logits: 0, probabilities: 0}, reused: true};
  lastBatches.delete(config.source); // let the old batch be collected before allocating the new one
  const t0 = performance.now();
  const logits = routerLogits(config);
  const t1 = performance.now();
  const {meanProbability} = probabilityPass(logits, config.tokens, config.experts, null, null);
  lastBatches.set(config.source, {key, logits, meanProbability});
  return {logits, meanProbability, timings: {logits: t1 - t0, probabilities: performance.now() - t1}, reused: false};
}

/** Share of tokens whose first choice (slot 0 of a top-k routing) is each expert. */
export function firstChoiceFractions(routing: FlatRouting, tokens: number, experts: number, k: number): Float64Array {
  const f = new Float64Array(experts);
  for (let t = 0; t < tokens; t++) f[routing.experts[t * k]]++;
  for (let i = 0; i < experts; i++) f[i] /= tokens;
  return f;
}

export interface ProbabilityPass {
  /** P_i: mean router probability of expert i, softmax(x + b). */
  meanProbability: Float64Array;
  /** ∂L/∂b for L = N Σ f_i P_i with f fixed (only when f is given). */
  gradient: Float64Array | null;
}

/**
 * One chunked pass over softmax(x + b): the mean probabilities P and, given f, the gradient
 * of the Switch loss with respect to a per-expert logit bias,
 * ∂L/∂b_j = (N / T) Σ_t p_tj (f_j − Σ_i f_i p_ti) — the same as auxLossBiasGradient in
 * src/lib/moe.ts, without holding all T × N probabilities at once.
 */
export function probabilityPass(logits: Float32Array, tokens: number, experts: number, bias: Float64Array | null, fraction: Float64Array | null): ProbabilityPass {
  const P = new Float64Array(experts);
  const grad = fraction ? new Float64Array(experts) : null;
  for (let start = 0; start < tokens; start += CHUNK) {
    const n = Math.min(CHUNK, tokens - start);
    const p = softmaxRowsFlat(logits.subarray(start * experts, (start + n) * experts), n, experts, bias ? {bias} : {});
    for (let t = 0; t < n; t++) {
      const base = t * experts;
      let fp = 0;
      for (let i = 0; i < experts; i++) {
        P[i] += p[base + i];
        if (fraction) fp += fraction[i] * p[base + i];
      }
      if (grad && fraction) for (let j = 0; j < experts; j++) grad[j] += p[base + j] * (fraction[j] - fp);
    }
  }
  for (let i = 0; i < experts; i++) P[i] /= tokens;
  if (grad) for (let j = 0; j < experts; j++) grad[j] *= experts / tokens;
  return {meanProbability: P, gradient: grad};
}

export interface RouterRun {
  tokens: number;
  experts: number;
  topK: number;
  capacity: number;
  /** Assignments each expert was asked to take / accepted. */
  demand: Int32Array;
  load: Int32Array;
  droppedAssignments: number;
  droppedTokens: number;
  /** Indices of pass-through tokens (all k assignments dropped), at most 200. */
  droppedTokenList: Int32Array;
  /** Imbalance of the demand (before capacity). */
  imbalance: LoadImbalance;
  fraction: Float64Array;
  meanProbability: Float64Array;
  /** N · Σ f_i P_i. */
  auxLoss: number;
  /** The first DETAIL_TOKENS tokens: chosen experts, gates, dropped slots (row-major × k) and full probabilities (× N). */
  detail: {count: number; experts: Int32Array; gates: Float64Array; dropped: Uint8Array; passThrough: Uint8Array; probs: Float64Array};
  /** Milliseconds: making logits and probabilities (0 when reused), routing + dispatch + aux loss. */
  timings: {logits: number; route: number; probabilities: number; total: number; reused: boolean};
  /** Which top-k selection ran. */
  selection: FlatRouting["selection"];
}

/** Route a batch: top-k, capacity, drops, f, P and the aux loss (logits and P from `routerBatch`). */
export function runRouter(config: RunConfig): RouterRun {
  const batch = routerBatch(config);
  const x = batch.logits;
  const t1 = performance.now();
  const {tokens, experts, topK: k} = config;
  const routing = routeTopKFlat(x, tokens, experts, k);
  const capacity = expertCapacity(tokens, experts, k, config.capacityFactor);
  const dispatch = dispatchWithCapacity(routing.experts, tokens, experts, k, capacity);
  const fraction = firstChoiceFractions(routing, tokens, experts, k);
  const meanProbability = batch.meanProbability;
  let fp = 0;
  for (let i = 0; i < experts; i++) fp += fraction[i] * meanProbability[i];
  const route = performance.now() - t1;
  const list: number[] = [];
  for (let t = 0; t < tokens && list.length < MAX_LISTED_DROPS; t++) if (dispatch.passThrough[t]) list.push(t);
  const count = Math.min(tokens, DETAIL_TOKENS);
  return {
    tokens,
    experts,
    topK: k,
    capacity,
    demand: dispatch.demand,
    load: dispatch.load,
    droppedAssignments: dispatch.droppedAssignments,
    droppedTokens: dispatch.droppedTokens,
    droppedTokenList: Int32Array.from(list),
    imbalance: loadImbalance(dispatch.demand),
    fraction,
    meanProbability,
    auxLoss: experts * fp,
    detail: {
      count,
      experts: routing.experts.slice(0, count * k),
      gates: routing.gates.slice(0, count * k),
      dropped: dispatch.dropped.slice(0, count * k),
      passThrough: dispatch.passThrough.slice(0, count),
      probs: softmaxRowsFlat(x.subarray(0, count * experts), count, experts)
    },
    timings: {...batch.timings, route, total: batch.timings.logits + batch.timings.probabilities + route, reused: batch.reused},
    selection: routing.selection
  };
}

export interface BalanceStep {
  step: number;
  /** max / mean of the demand histogram. */
  maxOverMean: number;
  coefficientOfVariation: number;
  droppedTokens: number;
  droppedAssignments: number;
  /** N Σ f_i P_i at this step's bias. */
  auxLoss: number;
}

export interface BalanceRun {
  method: "aux-free" | "aux-loss";
  rate: number;
  capacity: number;
  /** Step 0 is the batch as routed; step s follows s updates of the bias. */
  steps: BalanceStep[];
  before: {demand: Int32Array; load: Int32Array};
  after: {demand: Int32Array; load: Int32Array};
  bias: Float64Array;
  ms: number;
}

/**
 * Run `steps` load-balancing updates of a per-expert bias b on one batch, routing it again
 * after each update and recording max/mean load, drops and the aux loss:
 * - "aux-free" (DeepSeek-V3 §2.1.2): b is added to the selection scores only; after each
 *   routing, b_i += γ if expert i is under-loaded, −= γ if over-loaded (auxFreeBiasUpdate).
 *   P (and the gates) use the unbiased logits.
 * - "aux-loss": b is a learned logit bias trained by gradient descent on N Σ f_i P_i with
 *   learning rate η (auxLossGradientStep, chunked): probabilities and selection use x + b.
 */
export function runBalancing(
  config: RunConfig,
  method: "aux-free" | "aux-loss",
  steps: number,
  rate: number,
  onProgress?: (done: number, total: number) => void
): BalanceRun {
  const t0 = performance.now();
  const batch = routerBatch(config);
  const x = batch.logits;
  const {tokens, experts, topK: k} = config;
  const capacity = expertCapacity(tokens, experts, k, config.capacityFactor);
  let bias: Float64Array = new Float64Array(experts);
  const unbiasedP = batch.meanProbability;
  const out: BalanceStep[] = [];
  let before: BalanceRun["before"] | null = null;
  let after: BalanceRun["after"] | null = null;
  for (let s = 0; s <= steps; s++) {
    const routing = routeTopKFlat(x, tokens, experts, k, {selectionBias: bias});
    const dispatch = dispatchWithCapacity(routing.experts, tokens, experts, k, capacity);
    const fraction = firstChoiceFractions(routing, tokens, experts, k);
    const pass = method === "aux-loss" ? probabilityPass(x, tokens, experts, bias, fraction) : null;
    const P = pass ? pass.meanProbability : unbiasedP;
    let fp = 0;
    for (let i = 0; i < experts; i++) fp += fraction[i] * P[i];
    const imbalance = loadImbalance(dispatch.demand);
    out.push({
      step: s,
      maxOverMean: imbalance.maxOverMean,
      coefficientOfVariation: imbalance.coefficientOfVariation,
      droppedTokens: dispatch.droppedTokens,
      droppedAssignments: dispatch.droppedAssignments,
      auxLoss: experts * fp
    });
    if (s === 0) before = {demand: dispatch.demand, load: dispatch.load};
    after = {demand: dispatch.demand, load: dispatch.load};
    if (s === steps) break;
    if (method === "aux-loss") {
      const next = new Float64Array(experts);
      for (let j = 0; j < experts; j++) next[j] = bias[j] - rate * pass!.gradient![j];
      bias = next;
    } else {
      bias = auxFreeBiasUpdate(bias, dispatch.demand, rate);
    }
    onProgress?.(s + 1, steps);
  }
  return {method, rate, capacity, steps: out, before: before!, after: after!, bias, ms: performance.now() - t0};
}
