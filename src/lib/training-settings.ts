/**
 * The training-budget notebook (src/training.md): URL specs for its controls, model and GPU
 * presets, and the pure resolution of control values into a consistent, finite estimate.
 */
import type {ParamSpecs, ParamValues} from "./params.js";
import {trainingFlops, trainingFlopsWithAttention} from "./scaling.js";
import {
  activationBytesPerLayer,
  co2Tonnes,
  gpuHours,
  parallelismPlan,
  trainingCostUsd,
  trainingDays,
  trainingEnergyKwh,
  zeroMemoryPerGpu,
  type ParallelismEstimate,
  type Recompute,
  type ZeroStage
} from "./training.js";

export const CUSTOM = "custom";
export const TENSOR_OPTIONS = ["1", "2", "4", "8", "16"] as const;
export const RECOMPUTE_OPTIONS = ["none", "selective", "full"] as const;

/** The subset of a models.json row used for presets. */
export interface PresetModel {
  name: string;
  arch: string;
  trainingTokens: number | null;
  cardTotalParams: number;
  cardActiveParams: number | null;
  nLayers: number;
  dModel: number;
  nHeads: number;
}

/** The subset of a hardware.json row used here. */
export interface Gpu {
  name: string;
  memoryBytes: number;
  bf16FlopsPerSecond: number;
  tdpWatts: number;
}

export const DEFAULT_MODEL = "GPT-3 175B";
export const DEFAULT_GPU = "A100 80GB SXM";

/** URL specs; the model and GPU choices come from the data, so the specs are built from them. */
export function trainingParams(modelNames: readonly string[], gpuNames: readonly string[]) {
  const models = [CUSTOM, ...modelNames];
  const gpus = gpuNames.length ? [...gpuNames] : [DEFAULT_GPU];
  return {
    model: {kind: "choice", label: "Preset model", default: models.includes(DEFAULT_MODEL) ? DEFAULT_MODEL : CUSTOM, options: models},
    n: {kind: "number", label: "Parameters per token N (active)", default: 175e9, min: 1e6, max: 1e13},
    total: {kind: "number", label: "Total parameters Ψ (memory)", default: 175e9, min: 1e6, max: 1e13},
    d: {kind: "number", label: "Training tokens D", default: 300e9, min: 1e8, max: 1e15},
    layers: {kind: "number", label: "Layers", default: 96, min: 1, max: 512, integer: true},
    hidden: {kind: "number", label: "Hidden size h", default: 12288, min: 64, max: 65536, integer: true},
    heads: {kind: "number", label: "Attention heads a", default: 96, min: 1, max: 1024, integer: true},
    seq: {kind: "number", label: "Sequence length s", default: 2048, min: 128, max: 131072, integer: true},
    gpu: {kind: "choice", label: "GPU", default: gpus.includes(DEFAULT_GPU) ? DEFAULT_GPU : gpus[0], options: gpus},
    gpus: {kind: "number", label: "GPUs", default: 1024, min: 1, max: 1e6, integer: true},
    mfu: {kind: "number", label: "MFU", default: 0.4, min: 0.01, max: 1},
    zero: {kind: "choice", label: "ZeRO stage", default: "1", options: ["0", "1", "2", "3"]},
    tp: {kind: "choice", label: "Tensor parallel t", default: "8", options: TENSOR_OPTIONS},
    pp: {kind: "number", label: "Pipeline stages p", default: 8, min: 1, max: 512, integer: true},
    mb: {kind: "number", label: "Micro-batch b (sequences)", default: 1, min: 1, max: 64, integer: true},
    m: {kind: "number", label: "Micro-batches per step m", default: 16, min: 1, max: 4096, integer: true},
    recompute: {kind: "choice", label: "Activation recomputation", default: "selective", options: RECOMPUTE_OPTIONS},
    watts: {kind: "number", label: "Watts per GPU (incl. host share)", default: 400, min: 50, max: 3000},
    pue: {kind: "number", label: "PUE", default: 1.1, min: 1, max: 3},
    grid: {kind: "number", label: "Grid intensity (kg CO₂e/kWh)", default: 0.429, min: 0, max: 1.5},
    price: {kind: "number", label: "Price per GPU-hour (US$)", default: 2, min: 0, max: 100},
    household: {kind: "number", label: "Household electricity (kWh/year)", default: 10500, min: 500, max: 50000}
  } as const satisfies ParamSpecs;
}

export type TrainingSpecs = ReturnType<typeof trainingParams>;
export type TrainingValues = ParamValues<TrainingSpecs>;

