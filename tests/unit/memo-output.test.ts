import {test} from "node:test";
import assert from "node:assert/strict";
import {memoOutput, sameDependencies} from "../../src/components/memo-output.js";

test("dependency lists compare by value: plain objects and arrays by contents, everything else by identity", () => {
  assert.ok(sameDependencies([1, "a", NaN, null], [1, "a", NaN, null]));
  assert.ok(!sameDependencies([0], [-0]), "Object.is tells 0 from −0");
  assert.ok(!sameDependencies([1, 2], [1, 2, 3]));
  assert.ok(sameDependencies([{zero: 1, messages: ["a"]}], [{zero: 1, messages: ["a"]}]), "a rebuilt settings object is equal");
  assert.ok(!sameDependencies([{zero: 1, messages: ["a"]}], [{zero: 1, messages: ["b"]}]));
  assert.ok(!sameDependencies([{a: 1}], [{a: 1, b: undefined}]), "an extra key is a difference");
  assert.ok(!sameDependencies([[1, 2]], [{0: 1, 1: 2}]), "an array is not an object with the same keys");
  assert.ok(!sameDependencies([new Date(0)], [new Date(0)]), "class instances compare by identity");
  assert.ok(sameDependencies([Int32Array.of(3, 1, 2)], [Int32Array.of(3, 1, 2)]), "typed arrays by contents");
  assert.ok(!sameDependencies([Int32Array.of(3, 1, 2)], [Int32Array.of(3, 1, 4)]));
  assert.ok(!sameDependencies([Int32Array.of(1)], [Float64Array.of(1)]), "a different element type is a difference");
  assert.ok(!sameDependencies([Float64Array.of(0)], [Float64Array.of(-0)]));
});

test("memoOutput builds once per distinct dependency list and hands back the kept output otherwise", () => {
  let builds = 0;
  const build = () => ({n: ++builds});
  const first = memoOutput("unit-test", [1, {gpu: "H100"}], build);
  assert.equal(memoOutput("unit-test", [1, {gpu: "H100"}], build), first, "same values: the kept output");
  assert.equal(builds, 1);
  const second = memoOutput("unit-test", [2, {gpu: "H100"}], build);
  assert.notEqual(second, first);
  assert.equal(builds, 2);
  assert.notEqual(memoOutput("other-key", [2, {gpu: "H100"}], build), second, "keys do not share outputs");
  assert.equal(memoOutput("unit-test", [1, {gpu: "H100"}], build).n, 4, "only the latest list is kept per key");
});
