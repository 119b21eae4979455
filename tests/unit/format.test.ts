import {test} from "node:test";
import assert from "node:assert/strict";
import {formatBinaryBytes, formatBytes, formatNumber, formatScientific, formatSI} from "../../src/lib/format.js";

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

test("formatSignificant rounds to 3 significant figures with separators and never NaN", async () => {
  const {formatSignificant} = await import("../../src/lib/format.js");
  assert.equal(formatSignificant(1234.5), "1,230");
  assert.equal(formatSignificant(0.012345), "0.0123");
  assert.equal(formatSignificant(41.5), "41.5");
  assert.equal(formatSignificant(-2.5e6), "−2,500,000");
  assert.equal(formatSignificant(NaN), "—");
  assert.equal(formatSignificant(Infinity), "—");
});

test("formatScientific writes FLOP budgets with 3 significant figures and never NaN", () => {
  assert.equal(formatScientific(3.14159e23), "3.14e23");
  assert.equal(formatScientific(1e25), "1.00e25");
  assert.equal(formatScientific(5.76e-3), "5.76e-3");
  assert.equal(formatScientific(-2e21), "−2.00e21");
  assert.equal(formatScientific(NaN), "—");
  assert.equal(formatScientific(Infinity), "—");
});

test("escapeHtml makes text safe in element content and double-quoted attributes", async () => {
  const {escapeHtml} = await import("../../src/lib/format.js");
  assert.equal(escapeHtml(`<img src="x" onerror=alert(1)> & co`), "&lt;img src=&quot;x&quot; onerror=alert(1)&gt; &amp; co");
  assert.equal(escapeHtml("&lt;"), "&amp;lt;", "an entity is shown as typed, not decoded");
  assert.equal(escapeHtml("1 the, x2"), "1 the, x2");
});
