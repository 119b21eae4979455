/**
 * The formula registry: one definition per formula. Each entry holds the formula as a
 * mathjs expression (`expr`, rendered to TeX at build time by src/data/formulas.json.ts)
 * and a plain TypeScript `evaluate` that pages and loaders call for plotting. The unit
 * test tests/unit/formulas.test.ts checks, for random inputs, that `evaluate` equals
 * mathjs's evaluation of `expr` — so the TeX a page shows and the numbers it plots agree.
 *
 * Conventions: FLOPs count a multiply-add as 2 FLOPs; bytes are plain bytes.
 */

export interface FormulaSymbol {
  /** TeX for the symbol. */
  tex: string;
  description: string;
  unit?: string;
}

export interface Formula<V extends string = string> {
  id: string;
  title: string;
  /** The quantity computed (left-hand side). */
  result: FormulaSymbol;
  /** mathjs syntax over the names in `symbols`. */
  expr: string;
  symbols: Record<V, FormulaSymbol>;
  evaluate: (vars: Record<V, number>) => number;
  /** Range of each input used when testing `evaluate` against `expr`. */
  domain: Record<V, [number, number]>;
}

/** A formula's TeX, made at build time from `expr` (src/lib/formula-tex.ts). */
export interface FormulaTex {
  id: string;
  title: string;
  result: string;
  /** The formula with symbols, e.g. \frac{q_i \cdot k_j}{\sqrt{d_k}}. */
  symbolic: string;
  /** The same TeX with @@name@@ where each symbol's number goes. */
  template: string;
}

function defineFormula<V extends string>(f: Formula<V>): Formula<V> {
  return f;
}

export const attentionScore = defineFormula({
  id: "attentionScore",
  title: "Scaled attention score",
  result: {tex: "s_{ij}", description: "score of query token i for key token j"},
  expr: "qk / sqrt(d_k)",
  symbols: {
    qk: {tex: "q_i \\cdot k_j", description: "dot product of query i and key j"},
    d_k: {tex: "d_k", description: "dimensions per head"}
  },
  evaluate: ({qk, d_k}) => qk / Math.sqrt(d_k),
  domain: {qk: [-50, 50], d_k: [1, 1024]}
});

export const attentionWeight = defineFormula({
  id: "attentionWeight",
  title: "Softmax weight",
  result: {tex: "a_{ij}", description: "weight token i gives token j"},
  expr: "exp((s - s_max) / T) / Z",
  symbols: {
    s: {tex: "s_{ij}", description: "score"},
    s_max: {tex: "\\max_j s_{ij}", description: "largest score in the row (subtracted for numerical stability)"},
    T: {tex: "T", description: "temperature"},
    Z: {tex: "\\textstyle\\sum_{j'} e^{(s_{ij'} - \\max_j s_{ij})/T}", description: "the row's normaliser"}
  },
  evaluate: ({s, s_max, T, Z}) => Math.exp((s - s_max) / T) / Z,
  domain: {s: [-10, 0], s_max: [0, 0], T: [0.1, 5], Z: [1, 20]}
});

export const attentionLayerFlops = defineFormula({
  id: "attentionLayerFlops",
  title: "FLOPs of one attention layer (forward pass)",
  result: {tex: "C_{\\text{attn}}", description: "floating-point operations", unit: "FLOPs"},
  expr: "8 * n * d^2 + 4 * n^2 * d",
  symbols: {
    n: {tex: "n", description: "tokens in the sequence"},
    d: {tex: "d_{\\text{model}}", description: "model width"}
  },
  evaluate: ({n, d}) => 8 * n * d * d + 4 * n * n * d,
  domain: {n: [1, 1e6], d: [1, 16384]}
});

export const FORMULAS = {attentionScore, attentionWeight, attentionLayerFlops} as const;
export type FormulaId = keyof typeof FORMULAS;

/** TeX for a number: scientific for very large/small values, parenthesised when negative. */
export function texNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x === -Infinity ? "-\\infty" : "\\infty";
  const abs = Math.abs(x);
  let body: string;
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) {
    const exp = Math.floor(Math.log10(abs));
    body = `${Number((abs / Math.pow(10, exp)).toPrecision(digits))} \\times 10^{${exp}}`;
  } else {
    body = String(Number(abs.toPrecision(digits)));
  }
  return x < 0 ? `\\left(-${body}\\right)` : body;
}

/** Fill a build-time template (@@name@@ markers) with numbers. Unknown markers throw. */
export function fillTexTemplate(template: string, values: Record<string, number>, digits = 3): string {
  return template.replace(/@@(\w+)@@/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for ${name}`);
    return texNumber(values[name], digits);
  });
}
