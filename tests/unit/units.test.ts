import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describeNormalized, normalizeQuantity, UNIT_RULES} from "../../src/lib/units.js";
import {parseCsvRecords} from "../../src/lib/csv.js";

describe("unit parser: every form the documents use", () => {
  const cases: [string, string, number | null, string][] = [
    ["1750", "亿", 175_000_000_000, "count"], // GPT-3's "1750亿" parameters
    ["10", "万亿", 1e13, "count"], // "10万亿 tokens"
    ["1", "千亿", 1e11, "count"],
    ["2", "百亿", 2e10, "count"],
    ["3", "万", 30_000, "count"],
    ["20", "K", 20_000, "count"], // "20K" tokens
    ["7", "B", 7e9, "count"],
    ["1.6", "T", 1.6e12, "count"],
    ["100", "M", 1e8, "count"],
    ["40", "%", 0.4, "fraction"],
    ["5", "%", 0.05, "fraction"],
    ["3", "倍", 3, "ratio"],
    ["2.5", "×", 2.5, "ratio"],
    ["96", "GB", 96e9, "bytes"],
    ["80", "GiB", 80 * 2 ** 30, "bytes"],
    ["1.2", "TB", 1.2e12, "bytes"],
    ["500", "ms", 0.5, "seconds"],
    ["2", "min", 120, "seconds"],
    ["14.8", "day", 14.8 * 86400, "seconds"],
    ["1287", "MWh", 1287 * 3.6e9, "joules"],
    ["150", "t CO2e", 150_000, "kg CO2e"],
    ["1000", "万美元", 1e7, "USD"],
    ["8", "bit", 8, "bits"],
    ["200", "token/s", 200, "tokens/s"],
    ["350", "W", 350, "watts"],
    ["1", "kW", 1000, "watts"],
    ["2017", "year", 2017, "year"],
    ["n^2", "complexity", null, "complexity"],
    ["n log n", "complexity", null, "complexity"]
  ];
  for (const [value, unit, expected, base] of cases) {
    test(`${value} ${unit} → ${expected} ${base}`, () => {
      assert.deepEqual(normalizeQuantity(value, unit), {value: expected, base});
    });
  }
  test("GB is decimal and GiB binary: 80 GiB is 7.4% more than 80 GB", () => {
    const ratio = normalizeQuantity("80", "GiB").value! / normalizeQuantity("80", "GB").value!;
    assert.ok(Math.abs(ratio - 1.073741824) < 1e-12);
  });
  test("rejects unknown units and non-numbers", () => {
    assert.throws(() => normalizeQuantity("3", "furlongs"), /unknown unit/);
    assert.throws(() => normalizeQuantity("about 3", "B"), /not a number/);
    assert.throws(() => normalizeQuantity("NaN", "B"), /not a number/);
    assert.throws(() => normalizeQuantity("n^n^n", "complexity"), /complexity/);
  });
  test("every unit used in data/claims.csv is known", () => {
    const [header, ...rows] = parseCsvRecords(readFileSync("data/claims.csv", "utf8"));
    const u = header.fields.indexOf("unit");
    const used = new Set(rows.map((r) => r.fields[u]));
    for (const unit of used) assert.ok(unit in UNIT_RULES, `unit ${unit}`);
  });
  test("describeNormalized", () => {
    assert.equal(describeNormalized({value: 0.4, base: "fraction"}), "40% (0.4)");
    assert.equal(describeNormalized({value: 1.75e11, base: "count"}), "1.75e11 count");
    assert.equal(describeNormalized({value: null, base: "complexity"}), "—");
  });
});
