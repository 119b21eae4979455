/** The attention-cost notebook's controls and the model they describe. */
import type {ParamSpecs, ParamValues} from "./params.js";
import {DTYPE_BYTES, type Dtype} from "./inference.js";
import type {ModelConfig} from "./models.js";

export const CUSTOM_MODEL = "Custom (set below)";
export const DTYPES = Object.keys(DTYPE_BYTES).filter((d) => d !== "fp16") as Dtype[];
export const SEQ_MIN = 128;
export const SEQ_MAX = 1_048_576;

/** URL specs; model and GPU options come from the data tables. */
export function attentionCostParams(modelNames: string[], gpuNames: string[]) {
  return {
    model: {kind: "choice", label: "Model", default: modelNames.includes("Llama 3 8B") ? "Llama 3 8B" : modelNames[0], options: [...modelNames, CUSTOM_MODEL]},
    seq: {kind: "number", label: "Sequence length n (tokens)", default: 8192, min: SEQ_MIN, max: SEQ_MAX, integer: true},
    batch: {kind: "number", label: "Batch (sequences)", default: 1, min: 1, max: 256, integer: true},
    dtype: {kind: "choice", label: "Number format", default: "bf16", options: DTYPES},
    gpu: {kind: "choice", label: "GPU", default: gpuNames.includes("H100 SXM") ? "H100 SXM" : gpuNames[0], options: gpuNames},
    window: {kind: "number", label: "Local window w (tokens)", default: 4096, min: 16, max: 131072, integer: true},
    global: {kind: "number", label: "Global tokens g", default: 64, min: 0, max: 4096, integer: true},
    page: {kind: "number", label: "Page size B (tokens)", default: 16, min: 1, max: 512, integer: true},
    cd: {kind: "number", label: "d_model", default: 4096, min: 64, max: 32768, integer: true},
    cl: {kind: "number", label: "Layers", default: 32, min: 1, max: 256, integer: true},
    ch: {kind: "number", label: "Query heads", default: 32, min: 1, max: 256, integer: true},
    ckv: {kind: "number", label: "KV heads", default: 8, min: 1, max: 256, integer: true},
    chd: {kind: "number", label: "Head dim", default: 128, min: 8, max: 512, integer: true},
    cf: {kind: "number", label: "FFN size (gated)", default: 14336, min: 64, max: 131072, integer: true},
    cv: {kind: "number", label: "Vocabulary", default: 128256, min: 256, max: 1_000_000, integer: true}
  } as const satisfies ParamSpecs;
}

export type AttentionCostValues = ParamValues<ReturnType<typeof attentionCostParams>>;

/** A hand-set dense decoder (GQA when KV heads < query heads); KV heads are made to divide query heads. */
export function customModel(v: Pick<AttentionCostValues, "cd" | "cl" | "ch" | "ckv" | "chd" | "cf" | "cv">): {model: ModelConfig; messages: string[]} {
  const messages: string[] = [];
  let kv = Math.min(v.ckv, v.ch);
  if (v.ch % kv !== 0) {
    const fit = [...Array(kv).keys()].map((i) => kv - i).find((k) => v.ch % k === 0) ?? 1;
    messages.push(`KV heads must divide the ${v.ch} query heads; using ${fit}.`);
    kv = fit;
  }
  return {
    messages,
    model: {
      name: CUSTOM_MODEL,
      family: "custom",
      release: "2025-01",
      arch: "decoder",
      vocabSize: v.cv,
      dModel: v.cd,
      nLayers: v.cl,
      nHeads: v.ch,
      nKvHeads: kv,
      headDim: v.chd,
      ffnDim: v.cf,
      ffnGated: true,
      attention: kv === v.ch ? "MHA" : kv === 1 ? "MQA" : "GQA",
      qLoraRank: null,
      kvLoraRank: null,
      qkRopeHeadDim: null,
      qkNopeHeadDim: null,
      vHeadDim: null,
      slidingWindow: null,
      slidingWindowLayers: 0,
      nRoutedExperts: 0,
      nSharedExperts: 0,
      topK: 0,
      expertFfnDim: null,
      moeLayers: 0,
      firstDenseLayers: 0,
      tiedEmbeddings: false,
      posEmbedding: "rope",
      maxPositions: null,
      biases: "none",
      norm: "rmsnorm",
      contextLength: SEQ_MAX,
      trainingTokens: null,
      cardTotalParams: 1e9,
      cardActiveParams: null,
      sources: "set by hand on this page"
    }
  };
}

/** Sequence lengths on a log grid from SEQ_MIN to SEQ_MAX (powers of √2), for the curves. */
export function sequenceGrid(): number[] {
  const out: number[] = [];
  for (let n = SEQ_MIN; n <= SEQ_MAX * 1.0001; n *= Math.SQRT2) out.push(Math.round(n));
  return out;
}
