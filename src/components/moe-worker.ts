/**
 * Web Worker for large MoE batches (more than 4,096 synthetic tokens). Started by
 * src/components/moe-client.ts as a module worker; Framework builds it (and its imports)
 * into dist/_import/ because the client names it with a literal import.meta.resolve.
 * routerBatch (moe-run.ts) keeps the last batch's logits and probabilities, so a balancing run,
 * or a top-k or capacity change, skips remaking them.
 */
import {runBalancing, runRouter, type BalanceRun, type RouterRun, type RunConfig} from "./moe-run.js";

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

scope.onmessage = (event) => {
  const request = event.data;
  try {
    const result: RouterRun | BalanceRun = request.kind === "route"
      ? runRouter(request.config)
      : runBalancing(request.config, request.method, request.steps, request.rate, (done, total) => scope.postMessage({id: request.id, type: "progress", done, total}));
    scope.postMessage({id: request.id, type: "result", result});
  } catch (error) {
    scope.postMessage({id: request.id, type: "error", message: error instanceof Error ? error.message : String(error)});
  }
};
