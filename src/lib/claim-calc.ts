/**
 * Node-side evaluation of a claim's `calc` expression with mathjs (kept out of the browser).
 * The scope offers the project's own math: bytes("bf16"), params("DeepSeek-V3"), active("Mixtral 8x7B").
 */
import {evaluate} from "mathjs";
import {DTYPE_BYTES} from "./inference.js";
import {parameterCounts, type ModelConfig} from "./models.js";

export function calcScope(models: ModelConfig[]): Record<string, (arg: string) => number> {
  const find = (name: string) => {
    const m = models.find((x) => x.name === name);
    if (!m) throw new RangeError(`no model named "${name}" in data/models.csv`);
    return m;
  };
  return {
    bytes: (dtype: string) => {
      if (!(dtype in DTYPE_BYTES)) throw new RangeError(`unknown dtype "${dtype}"`);
      return DTYPE_BYTES[dtype as keyof typeof DTYPE_BYTES];
    },
    params: (name: string) => parameterCounts(find(name)).total,
    active: (name: string) => parameterCounts(find(name)).active
  };
}

/** Evaluate a calc expression to a finite number, or throw with the reason. */
export function evaluateCalc(expression: string, scope: Record<string, (arg: string) => number>): number {
  const value = evaluate(expression, {...scope});
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`calc "${expression}" does not give a finite number`);
  return value;
}
