import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {evaluate} from "mathjs";
import {fillTexTemplate, texNumber, type Formula} from "../../src/lib/formulas.js";
import {FORMULAS} from "../../src/lib/formula-registry.js";
import {formulaTex} from "../../src/lib/formula-tex.js";
import katex from "katex";

describe("formula registry: the TeX shown and the numbers plotted come from one definition", () => {
  for (const formula of Object.values(FORMULAS) as Formula[]) {
    test(`${formula.id}: evaluate() equals mathjs on its expr for random inputs`, () => {
      const names = Object.keys(formula.domain);
      const arb = fc.record(Object.fromEntries(names.map((n) => {
        const [lo, hi] = formula.domain[n];
        return [n, fc.double({min: lo, max: hi, noNaN: true})];
      })));
      fc.assert(fc.property(arb, (vars) => {
        const a = formula.evaluate(vars as Record<string, number>);
        const b = evaluate(formula.expr, {...vars}) as number;
        assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${formula.id}: ${a} vs ${b}`);
      }));
    });
    test(`${formula.id}: every symbol has TeX and the TeX renders`, () => {
      const t = formulaTex(formula);
      katex.renderToString(t.symbolic, {throwOnError: true});
      const values = Object.fromEntries(Object.keys(formula.symbols).map((n) => [n, -1.5]));
      katex.renderToString(fillTexTemplate(t.template, values), {throwOnError: true});
      for (const name of Object.keys(formula.symbols)) assert.ok(t.template.includes(`@@${name}@@`), `${name} appears in the formula`);
    });
  }
  test("hand-worked: attention FLOPs at n = 10, d = 8 is 8·10·64 + 4·100·8 = 8320", () => {
    assert.equal(FORMULAS.attentionLayerFlops.evaluate({n: 10, d: 8}), 8320);
  });
  test("texNumber formats negatives, large and small numbers", () => {
    assert.equal(texNumber(-1.5), "\\left(-1.5\\right)");
    assert.equal(texNumber(3.14e23), "\\left(3.14 \\times 10^{23}\\right)");
    assert.equal(texNumber(8192), "8192", "whole numbers below 10⁵ are exact");
    assert.equal(texNumber(0.0001234), "\\left(1.23 \\times 10^{-4}\\right)");
    assert.throws(() => fillTexTemplate("@@x@@", {}), /no value/);
  });
});
