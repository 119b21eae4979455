/**
 * Deciding the documents' claims. Where arithmetic can decide, the claim's normalised value
 * is compared with the value the math predicts; where facts decide, the dataset records the
 * primary source's figure. Pure: used by the claims loader, the audit page and tests.
 */

import type {ParamSpecs, ParamValues} from "./params.js";
import type {BaseUnit} from "./units.js";

/** The five seed articles, by file name (../shared/seeds/). */
export const SEED_DOCUMENTS = [
  "000_5cd574549ae7377f.txt",
  "001_72ff202a51899638.txt",
  "002_b5cdc1c5b5cc0a37.txt",
  "003_59e97d48936207cc.txt",
  "004_906bd3d4e3d88687.txt"
] as const;

export const TOPICS = [
  "attention", "moe", "scaling", "training", "inference", "quantization", "long-context", "energy",
  "timeline", "applications", "data", "hardware", "multimodal", "alignment", "other"
] as const;

export const VERDICTS = ["consistent", "plausible", "unverifiable", "inconsistent"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Relative error tolerated as "consistent" (rounding in the documents) and as "plausible" (unit or rounding ambiguity). */
export const CONSISTENT_TOLERANCE = 0.1;
export const PLAUSIBLE_TOLERANCE = 0.25;

/** One claim as the claims loader prints it. */
export interface Claim {
  id: string;
  doc: string;
  section: string;
  topic: string;
  quantity: string;
  value: string;
  unit: string;
  term_zh: string | null;
  statement_en: string;
  normalized: number | null;
  base: BaseUnit;
  verdict: Verdict;
  /** How the verdict was reached: "calculation" (src/lib) or "source" (a cited figure or its absence). */
  decidedBy: "calculation" | "source";
  check: string;
  sources: string[];
  /** Notebook path with URL parameters that explores the claim, or null. */
  page: string | null;
}

export interface CalculatedVerdict {
  verdict: Verdict;
  /** |claimed − predicted| / |predicted|. */
  relativeError: number;
}

/** Verdict of a claimed value against the value the math predicts. */
export function verdictFromCalculation(claimed: number, predicted: number): CalculatedVerdict {
  if (!Number.isFinite(claimed) || !Number.isFinite(predicted)) throw new RangeError("claimed and predicted values must be finite");
  const relativeError = predicted === 0 ? Math.abs(claimed) : Math.abs(claimed - predicted) / Math.abs(predicted);
  const verdict: Verdict = relativeError <= CONSISTENT_TOLERANCE ? "consistent" : relativeError <= PLAUSIBLE_TOLERANCE ? "plausible" : "inconsistent";
  return {verdict, relativeError};
}

/** The sentence appended to a calculated claim's working. */
export function calculationSentence(expression: string, predicted: number, claimed: number, result: CalculatedVerdict): string {
  const fmt = (x: number) => (Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-2 && x !== 0) ? x.toExponential(3).replace("e+", "e") : String(Number(x.toPrecision(4))));
  const off = `${Number((result.relativeError * 100).toPrecision(3))}%`;
  return `Computed: ${expression} = ${fmt(predicted)}; the claim normalises to ${fmt(claimed)}, ${off} away → ${result.verdict}.`;
}

/** URL-bound filters of the audit page. */
export const CLAIMS_PARAMS = {
  doc: {kind: "choice", label: "Document", default: "all", options: ["all", ...SEED_DOCUMENTS]},
  topic: {kind: "choice", label: "Topic", default: "all", options: ["all", ...TOPICS]},
  verdict: {kind: "choice", label: "Verdict", default: "all", options: ["all", ...VERDICTS]},
  q: {kind: "text", label: "Search", default: "", maxLength: 60}
} as const satisfies ParamSpecs;

export type ClaimFilters = ParamValues<typeof CLAIMS_PARAMS>;

/** Claims matching every filter; "all" matches everything; search is case-insensitive over id, paraphrase, quantity and term. */
export function filterClaims(claims: Claim[], f: ClaimFilters): Claim[] {
  const q = f.q.trim().toLowerCase();
  return claims.filter(
    (c) =>
      (f.doc === "all" || c.doc === f.doc) &&
      (f.topic === "all" || c.topic === f.topic) &&
      (f.verdict === "all" || c.verdict === f.verdict) &&
      (q === "" || `${c.id} ${c.statement_en} ${c.quantity} ${c.term_zh ?? ""}`.toLowerCase().includes(q))
  );
}
