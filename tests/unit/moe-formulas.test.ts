import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {evaluate} from "mathjs";
import katex from "katex";
import * as moe from "../../src/lib/formulas/moe.js";
import {fillTexTemplate, type Formula} from "../../src/lib/formulas.js";
import {formulaTex} from "../../src/lib/formula-tex.js";
import {expertCapacity, moeFlopsPerToken, moeLayerParameters} from "../../src/lib/moe.js";

const FORMULAS = Object.values(moe) as Formula[];

describe("MoE registry formulas: one definition for the TeX and the numbers", () => {
  for (const formula of FORMULAS) {
    test(`${formula.id}: evaluate() equals mathjs on its expr for random inputs`, () => {
      const names = Object.keys(formula.domain);
      const arb = fc.record(Object.fromEntries(names.map((n) => [n, fc.double({min: formula.domain[n][0], max: formula.domain[n][1], noNaN: true})])));
      fc.assert(fc.property(arb, (vars) => {
        const a = formula.evaluate(vars as Record<string, number>);
        const b = evaluate(formula.expr, {...vars}) as number;
        assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${formula.id}: ${a} vs ${b}`);
      }));
    });
    test(`${formula.id}: the TeX renders and names every symbol`, () => {
      const t = formulaTex(formula);
      katex.renderToString(t.symbolic, {throwOnError: true});
      katex.renderToString(fillTexTemplate(t.template, Object.fromEntries(Object.keys(formula.symbols).map((n) => [n, 2.5]))), {throwOnError: true});
      for (const name of Object.keys(formula.symbols)) assert.ok(t.template.includes(`@@${name}@@`), `${name} appears in the formula`);
    });
  }
  test("ids are unique and prefixed, so they cannot collide with other notebooks' formulas", () => {
    const ids = FORMULAS.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^moe[A-Z]/);
  });
});

describe("hand-worked values", () => {
  test("capacity ⌈1.25 · 4096 · 2 / 64⌉ = 160, and the lib agrees", () => {
    assert.equal(moe.moeCapacity.evaluate({cf: 1.25, T: 4096, k: 2, N: 64}), 160);
    assert.equal(expertCapacity(4096, 64, 2, 1.25), 160);
  });
  test("capacity rounds up: ⌈1.25 · 21 · 2 / 8⌉ = ⌈6.5625⌉ = 7; a product that is whole up to rounding is not rounded up (1.1 · 100 / 10 = 11)", () => {
    assert.equal(moe.moeCapacity.evaluate({cf: 1.25, T: 21, k: 2, N: 8}), 7);
    assert.equal(moe.moeCapacity.evaluate({cf: 1.1, T: 100, k: 1, N: 10}), 11);
    assert.equal(expertCapacity(100, 10, 1, 1.1), 11);
  });
  test("capacity agrees with expertCapacity on random integer batches", () => {
    fc.assert(fc.property(fc.integer({min: 1, max: 100000}), fc.integer({min: 2, max: 256}), fc.integer({min: 1, max: 8}), fc.double({min: 0.5, max: 4, noNaN: true}), (T, N, k, cf) => {
      assert.equal(moe.moeCapacity.evaluate({cf, T, k, N}), expertCapacity(T, N, k, cf));
    }));
  });
  test("Mixtral 8x7B experts (src/lib/moe.ts hand count): 32 · 8 · 3 · 4096 · 14336 = 45,097,156,608 stored, 32 · 2 · … = 11,274,289,152 active, 2× that in FLOPs", () => {
    const vars = {L: 32, E: 8, S: 0, k: 2, m: 3, d: 4096, f: 14336};
    assert.equal(moe.moeTotalExpertParams.evaluate(vars), 45_097_156_608);
    assert.equal(moe.moeActiveExpertParams.evaluate(vars), 11_274_289_152);
    assert.equal(moe.moeFlopsPerTokenFormula.evaluate({Nact: 11_274_289_152}), 22_548_578_304);
    assert.equal(moe.moeWeightBytes.evaluate({Ntot: 45_097_156_608, b: 2}), 90_194_313_216);
  });
  test("DeepSeek-V3 experts: 58 · (256 + 1) · 3 · 7168 · 2048 stored, 58 · (8 + 1) · … active", () => {
    const vars = {L: 58, E: 256, S: 1, k: 8, m: 3, d: 7168, f: 2048};
    assert.equal(moe.moeTotalExpertParams.evaluate(vars), 656_463_101_952);
    assert.equal(moe.moeActiveExpertParams.evaluate(vars), 58 * 9 * 44_040_192);
  });
  test("the registry formulas agree with moeLayerParameters / moeFlopsPerToken for random layers", () => {
    fc.assert(fc.property(
      fc.record({d: fc.integer({min: 1, max: 8192}), f: fc.integer({min: 1, max: 32768}), gated: fc.boolean(), E: fc.integer({min: 1, max: 512}), S: fc.integer({min: 0, max: 4}), L: fc.integer({min: 1, max: 100})}).chain((r) => fc.record({r: fc.constant(r), k: fc.integer({min: 1, max: r.E})})),
      ({r, k}) => {
        const layer = {dModel: r.d, expertFfn: r.f, gated: r.gated, routedExperts: r.E, sharedExperts: r.S, topK: k, layers: r.L};
        const p = moeLayerParameters(layer);
        const vars = {L: r.L, E: r.E, S: r.S, k, m: r.gated ? 3 : 2, d: r.d, f: r.f};
        assert.equal(moe.moeTotalExpertParams.evaluate(vars), p.totalExpertParameters);
        assert.equal(moe.moeActiveExpertParams.evaluate(vars), p.activeExpertParameters);
        assert.equal(moe.moeFlopsPerTokenFormula.evaluate({Nact: p.activeExpertParameters}), moeFlopsPerToken(layer));
      }
    ));
  });
  test("aux loss: N · Σ fᵢPᵢ is 1 for uniform routing (f = P = 1/N) and N when one expert takes all", () => {
    assert.equal(moe.moeAuxLoss.evaluate({N: 8, fP: 8 * (1 / 8) * (1 / 8)}), 1);
    assert.equal(moe.moeAuxLoss.evaluate({N: 8, fP: 1}), 8);
  });
});
