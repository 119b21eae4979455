/** Every registry formula, by id: the formulas.json loader renders their TeX, the formula test checks each. */
import * as attention from "./formulas/attention.js";
import * as attentionCost from "./formulas/attention-cost.js";
import * as moe from "./formulas/moe.js";
import * as scaling from "./formulas/scaling.js";

export const FORMULAS = {...attention, ...attentionCost, ...moe, ...scaling} as const;
export type FormulaId = keyof typeof FORMULAS;