/** The fields a model preset fills: N (active), Ψ (total), D (training tokens, when published) and the shape. */
export function modelPreset(model: PresetModel): Partial<Record<"n" | "total" | "d" | "layers" | "hidden" | "heads", number>> {
  const out: Partial<Record<"n" | "total" | "d" | "layers" | "hidden" | "heads", number>> = {
    n: model.cardActiveParams ?? model.cardTotalParams,
    total: model.cardTotalParams,
    layers: model.nLayers,
    hidden: model.dModel,
    heads: model.nHeads
  };
  if (model.trainingTokens) out.d = model.trainingTokens;
  return out;
}

/**
 * On page load: fields the URL does not set are taken from the URL's preset model and GPU (so `?model=Llama 3 8B`
 * alone gives Llama 3 8B's N, D and shape); fields the URL sets always win.
 */
export function applyPresets(values: TrainingValues, present: ReadonlySet<string>, models: readonly PresetModel[], gpus: readonly Gpu[]): TrainingValues {
  const out = {...values};
  const model = models.find((m) => m.name === values.model);
  if (model) {
    for (const [key, value] of Object.entries(modelPreset(model)) as [keyof TrainingValues, number][]) {
      if (!present.has(key as string)) (out as Record<string, unknown>)[key] = value;
    }
  }
  const gpu = gpus.find((g) => g.name === values.gpu);
  if (gpu && !present.has("watts")) out.watts = gpu.tdpWatts;
  return out;
}

/** The model's size, training tokens and shape (section 1 of the page). */
export interface ModelShape {
  /** Parameters used per token (active). */
  n: number;
  /** Total parameters Ψ, at least n. */
  total: number;
  d: number;
  layers: number;
  hidden: number;
  heads: number;
  seq: number;
  messages: string[];
}

/** The cluster: GPU type and count, utilisation, price per GPU-hour. */
export interface Cluster {
  gpu: Gpu;
  gpus: number;
  mfu: number;
  price: number;
}

/** How the model is split and batched: ZeRO stage, tensor × pipeline × data degrees, recomputation. */
export interface Split {
  zero: ZeroStage;
  tensor: number;
  pipeline: number;
  /** Data-parallel degree: ⌊GPUs / (t·p)⌋. */
  data: number;
  microBatch: number;
  microBatches: number;
  recompute: Recompute;
  messages: string[];
}

/** Power, facility overhead, grid and the household yardstick. */
export interface EnergyInputs {
  watts: number;
  pue: number;
  grid: number;
  household: number;
}

export type TrainingSettings = Omit<ModelShape, "messages"> & Cluster & Omit<Split, "messages"> & EnergyInputs & {messages: string[]};

/** Ψ ≥ N: a total below the active count is raised to it, with a message. */
export function resolveModelShape(values: Pick<TrainingValues, "n" | "total" | "d" | "layers" | "hidden" | "heads" | "seq">): ModelShape {
  const messages: string[] = [];
  let total = values.total;
  if (total < values.n) {
    messages.push("Total parameters cannot be fewer than the parameters used per token; using N for both.");
    total = values.n;
  }
  return {n: values.n, total, d: values.d, layers: values.layers, hidden: values.hidden, heads: values.heads, seq: values.seq, messages};
}

/** The named GPU (the first one when the name is unknown) and the cluster's other fields. */
export function resolveCluster(values: Pick<TrainingValues, "gpu" | "gpus" | "mfu" | "price">, gpus: readonly Gpu[]): Cluster {
  return {gpu: gpus.find((g) => g.name === values.gpu) ?? gpus[0], gpus: values.gpus, mfu: values.mfu, price: values.price};
}

/** t·p ≤ GPUs and p ≤ layers; d = ⌊GPUs/(t·p)⌋. Every adjustment gets a message. */
export function resolveSplit(values: Pick<TrainingValues, "zero" | "tp" | "pp" | "mb" | "m" | "recompute">, shape: Pick<ModelShape, "layers" | "heads">, count: number): Split {
  const messages: string[] = [];
  let tensor = Number(values.tp);
  let pipeline = values.pp;
  if (tensor > count) {
    const fit = [...TENSOR_OPTIONS].map(Number).filter((t) => t <= count).pop() ?? 1;
    messages.push(`Tensor parallelism ${tensor} needs more than ${count} GPU${count === 1 ? "" : "s"}; using t = ${fit}.`);
    tensor = fit;
  }
  if (pipeline > shape.layers) {
    messages.push(`${pipeline} pipeline stages for ${shape.layers} layers leaves stages empty; using p = ${shape.layers}.`);
    pipeline = shape.layers;
  }
  if (tensor * pipeline > count) {
    const fit = Math.max(1, Math.floor(count / tensor));
    messages.push(`t × p = ${tensor * pipeline} is more than ${count} GPUs; using p = ${fit}.`);
    pipeline = fit;
  }
  const data = Math.max(1, Math.floor(count / (tensor * pipeline)));
  if (data * tensor * pipeline !== count) {
    messages.push(`${count} GPUs do not split evenly into t × p = ${tensor * pipeline}; the parallel plan uses ${data} × ${tensor} × ${pipeline} = ${data * tensor * pipeline} GPUs (time and energy still use all ${count}).`);
  }
  if (shape.heads % tensor !== 0) messages.push(`Tensor parallelism splits attention heads across GPUs: ${shape.heads} heads do not divide by t = ${tensor}, so a real run would pick another t.`);
  return {
    zero: Number(values.zero) as ZeroStage,
    tensor,
    pipeline,
    data,
    microBatch: values.mb,
    microBatches: values.m,
    recompute: values.recompute as Recompute,
    messages
  };
}

