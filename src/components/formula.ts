/** Shows a registry formula: symbols, then the same formula with the live numbers, then the value (typeset when near the viewport). */
import {prepareTex, retypesetText, tex} from "./tex.js";
import {isNearViewport, rebuildWhenVisible, renderWhenVisible} from "./lazy-render.js";
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
  // KaTeX runs when the formula is near the viewport; its value is on the element at once.
  // Each formula keeps its element, so a re-run cell can leave it on the page
  // (displayUnlessShown): the same TeX leaves it as it is; new numbers in the same form are
  // written into its text when it is near the viewport (retypesetText); anything else is
  // typeset into it now if near the viewport, else when it comes near (rebuildWhenVisible).
  const key = `formula:${formula.id}${options.symbolicOnly ? ":symbolic" : ""}`;
  const last = shownFormulas.get(key);
  if (last) {
    if (last.lines !== lines && !(isNearViewport(key) && retypeset(last.element, lines))) rebuildWhenVisible(last.element, () => tex.block(lines));
    last.lines = lines;
    last.element.dataset.value = String(value);
    return last.element;
  }
  const element = renderWhenVisible(key, () => tex.block(lines), "formula");
  element.dataset.formula = formula.id;
  element.dataset.value = String(value);
  shownFormulas.set(key, {lines, element});
  return element;
}

/** The latest element and TeX per formula key. */
const shownFormulas = new Map<string, {lines: string; element: HTMLElement}>();

/** Rewrite a built formula's numbers in place; false when it is not built yet or its form changed. */
function retypeset(element: HTMLElement, lines: string): boolean {
  const block = element.firstElementChild;
  return block !== null && block.classList.contains("tex-block") && retypesetText(block, lines);
}
