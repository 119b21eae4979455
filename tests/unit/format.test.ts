import {test} from "node:test";
import assert from "node:assert/strict";
import {formatBinaryBytes, formatBytes, formatNumber, formatSI} from "../../src/lib/format.js";

test("formatNumber never prints NaN or Infinity, and uses a real minus sign", () => {
  assert.equal(formatNumber(NaN), "—");
  assert.equal(formatNumber(-Infinity), "−∞");
  assert.equal(formatNumber(-1.234, 2), "−1.23");
  assert.equal(formatNumber(-0.0001, 2), "0.00");
});
test("GB is 10⁹ bytes, GiB is 2³⁰ bytes", () => {
  assert.equal(formatBytes(80e9), "80 GB");
  assert.equal(formatBinaryBytes(80e9), "74.5 GiB");
  assert.equal(formatBinaryBytes(2 ** 30), "1 GiB");
  assert.equal(formatSI(1.75e11, "", 3), "175 G");
  assert.equal(formatSI(Infinity), "—");
});
test("formatCount uses model-card suffixes", async () => {
  const {formatCount} = await import("../../src/lib/format.js");
  assert.equal(formatCount(1.75e11), "175B");
  assert.equal(formatCount(1.6e12), "1.6T");
  assert.equal(formatCount(6.5e7), "65M");
  assert.equal(formatCount(NaN), "—");
});
