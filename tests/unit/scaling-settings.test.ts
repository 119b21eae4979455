import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {parseParams} from "../../src/lib/params.js";
import {FITS, computeOptimal, loss} from "../../src/lib/scaling.js";
import {zeroMemoryPerGpu, gpuHours, trainingEnergyKwh, co2Tonnes} from "../../src/lib/training.js";
import * as F from "../../src/lib/formulas/scaling.js";
import {FIT_IDS, GRID_EXTENT, SCALING_PARAMS, lossContours, lossGrid, modelRegimes, optimalTokensFor, regimeLabel, resolveScalingSettings, scalingClaimFigures} from "../../src/lib/scaling-settings.js";
import {applyPresets, energyClaimFigures, resolveTrainingSettings, splitOptions, trainingEstimate, trainingParams, type Gpu, type PresetModel} from "../../src/lib/training-settings.js";

const close = (a: number, b: number, rel = 1e-9) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const finiteDeep = (x: unknown): boolean => typeof x === "number" ? Number.isFinite(x) : Array.isArray(x) ? x.every(finiteDeep) : x && typeof x === "object" ? Object.values(x).every(finiteDeep) : true;

describe("registry formulas of the scaling and training notebooks, hand-worked", () => {
  test("GPT-3: 6 · 175e9 · 300e9 = 3.15e23 FLOPs", () => {
    close(F.trainingCompute.evaluate({N: 175e9, D: 300e9}), 3.15e23);
  });
  test("ZeRO, Rajbhandari et al. 2020 Fig. 1: Ψ = 7.5B on N_d = 64 → 120, 31.4, 16.6, 1.875 GB", () => {
    const v = {Psi: 7.5e9, K: 12, N_d: 64};
    close(F.zeroStage0Memory.evaluate(v), 120e9);
    assert.equal(Math.round(F.zeroStage1Memory.evaluate(v) / 1e8) / 10, 31.4);
    assert.equal(Math.round(F.zeroStage2Memory.evaluate(v) / 1e8) / 10, 16.6);
    close(F.zeroStage3Memory.evaluate(v), 1.875e9);
    for (const [stage, f] of [F.zeroStage0Memory, F.zeroStage1Memory, F.zeroStage2Memory, F.zeroStage3Memory].entries()) {
      close(f.evaluate(v), zeroMemoryPerGpu(7.5e9, 64, stage as 0 | 1 | 2 | 3));
    }
  });
  test("Chinchilla loss and N_opt agree with src/lib/scaling.ts for every Chinchilla-form fit", () => {
    for (const fit of Object.values(FITS)) {
      if (fit.kind !== "chinchilla") continue;
      close(F.chinchillaLoss.evaluate({E0: fit.E, A: fit.A, N: 70e9, alpha: fit.alpha, B: fit.B, D: 1.4e12, beta: fit.beta}), loss(70e9, 1.4e12, fit));
      const opt = computeOptimal(5.76e23, fit);
      close(F.computeOptimalN.evaluate({alpha: fit.alpha, A: fit.A, beta: fit.beta, B: fit.B, C: 5.76e23}), opt.n);
      close(F.computeOptimalD.evaluate({C: 5.76e23, N_opt: opt.n}), opt.d);
    }
    const k = FITS.kaplan2020;
    close(F.kaplanLoss.evaluate({N_c: k.Nc, N: 1e9, alpha_N: k.alphaN, alpha_D: k.alphaD, D_c: k.Dc, D: 1e11}), loss(1e9, 1e11, k));
  });
  test("Patterson et al. 2021 Table 4: 1,287 MWh × 0.429 kg/kWh = 552.1 t; GPU-hours C/(peak·MFU·3600)", () => {
    close(F.trainingCo2.evaluate({kWh: 1287e3, g: 0.429}), 552.123);
    close(F.trainingCo2.evaluate({kWh: 1287e3, g: 0.429}), co2Tonnes(1287e3, 0.429));
    close(F.trainingEnergy.evaluate({H: 1000, W: 700, PUE: 1.2}), 840);
    close(F.trainingEnergy.evaluate({H: 1000, W: 700, PUE: 1.2}), trainingEnergyKwh(1000, 700, 1.2));
    close(F.trainingGpuHours.evaluate({C: 3.14e23, P: 312e12, u: 0.5}), gpuHours(3.14e23, 312e12, 0.5));
  });
});

