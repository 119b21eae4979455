import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import fc from "fast-check";
import {parseCsvRecords} from "../../src/lib/csv.js";
import {
  ADAM_MIXED_PRECISION_BYTES,
  activationBytesPerLayer,
  co2Tonnes,
  gpuHours,
  parallelismPlan,
  pipelineBubbleFraction,
  ringAllReduceBytes,
  trainingCostUsd,
  trainingDays,
  trainingEnergyKwh,
  zeroMemoryPerGpu,
  type ZeroStage
} from "../../src/lib/training.js";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
const relClose = (a: number, b: number, rel: number, what = "") => assert.ok(Math.abs(a / b - 1) <= rel, `${what} ${a} vs ${b}: off by ${((a / b - 1) * 100).toFixed(3)}%`);

const reference = (() => {
  const [header, ...rows] = parseCsvRecords(readFileSync("data/training-reference.csv", "utf8"));
  return rows.map((r) => Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]])));
})();
/** A value from data/training-reference.csv. */
const ref = (model: string, quantity: string, unit?: string): number => {
  const row = reference.find((r) => r.model === model && r.quantity === quantity && (!unit || r.unit === unit));
  assert.ok(row, `no row ${model} / ${quantity}`);
  return Number(row.value);
};
const GB = 1e9;

describe("GPU time and cost", () => {
  test("hand-worked: 3.14e23 FLOPs at 312 TFLOP/s and 50% MFU", () => {
    // 312e12 × 0.5 = 1.56e14 FLOP/s → 3.14e23 / 1.56e14 = 2.0128e9 s → 559,116 GPU-hours
    close(gpuHours(3.14e23, 312e12, 0.5), 3.14e23 / 1.56e14 / 3600, 1e-12);
    close(gpuHours(3.14e23, 312e12, 0.5), 559116.5, 1e-6);
    close(trainingDays(3.14e23, 1024, 312e12, 0.5), 559116.5 / 1024 / 24, 1e-6);
  });
  test("Patterson et al. 2021 Table 4: GPT-3 took 14.8 days on 10,000 V100s at 24.6 TFLOP/s", () => {
    const peak = 125e12; // V100 peak (Patterson footnote 12); MFU = 24.6/125 reproduces the measured 24.6 TFLOP/s
    const mfu = (ref("GPT-3 175B", "achieved_throughput_per_accelerator") * 1e12) / peak;
    const days = trainingDays(ref("GPT-3 175B", "training_compute", "FLOP"), ref("GPT-3 175B", "accelerator_count"), peak, mfu);
    assert.equal(days.toFixed(1), ref("GPT-3 175B", "training_time").toFixed(1));
  });
  test("DeepSeek-V3 Table 1: 2.788M H800 GPU-hours at $2 = $5.576M, and the stages sum to the total", () => {
    const total = ref("DeepSeek-V3", "gpu_hours_total");
    close(trainingCostUsd(total, 2), ref("DeepSeek-V3", "training_cost_usd"), 1e-12);
    const stages = ["gpu_hours_pretraining", "gpu_hours_context_extension", "gpu_hours_post_training"].map((q) => ref("DeepSeek-V3", q));
    close(stages.reduce((s, x) => s + x, 0), total, 1e-12);
  });
  test("rejects a zero MFU or GPU count", () => {
    assert.throws(() => gpuHours(1e20, 1e14, 0), RangeError);
    assert.throws(() => trainingDays(1e20, 0, 1e14, 0.4), RangeError);
  });
});