/**
 * All of the page's controls made consistent (Ψ ≥ N, t·p ≤ GPUs, p ≤ layers), composed from
 * the per-section resolvers the notebook calls one cell each.
 */
export function resolveTrainingSettings(values: TrainingValues, gpus: readonly Gpu[]): TrainingSettings {
  const shape = resolveModelShape(values);
  const cluster = resolveCluster(values, gpus);
  const split = resolveSplit(values, shape, cluster.gpus);
  const energy: EnergyInputs = {watts: values.watts, pue: values.pue, grid: values.grid, household: values.household};
  return {...shape, ...cluster, ...split, ...energy, messages: [...shape.messages, ...split.messages]};
}

/** Training FLOPs: 6ND, and with attention's own work by Kaplan's and PaLM's counts. */
export interface ComputeEstimate {
  flops: number;
  flopsAttentionKaplan: number;
  flopsAttentionPalm: number;
}

export function computeEstimate(s: Pick<ModelShape, "n" | "d" | "layers" | "seq" | "hidden">): ComputeEstimate {
  const shape = {layers: s.layers, contextLength: s.seq, dModel: s.hidden};
  return {
    flops: trainingFlops(s.n, s.d),
    flopsAttentionKaplan: trainingFlopsWithAttention(s.n, s.d, shape, "kaplan2020"),
    flopsAttentionPalm: trainingFlopsWithAttention(s.n, s.d, shape, "palm2022")
  };
}

/** GPU-hours, wall-clock days (perfect scaling) and cost of `flops` on the cluster. */
export interface TimeEstimate {
  gpuHours: number;
  days: number;
  costUsd: number;
}

export function timeEstimate(flops: number, c: Cluster): TimeEstimate {
  const hours = gpuHours(flops, c.gpu.bf16FlopsPerSecond, c.mfu);
  return {gpuHours: hours, days: trainingDays(flops, c.gpus, c.gpu.bf16FlopsPerSecond, c.mfu), costUsd: trainingCostUsd(hours, c.price)};
}

/** Model-state bytes per GPU for ZeRO stages 0–3 with all `gpus` data-parallel. */
export function zeroBytesByStage(total: number, gpus: number): [number, number, number, number] {
  return ([0, 1, 2, 3] as const).map((stage) => zeroMemoryPerGpu(total, gpus, stage)) as [number, number, number, number];
}

/** Activation bytes for the whole model on one GPU (t = 1), per recomputation mode. */
export function activationBytesByMode(s: Pick<ModelShape, "layers" | "seq" | "hidden" | "heads"> & Pick<Split, "microBatch">): Record<Recompute, number> {
  const shape = {seqLength: s.seq, microBatch: s.microBatch, hidden: s.hidden, heads: s.heads};
  return Object.fromEntries(RECOMPUTE_OPTIONS.map((r) => [r, s.layers * activationBytesPerLayer(shape, {recompute: r})])) as Record<Recompute, number>;
}

/** Facility energy (kWh) and emissions (t CO₂e) of `hours` GPU-hours. */
export interface EnergyEstimate {
  energyKwh: number;
  co2Tonnes: number;
}

export function energyEstimate(hours: number, e: Pick<EnergyInputs, "watts" | "pue" | "grid">): EnergyEstimate {
  const energyKwh = trainingEnergyKwh(hours, e.watts, e.pue);
  return {energyKwh, co2Tonnes: co2Tonnes(energyKwh, e.grid)};
}

export type TrainingEstimate = ComputeEstimate & TimeEstimate & EnergyEstimate & {
  /** Model-state bytes per GPU for stages 0–3 with all GPUs data-parallel. */
  zeroBytes: [number, number, number, number];
  /** Activation bytes for the whole model on one GPU (t = 1, b = micro-batch), per recomputation mode. */
  activationBytes: Record<Recompute, number>;
  plan: ParallelismEstimate;
};

