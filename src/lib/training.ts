/**
 * What training costs: GPU time, model-state and activation memory, 3D-parallel splits,
 * communication, energy and CO₂.
 *
 * Conventions: FLOPs count a multiply-add as 2; FLOP/s are per GPU; bytes are bytes
 * (GB = 1e9 bytes, as in the ZeRO paper's figures); energy in kWh; mass of CO₂e in tonnes.
 */

/** GPU-hours to run `flops` at `mfu` (model FLOPs utilisation, 0–1) of a peak of `peakFlopsPerSecond`: C / (peak·MFU) / 3600. */
export function gpuHours(flops: number, peakFlopsPerSecond: number, mfu: number): number {
  if (!(peakFlopsPerSecond > 0) || !(mfu > 0)) throw new RangeError("peak FLOP/s and MFU must be positive");
  return flops / (peakFlopsPerSecond * mfu) / 3600;
}

/** Wall-clock days on `gpus` GPUs: GPU-hours / GPUs / 24 (perfect scaling; no restarts or idle time). */
export function trainingDays(flops: number, gpus: number, peakFlopsPerSecond: number, mfu: number): number {
  if (!(gpus > 0)) throw new RangeError("the number of GPUs must be positive");
  return gpuHours(flops, peakFlopsPerSecond, mfu) / gpus / 24;
}

/** Rental cost in US dollars: GPU-hours × price per GPU-hour (DeepSeek-V3 Table 1 assumes $2 per H800 hour). */
export function trainingCostUsd(hours: number, usdPerGpuHour: number): number {
  return hours * usdPerGpuHour;
}

/**
 * Bytes of model state per parameter for mixed-precision Adam (Rajbhandari et al. 2020, ZeRO,
 * arXiv:1910.02054, Sec. 3.1): 16-bit weights (2) + 16-bit gradients (2) + optimizer states K = 12
 * (fp32 master weights, momentum and variance, 4 bytes each) = 16 bytes.
 */
export const ADAM_MIXED_PRECISION_BYTES = {weights: 2, gradients: 2, optimizer: 12, total: 16} as const;

/** ZeRO-DP stage: 0 = plain data parallelism, 1 = P_os, 2 = P_os+g, 3 = P_os+g+p. */
export type ZeroStage = 0 | 1 | 2 | 3;

/**
 * Model-state bytes per GPU for Ψ parameters data-parallel over N_d GPUs (Rajbhandari et al. 2020, Sec. 5.1, Fig. 1):
 * stage 0: (2+2+K)Ψ; stage 1: 2Ψ + 2Ψ + KΨ/N_d; stage 2: 2Ψ + (2+K)Ψ/N_d; stage 3: (2+2+K)Ψ/N_d.
 * K = 12 for mixed-precision Adam. Activations, buffers and fragmentation are not included.
 */
export function zeroMemoryPerGpu(params: number, gpus: number, stage: ZeroStage, k: number = ADAM_MIXED_PRECISION_BYTES.optimizer): number {
  if (!Number.isInteger(gpus) || gpus < 1) throw new RangeError("the data-parallel degree must be a positive integer");
  const {weights: w, gradients: g} = ADAM_MIXED_PRECISION_BYTES;
  switch (stage) {
    case 0:
      return (w + g + k) * params;
    case 1:
      return (w + g) * params + (k * params) / gpus;
    case 2:
      return w * params + ((g + k) * params) / gpus;
    case 3:
      return ((w + g + k) * params) / gpus;
  }
}

export interface ActivationShape {
  /** Sequence length s, tokens. */
  seqLength: number;
  /** Micro-batch size b, sequences. */
  microBatch: number;
  /** Hidden size h. */
  hidden: number;
  /** Attention heads a. */
  heads: number;
}

export type Recompute = "none" | "selective" | "full";

export interface ActivationOptions {
  /** "none" stores everything; "selective" recomputes the attention core (QKᵀ, softmax, dropout, AV); "full" keeps only each layer's input. */
  recompute?: Recompute;
  /** Tensor-parallel degree t (default 1). */
  tensorParallel?: number;
  /** Megatron sequence parallelism across the same t GPUs (default false). */
  sequenceParallel?: boolean;
}

/**
 * Activation bytes stored per transformer layer on one GPU, with 16-bit activations and 1-byte dropout masks
 * (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", arXiv:2205.05198,
 * eq. 1 and Table 2). With t = 1:
 * none: s·b·h·(34 + 5·a·s/h); selective: 34·s·b·h; full recomputation: 2·s·b·h (the layer input only).
 * With tensor parallelism t: none sbh(10 + 24/t + 5as/(ht)); selective sbh(10 + 24/t); with sequence
 * parallelism as well the 10 becomes 10/t, i.e. sbh(34/t + 5as/(ht)) and 34sbh/t. Full recomputation: 2sbh.
 */
export function activationBytesPerLayer(shape: ActivationShape, options: ActivationOptions = {}): number {
  const {recompute = "none", tensorParallel: t = 1, sequenceParallel = false} = options;
  if (!(t >= 1)) throw new RangeError("the tensor-parallel degree must be at least 1");
  const {seqLength: s, microBatch: b, hidden: h, heads: a} = shape;
  const sbh = s * b * h;
  if (recompute === "full") return 2 * sbh;
  const replicated = sequenceParallel ? 10 / t : 10; // what tensor parallelism leaves whole: LayerNorms, the dropouts after each block, the blocks' inputs
  const attentionCore = recompute === "selective" ? 0 : (5 * a * s) / (h * t);
  return sbh * (replicated + 24 / t + attentionCore);
}

