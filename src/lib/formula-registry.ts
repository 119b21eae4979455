/** Every registry formula, by id: the formulas.json loader renders their TeX, the formula test checks each. */
import * as attention from "./formulas/attention.js";

export const FORMULAS = {...attention} as const;
export type FormulaId = keyof typeof FORMULAS;
