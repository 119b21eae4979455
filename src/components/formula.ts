/** Shows a registry formula: symbols, then the same formula with the live numbers, then the value (typeset when near the viewport). */
import {tex} from "./tex.js";
import {renderWhenVisible} from "./lazy-render.js";
import {memoOutput} from "./memo-output.js";
import {fillTexTemplate, texNumber, type Formula, type FormulaTex} from "../lib/formulas.js";

export interface FormulaViewOptions {
  digits?: number;
  /** Show only the symbolic line. */
  symbolicOnly?: boolean;
}

/** `formulaTex` comes from the formulas.json data loader; `formula` from src/lib/formulas.ts. */
export function formulaView<V extends string>(
  formulaTex: FormulaTex,
  formula: Formula<V>,
  values: Record<V, number>,
  {digits = 3, symbolicOnly = false}: FormulaViewOptions = {}
): HTMLElement {
  const value = formula.evaluate(values);
  const unit = formula.result.unit ? `\\ \\text{${formula.result.unit}}` : "";
  const lines = symbolicOnly
    ? `${formulaTex.result} = ${formulaTex.symbolic}`
    : `\\begin{aligned}${formulaTex.result} &= ${formulaTex.symbolic} \\\\ &= ${fillTexTemplate(formulaTex.template, values, digits)} \\\\ &= ${texNumber(value, digits)}${unit}\\end{aligned}`;
  // KaTeX runs when the formula is near the viewport; its value is on the element at once.
  // The same TeX gives back the element made last time (memo-output.ts), so a cell re-run by a
  // control this formula does not use can leave it on the page (displayUnlessShown).
  const key = `formula:${formula.id}${symbolicOnly ? ":symbolic" : ""}`;
  return memoOutput(key, [lines], () => {
    const el = renderWhenVisible(key, () => tex.block(lines), "formula");
    el.dataset.formula = formula.id;
    el.dataset.value = String(value);
    return el;
  });
}
