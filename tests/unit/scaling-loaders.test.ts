import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";

/** Run a loader, optionally against a copy of data/ with one line of one file replaced. */
function runLoader(loader: string, edit?: {file: string; line: number; replace: (line: string) => string}) {
  let env = process.env;
  if (edit) {
    const dir = mkdtempSync(join(tmpdir(), "data-"));
    cpSync("data", dir, {recursive: true});
    const lines = readFileSync(join(dir, edit.file), "utf8").split("\n");
    const before = lines[edit.line - 1];
    lines[edit.line - 1] = edit.replace(before);
    assert.notEqual(lines[edit.line - 1], before, "the edit changed the line");
    writeFileSync(join(dir, edit.file), lines.join("\n"));
    env = {...process.env, DATA_DIR: dir};
  }
  return spawnSync(process.execPath, ["--import", "tsx", `src/data/${loader}`], {env, encoding: "utf8"});
}

describe("scaling-fits.json.ts", () => {
  test("valid rows: five fits matching src/lib/scaling.ts", () => {
    const run = runLoader("scaling-fits.json.ts");
    assert.equal(run.status, 0, run.stderr);
    const fits = JSON.parse(run.stdout);
    assert.deepEqual(fits.map((f: {id: string}) => f.id), ["hoffmann2022", "hoffmann2022_tex", "besiroglu2024", "kaplan2020", "kaplan2020_separate"]);
    const h = fits[0];
    assert.deepEqual([h.E, h.A, h.B, h.alpha, h.beta], [1.69, 406.4, 410.7, 0.34, 0.28]);
    assert.equal(fits[3].nCounts, "non-embedding parameters");
  });
  test("a malformed number fails with file:line", () => {
    const run = runLoader("scaling-fits.json.ts", {file: "scaling-fits.csv", line: 2, replace: (l) => l.replace(",1.69,", ",one point six nine,")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /scaling-fits\.csv:2: column "E": "one point six nine" is not a number/);
  });
  test("a constant that drifts from src/lib/scaling.ts fails with file:line", () => {
    const run = runLoader("scaling-fits.json.ts", {file: "scaling-fits.csv", line: 4, replace: (l) => l.replace(",0.3478,", ",0.3500,")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /scaling-fits\.csv:4: alpha = 0\.35 differs from src\/lib\/scaling\.ts/);
  });
  test("a Kaplan row missing a constant fails with file:line", () => {
    const run = runLoader("scaling-fits.json.ts", {file: "scaling-fits.csv", line: 5, replace: (l) => l.replace(",6.4e13,", ",,")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /scaling-fits\.csv:5: a kaplan fit needs column "Nc"/);
  });
});

describe("chinchilla-optimal.json.ts", () => {
  test("valid rows: Table 3 starts at 400M / 8B tokens; the 10× typo in Table A3 is flagged, not dropped", () => {
    const run = runLoader("chinchilla-optimal.json.ts");
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(run.stdout);
    assert.equal(rows.length, 27);
    assert.deepEqual([rows[0].params, rows[0].tokens, rows[0].approach, rows[0].tokensPerParameter], [4e8, 8e9, 1, 20]);
    const flagged = rows.filter((r: {flopsConsistent: boolean}) => !r.flopsConsistent);
    assert.deepEqual(flagged.map((r: {params: number; approach: number}) => [r.params, r.approach]), [[175e9, 3]]);
  });
  test("an unknown approach fails with file:line", () => {
    const run = runLoader("chinchilla-optimal.json.ts", {file: "chinchilla-optimal.csv", line: 3, replace: (l) => l.replace(",1,Hoffmann", ",4,Hoffmann")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /chinchilla-optimal\.csv:3: column "approach": "4" is not one of 1, 2, 3/);
  });
  test("FLOPs far from 6ND fail with file:line", () => {
    const run = runLoader("chinchilla-optimal.json.ts", {file: "chinchilla-optimal.csv", line: 2, replace: (l) => l.replace(",1.92e19,", ",1.92e22,")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /chinchilla-optimal\.csv:2: printed FLOPs .* more than 20× away from 6·N·D/);
  });
});

describe("training-reference.json.ts", () => {
  test("valid rows: Patterson et al. 2021's GPT-3 energy and emissions", () => {
    const run = runLoader("training-reference.json.ts");
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(run.stdout);
    const get = (model: string, quantity: string) => rows.find((r: {model: string; quantity: string}) => r.model === model && r.quantity === quantity)?.value;
    assert.equal(get("GPT-3 175B", "training_energy"), 1287);
    assert.equal(get("GPT-3 175B", "training_emissions"), 552.1);
  });
  test("a malformed value fails with file:line", () => {
    const run = runLoader("training-reference.json.ts", {file: "training-reference.csv", line: 6, replace: (l) => l.replace(",1287,", ",1.3 GWh,")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /training-reference\.csv:6: column "value": "1\.3 GWh" is not a number/);
  });
  test("a duplicated row fails with file:line", () => {
    const run = runLoader("training-reference.json.ts", {file: "training-reference.csv", line: 7, replace: (l) => l.replace("training_emissions", "training_energy").replace("tCO2e", "MWh")});
    assert.equal(run.status, 1);
    assert.match(run.stderr, /training-reference\.csv:7: duplicate training_energy \(MWh\) for GPT-3 175B/);
  });
});
