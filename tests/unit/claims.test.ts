import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {validateTable, DataError} from "../../src/lib/table.js";
import {CLAIM_SCHEMA, buildClaims} from "../../src/lib/claim-table.js";
import type {Claim} from "../../src/lib/claims.js";
import {verdictFromCalculation} from "../../src/lib/claims.js";
import {MODELS} from "./fixtures/models.js";

const FILE = "data/claims.csv";
const TEXT = readFileSync(FILE, "utf8");
const PAGES = ["/", "/attention", "/attention-cost", "/moe", "/scaling", "/training", "/claims"];
const load = (text: string) => buildClaims("c.csv", validateTable("c.csv", text, CLAIM_SCHEMA), MODELS, PAGES);
const CLAIMS: Claim[] = load(TEXT);
const claim = (id: string) => CLAIMS.find((c) => c.id === id)!;

describe("verdictFromCalculation", () => {
  test("within 10% is consistent, within 25% plausible, beyond inconsistent", () => {
    assert.equal(verdictFromCalculation(4, 4).verdict, "consistent");
    assert.equal(verdictFromCalculation(1.2e12, 1.342e12).verdict, "plausible"); // 10.6% off
    assert.equal(verdictFromCalculation(96e9, 2e12).verdict, "inconsistent");
    assert.throws(() => verdictFromCalculation(NaN, 1), RangeError);
  });
});

describe("the documents' claims, decided", () => {
  test("covers all five documents with at least 20 claims each", () => {
    for (const d of ["000", "001", "002", "003", "004"]) assert.ok(CLAIMS.filter((c) => c.doc.startsWith(d)).length >= 20, d);
  });
  test("FP32 → INT8 shrinks weights 4×: 4 bytes / 1 byte (consistent, by calculation)", () => {
    const c = claim("d1-15");
    assert.equal(c.normalized, 4);
    assert.equal(c.decidedBy, "calculation");
    assert.equal(c.verdict, "consistent");
    assert.match(c.check, /bytes\("fp32"\)\/bytes\("int8"\) = 4;/);
  });
  test("a trillion-parameter model in 96 GB is impossible: FP16 weights alone are 2 TB (inconsistent)", () => {
    const c = claim("d0-14");
    assert.equal(c.normalized, 96e9);
    assert.equal(c.verdict, "inconsistent");
    assert.match(c.check, /= 2\.000e12/);
  });
  test("DeepSeek-R1 at 1.2 TB before quantisation: 671B × 2 bytes = 1.342 TB, 10.6% off — plausible (TiB vs TB)", () => {
    const c = claim("d4-41");
    assert.equal(c.verdict, "plausible");
    assert.match(c.check, /params\("DeepSeek-R1"\)\*bytes\("bf16"\) = 1\.342e12/);
  });
  test("the O(n log n) claim for Transformer attention is inconsistent with Vaswani et al. Table 1", () => {
    const c = CLAIMS.find((x) => x.unit === "complexity" && x.value === "n log n")!;
    assert.equal(c.verdict, "inconsistent");
    assert.equal(c.normalized, null);
    assert.match(c.check, /n\^?²|n\^2|O\(n/);
  });
  test("GPT-3's 1750亿 parameters normalise to 1.75e11", () => {
    const c = CLAIMS.find((x) => x.value === "1750" && x.unit === "亿")!;
    assert.equal(c.normalized, 1.75e11);
  });
  test("anonymous marketing figures are unverifiable and say why", () => {
    const unverifiable = CLAIMS.filter((c) => c.verdict === "unverifiable");
    assert.ok(unverifiable.length > 20);
    for (const c of unverifiable) assert.ok(c.check.length >= 20 && !/^unverifiable\.?$/i.test(c.check), c.id);
  });
  test("no English paraphrase carries a Chinese sentence (terms only, ≤ 12 characters)", () => {
    for (const c of CLAIMS) assert.doesNotMatch(c.statement_en, /[\u4e00-\u9fff]{13,}/, c.id);
  });
});

describe("claims loader on malformed rows", () => {
  const header = TEXT.split("\n")[0];
  const first = TEXT.split("\n").find((l) => l.startsWith("d0-14,"))!;
  const bad: [string, string, RegExp][] = [
    ["unknown unit", first.replace(",96,GB,", ",96,gigs,"), /c\.csv:2: column "unit": "gigs" is not one of/],
    ["non-numeric value", first.replace(",96,GB,", ",ninety,GB,"), /c\.csv:2: d0-14: "ninety" is not a number/],
    ["verdict contradicting the calculation", first.replace(",inconsistent,", ",consistent,"), /c\.csv:2: d0-14: the row says consistent but/],
    ["calc that is not finite", first.replace('1e12*bytes(""fp16"")', "1/0"), /c\.csv:2: d0-14: calc "1\/0" does not give a finite number/],
    ["link to a page that does not exist", first.replace(/,[^,]*$/, ",/nowhere?x=1"), /c\.csv:2: d0-14: explore link \/nowhere\?x=1 names no page/]
  ];
  for (const [what, row, message] of bad) {
    test(what, () => {
      assert.notEqual(row, first, "the fixture changed the row");
      assert.throws(() => load(`${header}\n${row}\n`), (e: unknown) => e instanceof DataError && message.test(e.message));
    });
  }
});
