/**
 * Runs large MoE batches in a module Web Worker (src/components/moe-worker.ts). The literal
 * `import.meta.resolve("./moe-worker.js")` is what makes Framework 1.13 build the worker:
 * its import scanner treats it as a local import, transpiles the .ts and its own imports into
 * dist/_import/components/, and rewrites the call to that same-origin, content-hashed URL.
 * Each client owns one worker and awaits one request at a time: a newer request (or cancel())
 * rejects the awaited one with "superseded". Work still running in the worker is stopped (the
 * worker terminated) only when the new request needs a different batch; for the same batch
 * (a top-k or capacity change, several input events from one drag) the worker finishes it
 * and then serves the new request from the batch it keeps (routerBatch in moe-run.ts).
 */
import {batchKey, type BalanceRun, type RouterRun, type RunConfig} from "./moe-run.js";
import type {WorkerReply, WorkerRequest} from "./moe-worker.js";

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

interface Pending {
  id: number;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

export class MoeWorkerClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  /** The last request posted whose reply has not arrived, and the batch it works on. */
  private running: {id: number; batch: string} | null = null;
  private nextId = 1;

  /** Stop waiting for the awaited request, if any: its promise rejects with "superseded". */
  cancel(): void {
    if (!this.pending) return;
    const {reject} = this.pending;
    this.pending = null;
    reject(new Error("superseded"));
  }

  /** Cancel and discard the worker (and its cached batch). */
  terminate(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
  }

  route(config: RunConfig): Promise<RouterRun> {
    return this.request<RouterRun>({kind: "route", config});
  }

  balance(config: RunConfig, method: "aux-free" | "aux-loss", steps: number, rate: number, onProgress?: (done: number, total: number) => void): Promise<BalanceRun> {
    return this.request<BalanceRun>({kind: "balance", config, method, steps, rate}, onProgress);
  }

  private request<T>(message: WithoutId<WorkerRequest>, onProgress?: (done: number, total: number) => void): Promise<T> {
    const batch = batchKey(message.config);
    if (this.running && this.running.batch !== batch) this.terminate();
    else this.cancel();
    const id = this.nextId++;
    const w = this.worker ?? this.startWorker();
    this.running = {id, batch};
    return new Promise<T>((resolve, reject) => {
      this.pending = {id, resolve: resolve as (result: unknown) => void, reject, onProgress};
      w.postMessage({...message, id});
    });
  }

  private startWorker(): Worker {
    const w = new Worker(import.meta.resolve("./moe-worker.js"), {type: "module", name: "moe-router"});
    w.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type !== "progress" && this.running?.id === reply.id) this.running = null;
      const p = this.pending;
      if (!p || reply.id !== p.id) return; // a superseded request's reply
      if (reply.type === "progress") {
        p.onProgress?.(reply.done, reply.total);
        return;
      }
      this.pending = null;
      if (reply.type === "result") p.resolve(reply.result);
      else p.reject(new Error(reply.message));
    };
    w.onerror = (event) => {
      event.preventDefault();
      const p = this.pending;
      this.pending = null;
      w.terminate();
      if (this.worker === w) {
        this.worker = null;
        this.running = null;
      }
      p?.reject(new Error(event.message || "the worker failed to start"));
    };
    this.worker = w;
    return w;
  }
}