describe("scaling settings", () => {
  test("defaults: Hoffmann fit at Gopher's 5.76e23 FLOPs gives a finite optimum near 20+ tokens per parameter", () => {
    const {values, messages} = parseParams("", SCALING_PARAMS);
    assert.deepEqual(messages, []);
    const s = resolveScalingSettings(values);
    assert.equal(s.fitId, "hoffmann2022");
    assert.ok(s.closedForm);
    close(6 * s.optimalN * s.optimalD, 5.76e23, 1e-9);
    assert.ok(s.tokensPerParameter > 20 && s.tokensPerParameter < 200);
  });
  test("garbage URL: unknown fit → default, flops=abc → default, out-of-range clamped, all with messages", () => {
    const {values, messages} = parseParams("?fit=nope&flops=abc&n=1e308&d=-5", SCALING_PARAMS);
    assert.equal(messages.length, 4);
    const s = resolveScalingSettings(values);
    assert.equal(s.fitId, "hoffmann2022");
    assert.equal(s.flops, SCALING_PARAMS.flops.default);
    assert.equal(s.fixedN, SCALING_PARAMS.n.max);
    assert.equal(s.fixedD, SCALING_PARAMS.d.min);
    assert.ok(finiteDeep({...s, fit: 0}));
  });
  test("property: every fit and budget gives a finite optimum with 6·N·D = C", () => {
    fc.assert(fc.property(fc.constantFrom(...FIT_IDS), fc.double({min: 18, max: 27, noNaN: true}), (fit, e) => {
      const s = resolveScalingSettings({fit, flops: Math.pow(10, e), n: 7e10, d: 2e12});
      assert.ok(Number.isFinite(s.optimalN) && Number.isFinite(s.optimalD) && Number.isFinite(s.lossAtOptimum));
      close(6 * s.optimalN * s.optimalD, Math.pow(10, e), 1e-6);
    }), {numRuns: 60});
  });
  test("the loss grid is computed once per fit and is finite", () => {
    const g = lossGrid("besiroglu2024");
    assert.equal(lossGrid("besiroglu2024"), g, "cached");
    assert.equal(g.values.length, 100 * 100);
    assert.ok(g.values.every(Number.isFinite));
    assert.ok(g.min < g.p95 && g.p95 <= g.max);
  });
  test("optimalTokensFor inverts the frontier", () => {
    for (const id of FIT_IDS) {
      const fit = FITS[id];
      const d = optimalTokensFor(1e11, fit);
      close(computeOptimal(6 * 1e11 * d, fit).n, 1e11, 1e-6);
    }
  });
  test("regimes: GPT-3 is under-trained and Llama 3 8B over-trained under Hoffmann; MoE uses active parameters; duplicates dropped", () => {
    const rows = [
      {name: "GPT-3 175B", family: "GPT-3", arch: "decoder", trainingTokens: 300e9, cardTotalParams: 175e9, cardActiveParams: 175e9, counts: null},
      {name: "Llama 3 8B", family: "Llama 3", arch: "decoder", trainingTokens: 15e12, cardTotalParams: 8e9, cardActiveParams: 8e9, counts: null},
      {name: "DeepSeek-V3", family: "DeepSeek", arch: "decoder", trainingTokens: 14.8e12, cardTotalParams: 671e9, cardActiveParams: 37e9, counts: null},
      {name: "DeepSeek-R1", family: "DeepSeek", arch: "decoder", trainingTokens: 14.8e12, cardTotalParams: 671e9, cardActiveParams: 37e9, counts: null},
      {name: "BERT-base", family: "BERT", arch: "encoder", trainingTokens: 128e9, cardTotalParams: 110e6, cardActiveParams: 110e6, counts: null}
    ];
    const r = modelRegimes(rows, FITS.hoffmann2022);
    assert.deepEqual(r.map((m) => m.name), ["GPT-3 175B", "Llama 3 8B", "DeepSeek-V3"]);
    assert.match(r[0].label, /^under-trained ×\d/);
    assert.match(r[1].label, /^over-trained ×\d/);
    close(r[2].flops, 6 * 37e9 * 14.8e12);
    assert.ok(r[2].moe);
    assert.equal(regimeLabel(1.1), "near compute-optimal");
    assert.equal(regimeLabel(NaN), "—");
  });
  test("claim figures: 100B → 10T at fixed D is a small relative loss reduction; each 10× of data buys less", () => {
    for (const id of FIT_IDS) {
      const figs = scalingClaimFigures(FITS[id], 7e10, 2e12);
      assert.deepEqual(figs.map((f) => f.id), ["d0-09", "d0-16", "d0-18", "d2-04"]);
      for (const f of figs) for (const a of f.answers) assert.ok(a.reduction > 0 && a.reduction < 1, `${id} ${f.id} ${a.assumption}`);
      const decades = figs[1].answers.map((a) => a.reduction);
      for (let i = 1; i < decades.length; i++) assert.ok(decades[i] < decades[i - 1], `${id}: diminishing returns`);
    }
    // Hand-worked, Hoffmann (rounded): L(70B, 10T) = 1.69 + 406.4/70e9^0.34 + 410.7/1e13^0.28.
    const h = FITS.hoffmann2022;
    const l10 = 1.69 + 406.4 / Math.pow(70e9, 0.34) + 410.7 / Math.pow(1e13, 0.28);
    const l100 = 1.69 + 406.4 / Math.pow(70e9, 0.34) + 410.7 / Math.pow(1e14, 0.28);
    close(scalingClaimFigures(h, 70e9, 2e12)[2].answers[0].reduction, 1 - l100 / l10);
  });
});