/**
 * Fraction of a pipeline step spent idle in the bubble, (p − 1)/(m + p − 1), for p stages and m micro-batches
 * (GPipe / 1F1B schedules). Narayanan et al. 2021 (arXiv:2104.04473) Sec. 2.2.1 state the same bubble as
 * (p − 1)/m of the ideal (bubble-free) time; the two agree: f/(1 − f) = (p − 1)/m.
 */
export function pipelineBubbleFraction(stages: number, microBatches: number): number {
  if (!(stages >= 1) || !(microBatches >= 1)) throw new RangeError("stages and micro-batches must be at least 1");
  return (stages - 1) / (microBatches + stages - 1);
}

/** Bytes each GPU sends in a ring all-reduce of `bytes` over `ranks` GPUs: 2·(n − 1)/n · bytes (reduce-scatter + all-gather). */
export function ringAllReduceBytes(bytes: number, ranks: number): number {
  return ranks <= 1 ? 0 : (2 * (ranks - 1) * bytes) / ranks;
}

export interface ParallelismConfig {
  /** Total parameters Ψ. */
  params: number;
  layers: number;
  /** Hidden size h (d_model). */
  hidden: number;
  heads: number;
  seqLength: number;
  /** Micro-batch size b, sequences. */
  microBatch: number;
  /** Micro-batches per step per pipeline, m. */
  microBatches: number;
  /** Data-parallel degree. */
  data: number;
  /** Tensor-parallel degree. */
  tensor: number;
  /** Pipeline-parallel degree. */
  pipeline: number;
  /** ZeRO stage applied across the data-parallel ranks (default 0). */
  zeroStage?: ZeroStage;
  recompute?: Recompute;
  sequenceParallel?: boolean;
}

export interface ParallelismEstimate {
  /** data × tensor × pipeline. */
  gpus: number;
  /** Ψ / (tensor · pipeline): the parameters one model-parallel shard holds (assumes an even split). */
  paramsPerShard: number;
  /** Weights + gradients + Adam states per GPU, bytes: zeroMemoryPerGpu(Ψ/(t·p), data, stage). */
  modelStateBytes: number;
  /**
   * Activation bytes on the first pipeline stage: layers/p × activationBytesPerLayer × min(m, p) micro-batches
   * in flight (1F1B schedule, Narayanan et al. 2021 Sec. 2.2.1).
   */
  activationBytes: number;
  /**
   * Bytes each GPU sends per step for the data-parallel gradient all-reduce of its 16-bit gradients,
   * 2·(d − 1)/d · 2Ψ/(t·p). ZeRO stages 1–2 move the same volume (reduce-scatter + all-gather); stage 3
   * adds a parameter all-gather in the backward pass, 1.5× (Rajbhandari et al. 2020, Sec. 7.2).
   */
  dataParallelBytes: number;
  /**
   * Bytes each GPU sends per step for tensor parallelism: per layer 2 all-reduces of the b·s·h 16-bit
   * activations in the forward and 2 in the backward (Shoeybi et al. 2019, Megatron-LM, Sec. 3;
   * Narayanan et al. 2021 Sec. 3.2), for layers/p layers and m micro-batches. Recomputation adds more; not counted.
   */
  tensorParallelBytes: number;
  /** (p − 1)/(m + p − 1). Pipeline point-to-point traffic is not estimated. */
  bubbleFraction: number;
}

/**
 * A first-order 3D-parallel (data × tensor × pipeline) estimate of per-GPU memory and per-step communication.
 * Assumes layers and parameters split evenly and ignores embeddings' special placement.
 */
export function parallelismPlan(config: ParallelismConfig): ParallelismEstimate {
  const {params, layers, hidden, heads, seqLength, microBatch, microBatches, data, tensor, pipeline} = config;
  const {zeroStage = 0, recompute = "none", sequenceParallel = false} = config;
  for (const [name, x] of [["data", data], ["tensor", tensor], ["pipeline", pipeline], ["microBatches", microBatches]] as const) {
    if (!Number.isInteger(x) || x < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  const paramsPerShard = params / (tensor * pipeline);
  const layersPerStage = layers / pipeline;
  const perLayer = activationBytesPerLayer({seqLength, microBatch, hidden, heads}, {recompute, tensorParallel: tensor, sequenceParallel});
  const gradientBytes = ADAM_MIXED_PRECISION_BYTES.gradients * paramsPerShard;
  const activationMessage = microBatch * seqLength * hidden * 2; // 16-bit
  return {
    gpus: data * tensor * pipeline,
    paramsPerShard,
    modelStateBytes: zeroMemoryPerGpu(paramsPerShard, data, zeroStage),
    activationBytes: layersPerStage * perLayer * Math.min(microBatches, pipeline),
    dataParallelBytes: ringAllReduceBytes(gradientBytes, data) * (zeroStage === 3 ? 1.5 : 1),
    tensorParallelBytes: layersPerStage * microBatches * 4 * ringAllReduceBytes(activationMessage, tensor),
    bubbleFraction: pipelineBubbleFraction(pipeline, microBatches)
  };
}

/** Facility energy in kWh: GPU-hours × watts per GPU × PUE / 1000. */
export function trainingEnergyKwh(hours: number, watts: number, pue: number): number {
  return (hours * watts * pue) / 1000;
}

/** Tonnes of CO₂e: kWh × grid intensity (kg CO₂e per kWh) / 1000. */
export function co2Tonnes(kwh: number, kgPerKwh: number): number {
  return (kwh * kgPerKwh) / 1000;
}
