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