const GPUS: Gpu[] = [
  {name: "A100 80GB SXM", memoryBytes: 80e9, bf16FlopsPerSecond: 312e12, tdpWatts: 400},
  {name: "H100 SXM", memoryBytes: 80e9, bf16FlopsPerSecond: 989.5e12, tdpWatts: 700}
];
const MODELS: PresetModel[] = [
  {name: "GPT-3 175B", arch: "decoder", trainingTokens: 300e9, cardTotalParams: 175e9, cardActiveParams: 175e9, nLayers: 96, dModel: 12288, nHeads: 96},
  {name: "DeepSeek-V3", arch: "decoder", trainingTokens: 14.8e12, cardTotalParams: 671e9, cardActiveParams: 37e9, nLayers: 61, dModel: 7168, nHeads: 128},
  {name: "Mistral 7B", arch: "decoder", trainingTokens: null, cardTotalParams: 7.3e9, cardActiveParams: 7.3e9, nLayers: 32, dModel: 4096, nHeads: 32}
];
const SPECS = trainingParams(MODELS.map((m) => m.name), GPUS.map((g) => g.name));
const parse = (search: string) => {
  const {values, messages} = parseParams(search, SPECS);
  const present = new Set(new URLSearchParams(search).keys());
  return {values: applyPresets(values, present, MODELS, GPUS), messages};
};

