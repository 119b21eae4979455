/**
 * Web Worker for large MoE batches (more than 4,096 synthetic tokens). Started by
 * src/components/moe-client.ts as a module worker; Framework builds it (and its imports)
 * into dist/_import/ because the client names it with a literal import.meta.resolve.
 * Keeps the last batch's logits so a balancing run after a routing run skips regenerating them.
 */
import {routerLogits, runBalancing, runRouter, type BalanceRun, type RouterRun, type RunConfig} from "./moe-run.js";

export type WorkerRequest =
  | {id: number; kind: "route"; config: RunConfig}
  | {id: number; kind: "balance"; config: RunConfig; method: "aux-free" | "aux-loss"; steps: number; rate: number};

export type WorkerReply =
  | {id: number; type: "progress"; done: number; total: number}
  | {id: number; type: "result"; result: unknown}
  | {id: number; type: "error"; message: string};

interface WorkerScope {
  postMessage(message: WorkerReply): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let cache: {key: string; logits: Float32Array} | null = null;

/** The batch's logits (cached) and the milliseconds spent making them (0 when cached). */
function logitsFor(config: RunConfig): {logits: Float32Array; ms: number} {
  const key = JSON.stringify([config.source, config.words, config.tokens, config.experts, config.temperature, config.skew, config.seed]);
  if (cache?.key === key) return {logits: cache.logits, ms: 0};
  cache = null; // let the old batch be collected before allocating the new one
  const start = performance.now();
  cache = {key, logits: routerLogits(config)};
  return {logits: cache.logits, ms: performance.now() - start};
}

scope.onmessage = (event) => {
  const request = event.data;
  try {
    const {logits, ms} = logitsFor(request.config);
    let result: RouterRun | BalanceRun;
    if (request.kind === "route") {
      const run = runRouter(request.config, logits);
      run.timings.logits = ms;
      run.timings.total += ms;
      result = run;
    } else {
      const run = runBalancing(request.config, request.method, request.steps, request.rate, logits, (done, total) => scope.postMessage({id: request.id, type: "progress", done, total}));
      run.ms += ms;
      result = run;
    }
    scope.postMessage({id: request.id, type: "result", result});
  } catch (error) {
    scope.postMessage({id: request.id, type: "error", message: error instanceof Error ? error.message : String(error)});
  }
};
