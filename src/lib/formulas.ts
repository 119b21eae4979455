/**
 * The formula registry's types: one definition per formula (the formulas themselves live in
 * src/lib/formulas/*.ts and are gathered in src/lib/formula-registry.ts). Each entry holds the formula as a
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

/** Define a registry formula (keeps the symbol names typed). */
export function defineFormula<V extends string>(f: Formula<V>): Formula<V> {
  return f;
}



/** TeX for a number: scientific for very large/small values, parenthesised when negative. */
export function texNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x === -Infinity ? "-\\infty" : "\\infty";
  const abs = Math.abs(x);
  let body: string;
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) {
    const exp = Math.floor(Math.log10(abs));
    body = `${Number((abs / Math.pow(10, exp)).toPrecision(digits))} \\times 10^{${exp}}`;
  } else {
    // Whole numbers below 10⁵ are shown exactly (8192, not 8190).
    body = Number.isInteger(abs) ? String(abs) : String(Number(abs.toPrecision(digits)));
  }
  // Negative and scientific-notation numbers are parenthesised, so a power applies to the whole number.
  return x < 0 ? `\\left(-${body}\\right)` : body.includes("\\times") ? `\\left(${body}\\right)` : body;
}

/** Fill a build-time template (@@name@@ markers) with numbers. Unknown markers throw. */
export function fillTexTemplate(template: string, values: Record<string, number>, digits = 3): string {
  return template.replace(/@@(\w+)@@/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for ${name}`);
    return texNumber(values[name], digits);
  });
}