describe("ZeRO model-state memory (Rajbhandari et al. 2020)", () => {
  const zero = "ZeRO example (GPT-like, 7.5B params)";
  test("bytes per parameter equal data/training-reference.csv (2 + 2 + 12 = 16)", () => {
    const m = "Mixed-precision Adam (any model)";
    assert.equal(ADAM_MIXED_PRECISION_BYTES.weights, ref(m, "fp16_param_bytes"));
    assert.equal(ADAM_MIXED_PRECISION_BYTES.gradients, ref(m, "fp16_grad_bytes"));
    assert.equal(ADAM_MIXED_PRECISION_BYTES.optimizer, ref(m, "optimizer_state_bytes"));
    assert.equal(ADAM_MIXED_PRECISION_BYTES.optimizer, ref(zero, "optimizer_memory_multiplier_K"));
    assert.equal(ADAM_MIXED_PRECISION_BYTES.total, ref(m, "model_state_bytes_per_param"));
  });
  test("Figure 1 worked example: Ψ = 7.5B, N_d = 64 → 120, 31.4, 16.6, 1.9 GB", () => {
    // Exact: 120, 31.40625, 16.640625, 1.875 GB. The paper prints one decimal, so allow ±0.05 GB.
    const [psi, nd] = [ref(zero, "parameters"), ref(zero, "data_parallel_degree")];
    const printed = ["model_state_memory_per_gpu_baseline_dp", "model_state_memory_per_gpu_Pos", "model_state_memory_per_gpu_Pos+g", "model_state_memory_per_gpu_Pos+g+p"];
    printed.forEach((q, stage) => {
      const gb = zeroMemoryPerGpu(psi, nd, stage as ZeroStage) / GB;
      assert.ok(Math.abs(gb - ref(zero, q)) <= 0.05, `stage ${stage}: ${gb} GB vs printed ${ref(zero, q)} GB`);
    });
    close(zeroMemoryPerGpu(psi, nd, 1) / GB, 31.40625, 1e-12);
    close(zeroMemoryPerGpu(psi, nd, 3) / GB, 1.875, 1e-12);
  });
  test("Sec. 3.1: GPT-2 1.5B needs 24 GB of model state; Sec. 1: 1T parameters = 16 TB, ~16 GB each on 1024 GPUs", () => {
    close(zeroMemoryPerGpu(1.5e9, 1, 0) / GB, ref("GPT-2 1.5B (ZeRO example)", "model_state_memory"), 1e-12);
    close(zeroMemoryPerGpu(1e12, 1, 0) / 1e12, ref("1T-parameter model (ZeRO example)", "model_state_memory_total"), 1e-12);
    // 16e12 / 1024 = 15.6 GB, printed as "16 GB".
    assert.equal(Math.round(zeroMemoryPerGpu(1e12, 1024, 3) / GB), 16);
  });
  test("property: each stage saves memory; stage 3 divides everything by N_d; limits 4Ψ and 2Ψ", () => {
    fc.assert(fc.property(fc.double({min: 1e6, max: 1e13, noNaN: true}), fc.integer({min: 1, max: 4096}), (psi, nd) => {
      const m = ([0, 1, 2, 3] as const).map((s) => zeroMemoryPerGpu(psi, nd, s));
      for (let s = 1; s < 4; s++) assert.ok(m[s] <= m[s - 1] * (1 + 1e-12));
      close(m[3] * nd, m[0], 1e-12);
      assert.ok(m[1] > 4 * psi && m[2] > 2 * psi);
    }));
    close(zeroMemoryPerGpu(1e9, 1e9, 1) / 1e9, 4, 1e-6);
    close(zeroMemoryPerGpu(1e9, 1e9, 2) / 1e9, 2, 1e-6);
    assert.throws(() => zeroMemoryPerGpu(1e9, 0, 1), RangeError);
  });
});

describe("activation memory (Korthikanti et al. 2022)", () => {
  // GPT-3 175B: s = 2048, h = 12288, a = 96; 5as/h = 5·96·2048/12288 = 80, more than the 34 of the rest of the layer.
  const gpt3 = {seqLength: 2048, microBatch: 1, hidden: 12288, heads: 96};
  const sbh = 2048 * 12288;
  test("hand-worked GPT-3 layer: sbh(34 + 80), 34·sbh selective, 2·sbh full", () => {
    close(activationBytesPerLayer(gpt3), sbh * 114, 1e-12);
    close(activationBytesPerLayer(gpt3) / GB, 2.869, 1e-3);
    close(activationBytesPerLayer(gpt3, {recompute: "selective"}), sbh * 34, 1e-12);
    close(activationBytesPerLayer(gpt3, {recompute: "full"}), sbh * 2, 1e-12);
  });
  test("Table 2 with tensor parallelism t = 8: sbh(10 + 24/t + 5as/(ht)); with sequence parallelism everything / t", () => {
    close(activationBytesPerLayer(gpt3, {tensorParallel: 8}), sbh * (10 + 3 + 10), 1e-12);
    close(activationBytesPerLayer(gpt3, {tensorParallel: 8, recompute: "selective"}), sbh * 13, 1e-12);
    close(activationBytesPerLayer(gpt3, {tensorParallel: 8, sequenceParallel: true}), (sbh * 114) / 8, 1e-12);
    close(activationBytesPerLayer(gpt3, {tensorParallel: 8, sequenceParallel: true, recompute: "selective"}), (sbh * 34) / 8, 1e-12);
  });
  test("property: linear in the micro-batch; full ≤ selective ≤ none", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 16}), fc.integer({min: 128, max: 32768}), fc.integer({min: 1, max: 64}), fc.integer({min: 1, max: 8}), (b, s, heads, t) => {
      const shape = {seqLength: s, microBatch: b, hidden: heads * 128, heads};
      const [none, sel, full] = (["none", "selective", "full"] as const).map((recompute) => activationBytesPerLayer(shape, {recompute, tensorParallel: t}));
      assert.ok(full < sel && sel < none);
      close(activationBytesPerLayer({...shape, microBatch: 2 * b}), 2 * activationBytesPerLayer(shape), 1e-12);
    }));
  });
});

