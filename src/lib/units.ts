/**
 * Normalising numbers as the documents print them ("1750亿", "20K", "96GB", "40%", "3倍")
 * into base units: counts as plain numbers, bytes, seconds, watts, joules, kg CO₂e, USD,
 * FLOPs; percentages and ratios as fractions/multipliers.
 * Conventions: GB/MB/TB are decimal (10⁹ bytes…), GiB is binary (2³⁰); kWh = 3.6 MJ.
 */

export type BaseUnit =
  | "count" | "bytes" | "bits" | "seconds" | "fraction" | "ratio" | "watts" | "joules" | "kg CO2e"
  | "USD" | "FLOPs" | "FLOP/s" | "tokens/s" | "year" | "points" | "households" | "complexity";

interface UnitRule {
  factor: number;
  base: BaseUnit;
}

/** Every unit form that appears in the documents, with its factor to the base unit. */
export const UNIT_RULES: Record<string, UnitRule> = {
  none: {factor: 1, base: "count"},
  count: {factor: 1, base: "count"},
  params: {factor: 1, base: "count"},
  token: {factor: 1, base: "count"},
  tokens: {factor: 1, base: "count"},
  expert: {factor: 1, base: "count"},
  layer: {factor: 1, base: "count"},
  head: {factor: 1, base: "count"},
  dim: {factor: 1, base: "count"},
  万: {factor: 1e4, base: "count"},
  百万: {factor: 1e6, base: "count"},
  亿: {factor: 1e8, base: "count"},
  百亿: {factor: 1e10, base: "count"},
  千亿: {factor: 1e11, base: "count"},
  万亿: {factor: 1e12, base: "count"},
  K: {factor: 1e3, base: "count"},
  M: {factor: 1e6, base: "count"},
  B: {factor: 1e9, base: "count"},
  T: {factor: 1e12, base: "count"},
  "%": {factor: 0.01, base: "fraction"},
  ratio: {factor: 1, base: "ratio"},
  倍: {factor: 1, base: "ratio"},
  "×": {factor: 1, base: "ratio"},
  bit: {factor: 1, base: "bits"},
  byte: {factor: 1, base: "bytes"},
  MB: {factor: 1e6, base: "bytes"},
  GB: {factor: 1e9, base: "bytes"},
  GiB: {factor: 2 ** 30, base: "bytes"},
  TB: {factor: 1e12, base: "bytes"},
  ms: {factor: 1e-3, base: "seconds"},
  s: {factor: 1, base: "seconds"},
  min: {factor: 60, base: "seconds"},
  h: {factor: 3600, base: "seconds"},
  day: {factor: 86400, base: "seconds"},
  year: {factor: 1, base: "year"},
  W: {factor: 1, base: "watts"},
  kW: {factor: 1e3, base: "watts"},
  MW: {factor: 1e6, base: "watts"},
  kWh: {factor: 3.6e6, base: "joules"},
  MWh: {factor: 3.6e9, base: "joules"},
  GWh: {factor: 3.6e12, base: "joules"},
  "t CO2e": {factor: 1000, base: "kg CO2e"},
  USD: {factor: 1, base: "USD"},
  万美元: {factor: 1e4, base: "USD"},
  亿美元: {factor: 1e8, base: "USD"},
  FLOPs: {factor: 1, base: "FLOPs"},
  TFLOPS: {factor: 1e12, base: "FLOP/s"},
  PFLOPS: {factor: 1e15, base: "FLOP/s"},
  "token/s": {factor: 1, base: "tokens/s"},
  point: {factor: 1, base: "points"},
  households: {factor: 1, base: "households"},
  complexity: {factor: 1, base: "complexity"}
};

export interface Normalized {
  /** Value in the base unit; null for forms that are not numbers (e.g. "n log n"). */
  value: number | null;
  base: BaseUnit;
}

/** Normalise a printed value and unit. Throws on an unknown unit or a non-numeric value (except complexity). */
export function normalizeQuantity(printed: string, unit: string): Normalized {
  const rule = UNIT_RULES[unit];
  if (!rule) throw new RangeError(`unknown unit "${unit}"`);
  const text = printed.trim().replace(/,/g, "");
  if (rule.base === "complexity") {
    if (!/^n(\^\d+| log n|\^\d+ log n)?$/.test(text)) throw new RangeError(`"${printed}" is not a complexity like n^2 or n log n`);
    return {value: null, base: "complexity"};
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) throw new RangeError(`"${printed}" is not a number`);
  const value = Number(text) * rule.factor;
  // Round away floating-point noise from the factor (0.07 × 100 etc.).
  return {value: Number(value.toPrecision(12)), base: rule.base};
}

/** Human-readable form of a normalised value, e.g. "1.75 × 10¹¹ count", "12%". */
export function describeNormalized(n: Normalized): string {
  if (n.value === null) return "—";
  const v = n.value;
  if (n.base === "fraction") return `${Number((v * 100).toPrecision(4))}% (${Number(v.toPrecision(4))})`;
  if (n.base === "ratio") return `${Number(v.toPrecision(4))}×`;
  if (n.base === "year") return String(v);
  const abs = Math.abs(v);
  const body = abs !== 0 && (abs >= 1e5 || abs < 1e-2) ? v.toExponential(3).replace(/\.?0+e/, "e").replace("e+", "e") : String(Number(v.toPrecision(6)));
  return `${body} ${n.base}`;
}
