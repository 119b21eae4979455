/** Heavy kernels timed next to a plain read of the same data, in one process (median of runs, ms). */
import {multiHeadAttention, projectionWeights, sinusoidalPositions, tokenEmbeddings} from "../src/lib/attention.js";
import {add} from "../src/lib/matrix.js";
import {routeTopKFlat, syntheticRouterLogits} from "../src/lib/moe.js";
import {routerBatch, runRouter, type RunConfig} from "../src/components/moe-run.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, f: () => unknown): number {
  const out: number[] = [];
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = f();
    out.push(performance.now() - t0);
    sink += typeof r === "number" ? r : 1;
  }
  if (sink === 42.4242) console.log(""); // keep results alive
  return median(out);
}

export const ROUTING_KERNEL = "MoE routing: 100,000 tokens × 256 experts, top-8";
export const REROUTE_KERNEL = "MoE re-route after a top-k or capacity change: 4,096 tokens × 256 experts";

export interface KernelResult {
  name: string;
  kernelMs: number;
  readMs: number;
  ratio: number;
}

export function benchKernels(): KernelResult[] {
  const results: KernelResult[] = [];
  // Attention at the notebook's largest setting: 12 tokens, d_model 32, 8 heads.
  const tokens = "the cat sat on the mat because it was tired of the".split(" ");
  const x = add(tokenEmbeddings(tokens, 32, 1), sinusoidalPositions(tokens.length, 32));
  const w = projectionWeights(32, 1);
  const matrices = [x, w.wq, w.wk, w.wv, w.wo];
  const attention = time(300, () => multiHeadAttention(x, w, 8, {causal: true}).output[0][0]);
  const attentionRead = time(300, () => {
    let s = 0;
    for (const m of matrices) for (const row of m) for (const v of row) s += v;
    return s;
  });
  results.push({name: "attention: 12 tokens × d_model 32 × 8 heads", kernelMs: attention, readMs: attentionRead, ratio: attention / attentionRead});
  // MoE routing of 100,000 tokens × 256 experts, top-8.
  const T = 100_000, E = 256, K = 8;
  const logits = syntheticRouterLogits(T, E, 1, 1);
  const route = time(7, () => routeTopKFlat(logits, T, E, K).gates[0]);
  const read = time(7, () => {
    let s = 0;
    for (let i = 0; i < logits.length; i++) s += logits[i];
    return s;
  });
  results.push({name: ROUTING_KERNEL, kernelMs: route, readMs: read, ratio: route / read});
  // An interactive batch re-routed after a top-k or capacity change: the batch's logits and P
  // are reused (routerBatch), so this is top-k, capacity, dispatch and the aux loss.
  const config: RunConfig = {source: "synthetic", words: [], tokens: 4096, experts: 256, topK: 8, capacityFactor: 1.25, temperature: 1, skew: 1, seed: 1};
  const batch = routerBatch(config).logits;
  let flip = 0;
  const reroute = time(15, () => runRouter({...config, topK: 7 + (flip++ % 2)}).auxLoss);
  const batchRead = time(15, () => {
    let s = 0;
    for (let i = 0; i < batch.length; i++) s += batch[i];
    return s;
  });
  results.push({name: REROUTE_KERNEL, kernelMs: reroute, readMs: batchRead, ratio: reroute / batchRead});
  return results;
}