describe("pipeline bubble, all-reduce and the 3D split", () => {
  test("bubble (p − 1)/(m + p − 1): hand-worked p = 4, m = 8 → 3/11; equals Narayanan's (p − 1)/m of ideal time", () => {
    close(pipelineBubbleFraction(4, 8), 3 / 11, 1e-12);
    const f = pipelineBubbleFraction(4, 8);
    close(f / (1 - f), 3 / 8, 1e-12);
    assert.equal(pipelineBubbleFraction(1, 1), 0);
    assert.ok(pipelineBubbleFraction(8, 1e6) < 1e-5);
  });
  test("ring all-reduce sends 2(n − 1)/n of the buffer per GPU", () => {
    close(ringAllReduceBytes(100, 2), 100, 1e-12);
    close(ringAllReduceBytes(100, 4), 150, 1e-12);
    assert.equal(ringAllReduceBytes(100, 1), 0);
  });
  test("hand-worked 3D split: 175B params, 96 layers, d = 8, t = 8, p = 12, m = 16", () => {
    const plan = parallelismPlan({
      params: 175e9, layers: 96, hidden: 12288, heads: 96, seqLength: 2048, microBatch: 1, microBatches: 16,
      data: 8, tensor: 8, pipeline: 12, zeroStage: 1, recompute: "selective", sequenceParallel: true
    });
    assert.equal(plan.gpus, 768);
    const shard = 175e9 / 96; // 1.8229e9 parameters per (t, p) shard
    close(plan.paramsPerShard, shard, 1e-12);
    close(plan.modelStateBytes, 4 * shard + (12 * shard) / 8, 1e-12); // ZeRO-1 over d = 8: 10.025 GB
    close(plan.modelStateBytes / GB, 10.026, 1e-3);
    const sbh = 2048 * 12288;
    close(plan.activationBytes, 8 * ((34 * sbh) / 8) * 12, 1e-12); // 8 layers/stage × 34sbh/t × min(m, p) = 12 in flight
    close(plan.dataParallelBytes, ((2 * 7) / 8) * 2 * shard, 1e-12);
    close(plan.tensorParallelBytes, 8 * 16 * 4 * ((2 * 7) / 8) * sbh * 2, 1e-12);
    close(plan.bubbleFraction, 11 / 27, 1e-12);
  });
  test("ZeRO-3 moves 1.5× the data-parallel volume (Rajbhandari et al. 2020 Sec. 7.2); no splits, no traffic", () => {
    const base = {params: 1e9, layers: 24, hidden: 2048, heads: 16, seqLength: 2048, microBatch: 4, microBatches: 1, data: 16, tensor: 1, pipeline: 1};
    close(parallelismPlan({...base, zeroStage: 3}).dataParallelBytes, 1.5 * parallelismPlan({...base, zeroStage: 2}).dataParallelBytes, 1e-12);
    close(parallelismPlan({...base, zeroStage: 2}).dataParallelBytes, parallelismPlan(base).dataParallelBytes, 1e-12);
    const single = parallelismPlan({...base, data: 1});
    assert.equal(single.dataParallelBytes + single.tensorParallelBytes + single.bubbleFraction, 0);
    close(single.modelStateBytes, 16e9, 1e-12);
    assert.throws(() => parallelismPlan({...base, tensor: 0}), RangeError);
  });
});

describe("energy and emissions", () => {
  test("Patterson et al. 2021 Table 4: 1,287 MWh × 0.429 kg/kWh = 552.1 tCO2e", () => {
    const mwh = ref("GPT-3 175B", "training_energy");
    const t = co2Tonnes(mwh * 1000, ref("GPT-3 175B", "grid_carbon_intensity"));
    assert.equal(t.toFixed(1), ref("GPT-3 175B", "training_emissions").toFixed(1));
  });
  test("Patterson Table 4 inputs reproduce its energy: 10,000 GPUs × 14.8 days × 330 W × PUE 1.1 ≈ 1,287 MWh", () => {
    const hours = ref("GPT-3 175B", "accelerator_count") * ref("GPT-3 175B", "training_time") * 24;
    const kwh = trainingEnergyKwh(hours, ref("GPT-3 175B", "avg_power_per_accelerator"), ref("GPT-3 175B", "datacenter_pue"));
    // 14.8 days is rounded to 3 figures (±0.34%); the product is 1,289.4 MWh.
    relClose(kwh / 1000, ref("GPT-3 175B", "training_energy"), 0.004);
  });
  test("Llama 2 Table 2: the 70B (400 W) and 34B (350 W) rows imply the same grid intensity, ≈ 0.4235 kg/kWh", () => {
    // Power is already PUE-adjusted in the paper, so PUE = 1 here.
    const e70 = trainingEnergyKwh(ref("Llama 2 70B", "gpu_hours"), ref("Llama 2 70B", "gpu_power"), 1);
    const k = (ref("Llama 2 70B", "training_emissions") * 1000) / e70;
    close(k, 0.4235, 1e-3);
    const e34 = trainingEnergyKwh(ref("Llama 2 34B", "gpu_hours"), 350, 1);
    assert.equal(co2Tonnes(e34, k).toFixed(1), ref("Llama 2 34B", "training_emissions").toFixed(1));
  });
  test("hand-worked: 1,000 GPU-hours at 700 W and PUE 1.2 = 840 kWh; at 0.4 kg/kWh = 0.336 t", () => {
    close(trainingEnergyKwh(1000, 700, 1.2), 840, 1e-12);
    close(co2Tonnes(840, 0.4), 0.336, 1e-12);
  });
});