/** Everything the page shows, from resolved settings (the notebook computes the same pieces cell by cell). */
export function trainingEstimate(s: TrainingSettings): TrainingEstimate {
  const compute = computeEstimate(s);
  const time = timeEstimate(compute.flops, s);
  return {
    ...compute,
    ...time,
    zeroBytes: zeroBytesByStage(s.total, s.gpus),
    activationBytes: activationBytesByMode(s),
    plan: planFor(s, s.data, s.tensor, s.pipeline),
    ...energyEstimate(time.gpuHours, s)
  };
}

/** The inputs of a 3D-parallel plan: the model shape and the batch and memory settings. */
export type PlanInputs = Pick<ModelShape, "total" | "layers" | "hidden" | "heads" | "seq"> & Pick<Split, "microBatch" | "microBatches" | "zero" | "recompute">;

/** The 3D-parallel estimate for a given split, with the page's model shape and batch settings. */
export function planFor(s: PlanInputs, data: number, tensor: number, pipeline: number): ParallelismEstimate {
  return parallelismPlan({
    params: s.total,
    layers: s.layers,
    hidden: s.hidden,
    heads: s.heads,
    seqLength: s.seq,
    microBatch: s.microBatch,
    microBatches: s.microBatches,
    data,
    tensor,
    pipeline,
    zeroStage: s.zero,
    recompute: s.recompute
  });
}

export interface SplitOption {
  data: number;
  tensor: number;
  pipeline: number;
  label: string;
  plan: ParallelismEstimate;
}

/** Alternative splits of the same GPUs: t in 1–16 and p a power of two up to the layer count. */
export function splitOptions(s: PlanInputs & {gpus: number}): SplitOption[] {
  const out: SplitOption[] = [];
  for (const tensor of TENSOR_OPTIONS.map(Number)) {
    for (let pipeline = 1; pipeline <= Math.min(s.layers, 128); pipeline *= 2) {
      const data = Math.floor(s.gpus / (tensor * pipeline));
      if (data < 1) continue;
      out.push({data, tensor, pipeline, label: `${data}×${tensor}×${pipeline}`, plan: planFor(s, data, tensor, pipeline)});
    }
  }
  return out;
}

export interface EnergyClaimFigure {
  id: string;
  /** What the claim's number implies under the page's settings, one sentence per step. */
  implied: {label: string; value: number; unit: string}[];
}

/**
 * What the documents' energy claims imply with the page's inputs:
 * d0-19 (3,000 households' annual electricity), d0-20 (150 t CO₂e for the same run), d1-51 (28 t for a 100B model).
 */
export function energyClaimFigures(s: EnergyInputs & Pick<Cluster, "gpu" | "mfu">, gpt3Flops: number): EnergyClaimFigure[] {
  const householdsKwh = 3000 * s.household;
  const hoursFor = (kwh: number) => (kwh * 1000) / (s.watts * s.pue);
  const flopsFor = (hours: number) => hours * 3600 * s.gpu.bf16FlopsPerSecond * s.mfu;
  const h19 = hoursFor(householdsKwh);
  const cleanGrid = s.grid >= 1e-6; // below 1 mg/kWh the implied energy overflows; treat as carbon-free
  const kwh51 = cleanGrid ? (28 * 1000) / s.grid : 0;
  const h51 = hoursFor(kwh51);
  return [
    {
      id: "d0-19",
      implied: [
        {label: "energy: 3,000 households × a year's electricity", value: householdsKwh / 1000, unit: "MWh"},
        {label: `GPU-hours at ${s.watts} W and PUE ${s.pue}`, value: h19, unit: "GPU-hours"},
        {label: `training compute on ${s.gpu.name} at ${Math.round(s.mfu * 100)}% MFU`, value: flopsFor(h19), unit: "FLOPs"},
        {label: "that compute as a multiple of GPT-3's 3.14e23", value: flopsFor(h19) / gpt3Flops, unit: "×"}
      ]
    },
    {
      id: "d0-20",
      implied: [
        {label: "grid intensity implied by 150 t over the 3,000-household energy", value: householdsKwh > 0 ? (150 * 1000) / householdsKwh : 0, unit: "kg CO₂e/kWh"},
        {label: `emissions of the 3,000-household energy at ${s.grid} kg/kWh`, value: co2Tonnes(householdsKwh, s.grid), unit: "t CO₂e"}
      ]
    },
    {
      id: "d1-51",
      implied: cleanGrid
        ? [
            {label: `energy that emits 28 t at ${s.grid} kg/kWh`, value: kwh51 / 1000, unit: "MWh"},
            {label: `GPU-hours at ${s.watts} W and PUE ${s.pue}`, value: h51, unit: "GPU-hours"},
            {label: "tokens a 100B dense model could train on with that compute (D = C / 6N)", value: flopsFor(h51) / (6 * 1e11), unit: "tokens"}
          ]
        : [{label: "with a zero-carbon grid any amount of energy emits 0 t", value: 0, unit: "t CO₂e"}]
    }
  ];
}
