import {describe, test} from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {parseParam, parseParams, serializeParams} from "../../src/lib/params.js";
import {ATTENTION_PARAMS, resolveAttentionSettings} from "../../src/lib/attention-settings.js";

const num = {kind: "number", label: "Length", default: 2048, min: 128, max: 1048576, integer: true} as const;

describe("parseParam", () => {
  test("absent → default, no message", () => {
    assert.deepEqual(parseParam(null, num), {value: 2048});
  });
  test("valid numbers pass, integers are rounded", () => {
    assert.equal(parseParam("4096", num).value, 4096);
    assert.equal(parseParam("1e4", num).value, 10000);
    assert.equal(parseParam("300.6", num).value, 301);
  });
  test("out of range is clamped with a message", () => {
    const r = parseParam("1e308", num);
    assert.equal(r.value, 1048576);
    assert.match(r.message!, /clamped/);
    assert.equal(parseParam("-5", num).value, 128);
  });
  for (const garbage of ["", "abc", "NaN", "Infinity", "-Infinity", "0x10", "<script>", "1,5", "  "]) {
    test(`garbage ${JSON.stringify(garbage)} → default with a message that does not echo it`, () => {
      const r = parseParam(garbage, num);
      assert.equal(r.value, 2048);
      assert.ok(r.message);
      assert.doesNotMatch(r.message!, /NaN|Infinity|script|abc/);
    });
  }
  test("choices, booleans and text", () => {
    const choice = {kind: "choice", label: "d", default: "8", options: ["4", "8"]} as const;
    assert.equal(parseParam("4", choice).value, "4");
    assert.equal(parseParam("5", choice).value, "8");
    const flag = {kind: "boolean", label: "Causal", default: false} as const;
    assert.equal(parseParam("1", flag).value, true);
    assert.equal(parseParam("false", flag).value, false);
    assert.ok(parseParam("maybe", flag).message);
    const text = {kind: "text", label: "Tokens", default: "a b", maxLength: 10} as const;
    assert.equal(parseParam("<b>hi</b>", text).value, "b hi /b");
    assert.equal(parseParam("x".repeat(20), text).value.length, 10);
    assert.equal(parseParam("   ", text).value, "a b");
  });
  test("property: any string gives a valid value", () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const v = parseParam(s, num).value;
      assert.ok(Number.isInteger(v) && v >= 128 && v <= 1048576);
    }));
  });
});

describe("serializeParams round trip", () => {
  test("values survive serialize → parse", () => {
    const values = {tokens: "hello world", d: "16", heads: "4", causal: true, temp: 0.35, seed: 42, head: 2, query: 1};
    const parsed = parseParams("?" + serializeParams(values), ATTENTION_PARAMS);
    assert.deepEqual(parsed.values, values);
    assert.deepEqual(parsed.messages, []);
  });
});

describe("resolveAttentionSettings", () => {
  const base = parseParams("", ATTENTION_PARAMS).values;
  test("defaults are consistent", () => {
    const s = resolveAttentionSettings(base);
    assert.equal(s.tokens.length, 10);
    assert.equal(s.dk, 4);
    assert.deepEqual(s.messages, []);
  });
  test("heads that do not divide d_model fall back to the largest divisor below", () => {
    const s = resolveAttentionSettings({...base, d: "6", heads: "4"});
    assert.equal(s.heads, 3);
    assert.equal(s.dk, 2);
    assert.match(s.messages[0], /do not divide/);
  });
  test("too many or no words", () => {
    assert.equal(resolveAttentionSettings({...base, tokens: "a b c d e f g h i j k l m n"}).tokens.length, 12);
    const empty = resolveAttentionSettings({...base, tokens: " "});
    assert.equal(empty.tokens.length, 10);
    assert.equal(empty.messages.length, 1);
  });
  test("head and query are clamped into range", () => {
    const s = resolveAttentionSettings({...base, tokens: "one two", heads: "2", head: 8, query: 12});
    assert.equal(s.head, 1);
    assert.equal(s.query, 1);
  });
});