describe("training settings", () => {
  test("defaults: GPT-3 on 1,024 A100s; 3.15e23 FLOPs; finite everything", () => {
    const {values, messages} = parse("");
    assert.deepEqual(messages, []);
    const s = resolveTrainingSettings(values, GPUS);
    assert.deepEqual(s.messages, []);
    const e = trainingEstimate(s);
    close(e.flops, 3.15e23);
    close(e.gpuHours, 3.15e23 / (312e12 * 0.4 * 3600));
    assert.equal(s.data * s.tensor * s.pipeline, 1024);
    assert.ok(finiteDeep(e));
  });
  test("a preset fills N (active), Ψ (total), D and the shape unless the URL sets them", () => {
    const s = resolveTrainingSettings(parse("?model=DeepSeek-V3&d=1e12").values, GPUS);
    assert.equal(s.n, 37e9);
    assert.equal(s.total, 671e9);
    assert.equal(s.d, 1e12, "the URL's D wins");
    assert.equal(s.layers, 61);
    const m = resolveTrainingSettings(parse("?model=Mistral+7B").values, GPUS);
    assert.equal(m.n, 7.3e9);
    assert.equal(m.d, SPECS.d.default, "no published tokens: D unchanged");
    const g = resolveTrainingSettings(parse("?gpu=H100+SXM").values, GPUS);
    assert.equal(g.watts, 700, "the GPU preset sets its TDP");
  });
  test("garbage URL: clamped or default with messages, and the estimate stays finite", () => {
    const {values, messages} = parse("?fit=nope&flops=abc&mfu=-1&gpus=1e308&tp=3&pp=999&model=%3Cscript%3E&total=1");
    assert.ok(messages.some((m) => /^MFU: .*clamped to 0\.01/.test(m)), messages.join("\n"));
    assert.ok(messages.some((m) => /^GPUs: .*clamped to 1e6/.test(m)));
    assert.ok(messages.some((m) => /^Tensor parallel/.test(m)));
    assert.ok(messages.some((m) => /^Preset model/.test(m)));
    assert.ok(!messages.join(" ").includes("<script>"), "messages never echo the raw value");
    const s = resolveTrainingSettings(values, GPUS);
    assert.equal(s.total, s.n, "Ψ below N is raised to N");
    assert.ok(s.pipeline <= s.layers);
    assert.ok(s.messages.length >= 2);
    assert.ok(finiteDeep(trainingEstimate(s)));
  });
  test("property: any in-range values give a finite estimate, a split within the GPU count, and finite split options", () => {
    const arb = fc.record({
      gpus: fc.integer({min: 1, max: 100000}),
      tp: fc.constantFrom("1", "2", "4", "8", "16"),
      pp: fc.integer({min: 1, max: 512}),
      layers: fc.integer({min: 1, max: 200}),
      n: fc.double({min: 1e6, max: 1e13, noNaN: true}),
      total: fc.double({min: 1e6, max: 1e13, noNaN: true}),
      seq: fc.integer({min: 128, max: 131072}),
      grid: fc.double({min: 0, max: 1.5, noNaN: true})
    });
    fc.assert(fc.property(arb, (v) => {
      const s = resolveTrainingSettings({...parse("").values, ...v}, GPUS);
      assert.ok(s.data * s.tensor * s.pipeline <= s.gpus);
      assert.ok(s.total >= s.n);
      assert.ok(finiteDeep(trainingEstimate(s)));
      assert.ok(splitOptions(s).every((o) => finiteDeep(o.plan)));
      for (const f of energyClaimFigures(s, 3.14e23)) for (const x of f.implied) assert.ok(Number.isFinite(x.value));
    }), {numRuns: 80});
  });
  test("energy claims: 3,000 households × 10,500 kWh = 31.5 GWh; 150 t over it is about 4.8 g/kWh", () => {
    const s = resolveTrainingSettings(parse("").values, GPUS);
    const [d19, d20] = energyClaimFigures(s, 3.14e23);
    close(d19.implied[0].value, 31500);
    close(d20.implied[0].value, 150e3 / 31.5e6);
  });
});

describe("iso-loss contours of the loss surface", () => {
  for (const fitId of FIT_IDS) {
    test(`${fitId}: every vertex lies on its line, L(N, D) within 0.1% of the threshold, inside the surface`, () => {
      const lines = lossContours(fitId);
      assert.ok(lines.length >= 5, "several lines");
      const grid = lossGrid(fitId);
      const [n0, n1] = GRID_EXTENT.logN;
      const [d0, d1] = GRID_EXTENT.logD;
      // Vertices within half a cell of the border close polygons along it; they need not be on the line.
      const halfN = (0.5 * (n1 - n0)) / grid.width + 1e-9;
      const halfD = (0.5 * (d1 - d0)) / grid.height + 1e-9;
      let vertices = 0;
      for (const {threshold, geometry} of lines) {
        assert.ok(threshold > grid.min && threshold < grid.max);
        for (const polygon of geometry.coordinates) for (const ring of polygon) for (const [x, y] of ring) {
          assert.ok(x >= n0 && x <= n1 && y >= d0 && y <= d1, `(${x}, ${y}) inside the surface`);
          if (x < n0 + halfN || x > n1 - halfN || y < d0 + halfD || y > d1 - halfD) continue;
          const l = loss(10 ** x, 10 ** y, FITS[fitId]);
          assert.ok(Math.abs(l - threshold) <= 1e-3 * threshold, `${fitId}: L(10^${x}, 10^${y}) = ${l}, line ${threshold}`);
          vertices++;
        }
      }
      assert.ok(vertices > 100, `checked ${vertices} vertices`);
    });
  }
  test("computed once per fit", () => {
    assert.equal(lossContours("kaplan2020"), lossContours("kaplan2020"));
  });
});
