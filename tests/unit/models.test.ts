import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {validateTable} from "../../src/lib/table.js";
import {MODEL_SCHEMA, modelFromRow} from "../../src/lib/model-table.js";
import {isCountable, parameterCounts} from "../../src/lib/models.js";
import {FILE, MODELS, model} from "./fixtures/models.js";
const within = (actual: number, expected: number, relTol: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= relTol * expected, `${label}: ${actual.toExponential(4)} vs ${expected.toExponential(4)} (±${relTol * 100}%)`);

describe("exact parameter counts, hand-worked from the configs", () => {
  // Hand counts (see data/models.expected.md): e.g. Llama 2 7B =
  // 32·(4·4096² + 3·4096·11008 + 2·4096) + 2·32000·4096 + 4096.
  const exact: [string, number][] = [
    ["GPT-2 small", 124_439_808], // HF's count of openai-community/gpt2
    ["Llama 2 7B", 32 * (4 * 4096 ** 2 + 3 * 4096 * 11008 + 2 * 4096) + 2 * 32000 * 4096 + 4096],
    ["Llama 2 7B", 6_738_415_616],
    ["Llama 3 8B", 8_030_261_248],
    ["Llama 3.1 405B", 405_853_388_800],
    ["Mistral 7B", 7_241_732_096],
    ["Mixtral 8x7B", 46_702_792_704]
  ];
  for (const [name, n] of exact) test(`${name}: ${n.toLocaleString("en-US")}`, () => assert.equal(parameterCounts(model(name)).total, n));
  test("Mixtral 8x7B active = 12,879,925,248 (2 of 8 experts)", () => {
    assert.equal(parameterCounts(model("Mixtral 8x7B")).active, 12_879_925_248);
  });
  test("gpt-oss-120b: 116.83B total; its card's 5.13B active leaves out the input embedding", () => {
    const c = parameterCounts(model("gpt-oss-120b"));
    // Hand count 116,829,156,672 includes 64 attention-sink logits per layer (36 layers), which we ignore.
    assert.equal(c.total, 116_829_156_672 - 64 * 36);
    assert.equal(c.activeNonEmbedding, 5_132_849_472 - 64 * 36);
  });
});

describe("every countable model matches its model card", () => {
  const tolerance: Record<string, number> = {"Kimi K2": 0.04}; // card says 1T; tech report 1.04T
  // Sizes in a model's name are nominal labels, not counts: Llama 2 "7B" is 6.74B exactly,
  // and Mistral's own "7.3B" is 7.24B by its config. For these, the count must round to the label.
  const nominal: Record<string, number> = {"Llama 2 7B": 1, "Mistral 7B": 1};
  for (const m of MODELS) {
    if (!isCountable(m)) continue;
    if (m.name in nominal) {
      test(`${m.name}: total rounds to the nominal ${m.cardTotalParams / 1e9}B label at ${nominal[m.name]} significant figure`, () => {
        const total = parameterCounts(m).total;
        assert.equal(Number(total.toPrecision(nominal[m.name])), Number(m.cardTotalParams.toPrecision(nominal[m.name])));
      });
      continue;
    }
    test(`${m.name}: total within ${(tolerance[m.name] ?? 0.02) * 100}% of ${m.cardTotalParams / 1e9}B`, () => {
      within(parameterCounts(m).total, m.cardTotalParams, tolerance[m.name] ?? 0.02, m.name);
    });
    if (m.cardActiveParams !== null && m.cardActiveParams !== m.cardTotalParams) {
      const gptOss = m.family === "gpt-oss";
      test(`${m.name}: active within 3% of ${m.cardActiveParams / 1e9}B${gptOss ? " (card excludes the input embedding)" : ""}`, () => {
        const c = parameterCounts(m);
        within(gptOss ? c.activeNonEmbedding : c.active, m.cardActiveParams!, 0.03, m.name);
      });
    }
  }
  test("DeepSeek-V3 runs about 5.5% of its parameters per token", () => {
    const c = parameterCounts(model("DeepSeek-V3"));
    within(c.active / c.total, 37 / 671, 0.03, "active ratio");
  });
  test("GLaM and Chinchilla have incomplete published configs and refuse to be counted", () => {
    assert.equal(isCountable(model("GLaM")), false);
    assert.throws(() => parameterCounts(model("GLaM")), /incomplete/);
  });
});

describe("models.csv validation", () => {
  const header = readFileSync(FILE, "utf8").split("\n")[0];
  const llama = readFileSync(FILE, "utf8").split("\n").find((l) => l.startsWith("Llama 2 70B,"))!;
  const load = (row: string) => validateTable("m.csv", `${header}\n${row}\n`, MODEL_SCHEMA).map((r) => modelFromRow("m.csv", r));
  test("a GQA row whose heads do not divide fails with file:line", () => {
    assert.throws(() => load(llama.replace(",64,8,128,", ",64,7,128,")), /^DataError: m\.csv:2: Llama 2 70B: GQA needs/);
  });
  test("a bad release date fails with file:line", () => {
    assert.throws(() => load(llama.replace("2023-07", "July 2023")), /m\.csv:2: column "release"/);
  });
});
