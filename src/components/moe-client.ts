/**
 * Runs large MoE batches in a module Web Worker (src/components/moe-worker.ts). The literal
 * `import.meta.resolve("./moe-worker.js")` is what makes Framework 1.13 build the worker:
 * its import scanner treats it as a local import, transpiles the .ts and its own imports into
 * dist/_import/components/, and rewrites the call to that same-origin, content-hashed URL.
 * Each client owns one worker and one request at a time: a newer request (or cancel())
 * terminates a running one, whose promise rejects with "superseded".
 */
import type {BalanceRun, RouterRun, RunConfig} from "./moe-run.js";
import type {WorkerReply, WorkerRequest} from "./moe-worker.js";

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export class MoeWorkerClient {
  private worker: Worker | null = null;
  private pending: {id: number; reject: (error: Error) => void} | null = null;
  private nextId = 1;

  /** Stop the running request, if any (the worker and its cached batch are discarded). */
  cancel(): void {
    if (this.pending) {
      this.worker?.terminate();
      this.worker = null;
      const {reject} = this.pending;
      this.pending = null;
      reject(new Error("superseded"));
    }
  }

  terminate(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
  }

  route(config: RunConfig): Promise<RouterRun> {
    return this.request<RouterRun>({kind: "route", config});
  }

  balance(config: RunConfig, method: "aux-free" | "aux-loss", steps: number, rate: number, onProgress?: (done: number, total: number) => void): Promise<BalanceRun> {
    return this.request<BalanceRun>({kind: "balance", config, method, steps, rate}, onProgress);
  }

  private request<T>(message: WithoutId<WorkerRequest>, onProgress?: (done: number, total: number) => void): Promise<T> {
    this.cancel();
    const id = this.nextId++;
    if (!this.worker) this.worker = new Worker(import.meta.resolve("./moe-worker.js"), {type: "module", name: "moe-router"});
    const w = this.worker;
    return new Promise<T>((resolve, reject) => {
      this.pending = {id, reject};
      w.onmessage = (event: MessageEvent<WorkerReply>) => {
        const reply = event.data;
        if (reply.id !== id) return;
        if (reply.type === "progress") {
          onProgress?.(reply.done, reply.total);
          return;
        }
        this.pending = null;
        if (reply.type === "result") resolve(reply.result as T);
        else reject(new Error(reply.message));
      };
      w.onerror = (event) => {
        event.preventDefault();
        this.pending = null;
        w.terminate();
        if (this.worker === w) this.worker = null;
        reject(new Error(event.message || "the worker failed to start"));
      };
      w.postMessage({...message, id});
    });
  }
}
