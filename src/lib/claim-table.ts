/** Schema of data/claims.csv and the derivation of each claim's normalised value, verdict and link. */
import {check, DataError, type Row} from "./table.js";
import {normalizeQuantity, UNIT_RULES} from "./units.js";
import {calculationSentence, SEED_DOCUMENTS, TOPICS, VERDICTS, verdictFromCalculation, type Claim, type Verdict} from "./claims.js";
import {calcScope, evaluateCalc} from "./claim-calc.js";
import type {ModelConfig} from "./models.js";

export const CLAIM_SCHEMA = {
  id: {type: "string", required: true, pattern: /^d[0-4]-\d{2,3}$/},
  doc: {type: "enum", required: true, options: SEED_DOCUMENTS},
  section: {type: "string", required: true},
  topic: {type: "enum", required: true, options: TOPICS},
  quantity: {type: "string", required: true},
  value: {type: "string", required: true},
  unit: {type: "enum", required: true, options: Object.keys(UNIT_RULES)},
  term_zh: {type: "string", pattern: /^.{1,12}$/u},
  statement_en: {type: "string", required: true},
  calc: {type: "string"},
  verdict: {type: "enum", required: true, options: VERDICTS},
  check: {type: "string", required: true},
  sources: {type: "string", required: true},
  explore: {type: "string", pattern: /^\/[a-z0-9-]*(\?[\w=&%.+-]*)?$/}
} as const;

/** Validate and derive every claim; a calculated verdict must agree with the row's. */
export function buildClaims(file: string, rows: Row<typeof CLAIM_SCHEMA>[], models: ModelConfig[], pages: string[]): Claim[] {
  const scope = calcScope(models);
  const ids = new Set<string>();
  return rows.map((r) => {
    check(!ids.has(r.id), file, r.line, `duplicate id ${r.id}`);
    ids.add(r.id);
    check(r.id.startsWith(`d${SEED_DOCUMENTS.indexOf(r.doc as (typeof SEED_DOCUMENTS)[number])}-`), file, r.line, `id ${r.id} does not match document ${r.doc}`);
    let normalized;
    try {
      normalized = normalizeQuantity(r.value, r.unit);
    } catch (error) {
      throw new DataError(file, r.line, `${r.id}: ${(error as Error).message}`);
    }
    let verdict = r.verdict as Verdict;
    let working = r.check;
    let decidedBy: Claim["decidedBy"] = "source";
    if (r.calc) {
      check(normalized.value !== null, file, r.line, `${r.id}: a calc needs a numeric value`);
      let predicted: number;
      try {
        predicted = evaluateCalc(r.calc, scope);
      } catch (error) {
        throw new DataError(file, r.line, `${r.id}: ${(error as Error).message}`);
      }
      const result = verdictFromCalculation(normalized.value, predicted);
      check(result.verdict === verdict, file, r.line, `${r.id}: the row says ${verdict} but ${r.calc} = ${predicted} against ${normalized.value} makes it ${result.verdict}`);
      verdict = result.verdict;
      working = `${r.check} ${calculationSentence(r.calc, predicted, normalized.value, result)}`;
      decidedBy = "calculation";
    }
    let page: string | null = null;
    if (r.explore) {
      const path = r.explore.split("?")[0];
      check(pages.includes(path), file, r.line, `${r.id}: explore link ${r.explore} names no page of the site`);
      page = r.explore;
    }
    return {
      id: r.id,
      doc: r.doc,
      section: r.section,
      topic: r.topic,
      quantity: r.quantity,
      value: r.value,
      unit: r.unit,
      term_zh: r.term_zh,
      statement_en: r.statement_en,
      normalized: normalized.value,
      base: normalized.base,
      verdict,
      decidedBy,
      check: working,
      sources: r.sources.split(";").map((s) => s.trim()).filter(Boolean),
      page
    };
  });
}
