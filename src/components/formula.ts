/** Shows a registry formula: symbols, then the same formula with the live numbers, then the value (typeset when near the viewport). */
import {keptTexBlock, prepareTex} from "./tex.js";
import {fillTexTemplate, texNumber, type Formula, type FormulaTex} from "../lib/formulas.js";

export interface FormulaViewOptions {
  digits?: number;
  /** Show only the symbolic line. */
  symbolicOnly?: boolean;
}

/** The TeX formulaView shows for these values (symbols, the numbers, the value), and the value. */
function formulaLines<V extends string>(formulaTex: FormulaTex, formula: Formula<V>, values: Record<V, number>, {digits = 3, symbolicOnly = false}: FormulaViewOptions): {lines: string; value: number} {
  const value = formula.evaluate(values);
  const unit = formula.result.unit ? `\\ \\text{${formula.result.unit}}` : "";
  const lines = symbolicOnly
    ? `${formulaTex.result} = ${formulaTex.symbolic}`
    : `\\begin{aligned}${formulaTex.result} &= ${formulaTex.symbolic} \\\\ &= ${fillTexTemplate(formulaTex.template, values, digits)} \\\\ &= ${texNumber(value, digits)}${unit}\\end{aligned}`;
  return {lines, value};
}

/**
 * Typesets ahead, in KaTeX's markup cache, what formulaView would show for these values, so a
 * later formulaView with them builds its element without running KaTeX (the other options of a
 * control, built in idle time).
 */
export function prepareFormulaView<V extends string>(formulaTex: FormulaTex, formula: Formula<V>, values: Record<V, number>, options: FormulaViewOptions = {}): void {
  prepareTex(formulaLines(formulaTex, formula, values, options).lines, true);
}

/** `formulaTex` comes from the formulas.json data loader; `formula` from src/lib/formulas.ts. */
export function formulaView<V extends string>(
  formulaTex: FormulaTex,
  formula: Formula<V>,
  values: Record<V, number>,
  options: FormulaViewOptions = {}
): HTMLElement {
  const {lines, value} = formulaLines(formulaTex, formula, values, options);
  // Each formula keeps its element (keptTexBlock), typeset when near the viewport; its value is
  // on the element at once.
  const element = keptTexBlock(`formula:${formula.id}${options.symbolicOnly ? ":symbolic" : ""}`, lines, "formula");
  if (element.dataset.formula !== formula.id) element.dataset.formula = formula.id;
  if (element.dataset.value !== String(value)) element.dataset.value = String(value); // unchanged: no attribute write, no style invalidation
  return element;
}
