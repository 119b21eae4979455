import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {parseCsvRecords} from "../../src/lib/csv.js";
import {DataError, validateTable} from "../../src/lib/table.js";

const schema = {
  name: {type: "string", required: true},
  size: {type: "number", required: true, min: 0},
  gated: {type: "boolean"},
  kind: {type: "enum", options: ["MHA", "GQA"]}
} as const;

describe("CSV records keep their line numbers", () => {
  test("quoted commas, quotes and newlines", () => {
    const recs = parseCsvRecords('a,b\n"x, y","say ""hi"""\n"multi\nline",2\r\nlast,3\n');
    assert.deepEqual(recs.map((r) => r.line), [1, 2, 3, 5]);
    assert.deepEqual(recs[1].fields, ["x, y", 'say "hi"']);
    assert.deepEqual(recs[2].fields, ["multi\nline", "2"]);
  });
  test("an unclosed quote is an error naming the line", () => {
    assert.throws(() => parseCsvRecords('a\n"open\n'), /line 2/);
  });
});

describe("validateTable", () => {
  test("valid rows become typed objects", () => {
    const rows = validateTable("t.csv", "name,size,gated,kind\nA,1.5e3,true,GQA\nB,2,,\n", schema);
    assert.deepEqual(rows[0], {line: 2, name: "A", size: 1500, gated: true, kind: "GQA"});
    assert.equal(rows[1].gated, null);
  });
  const bad: [string, RegExp][] = [
    ["name,size,gated,kind\nA,1,true,MHA\nB,lots,true,MHA\n", /^t\.csv:3: column "size": "lots" is not a number$/],
    ["name,size,gated,kind\nA,-1,true,MHA\n", /^t\.csv:2: column "size": -1 is below the minimum 0$/],
    ["name,size,gated,kind\nA,1,yes,MHA\n", /^t\.csv:2: column "gated": "yes" is not true or false$/],
    ["name,size,gated,kind\nA,1,true,MLA\n", /^t\.csv:2: column "kind": "MLA" is not one of MHA, GQA$/],
    ["name,size,gated,kind\n,1,true,MHA\n", /^t\.csv:2: column "name" is required but empty$/],
    ["name,size,gated,kind\nA,1,true\n", /^t\.csv:2: expected 4 fields, found 3$/],
    ["name,size,gated\nA,1,true\n", /^t\.csv:1: missing column\(s\) kind$/],
    ["name,size,gated,kind\nA,NaN,true,MHA\n", /^t\.csv:2: column "size": "NaN" is not a number$/]
  ];
  for (const [text, message] of bad) {
    test(`rejects ${message.source.slice(1, 40)}…`, () => {
      assert.throws(() => validateTable("t.csv", text, schema), (e: unknown) => e instanceof DataError && message.test(e.message));
    });
  }
});

describe("a loader fails the build on a malformed row", () => {
  test("hardware.json.ts exits 1 naming file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "data-"));
    cpSync("data", dir, {recursive: true});
    const lines = readFileSync(join(dir, "hardware.csv"), "utf8").split("\n");
    lines[2] = lines[2].replace(/^([^,]*),(\d+)/, "$1,eighty");
    writeFileSync(join(dir, "hardware.csv"), lines.join("\n"));
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/data/hardware.json.ts"], {env: {...process.env, DATA_DIR: dir}, encoding: "utf8"});
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`hardware\\.csv:3: column "memory_gb": "eighty" is not a number`));
  });
  test("hardware.json.ts on the real data prints valid rows", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/data/hardware.json.ts"], {encoding: "utf8"});
    assert.equal(run.status, 0, run.stderr);
    const gpus = JSON.parse(run.stdout);
    const h100 = gpus.find((g: {name: string}) => g.name === "H100 SXM");
    // NVIDIA H100 SXM datasheet: 989 dense BF16 TFLOP/s over 3.35 TB/s → ridge ≈ 295 FLOPs/byte.
    assert.ok(Math.abs(h100.ridgeBf16 - 989.5e12 / 3.35e12) < 1e-9);
    assert.equal(h100.memoryBytes, 80e9);
  });
});
