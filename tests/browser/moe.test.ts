import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {mainText, openPage, openSite, setNumber, settle, type Site} from "./harness.js";

const BAD_TEXT = /\b(NaN|undefined|Infinity)\b/;

let site: Site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

/** Rows of a chart's "Show the numbers" table, opening it if it is closed (it is built when opened). */
async function tableRows(page: import("playwright-core").Page, chart: string): Promise<number> {
  const details = page.locator(`figure[data-chart="${chart}"] details`);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  // The table is built by the toggle event, which the browser fires in a later task than the click.
  await details.locator("table tbody tr").first().waitFor({state: "attached"});
  return details.locator("table tbody tr").count();
}
const histogramRows = (page: import("playwright-core").Page) => tableRows(page, "moe-expert-load");

describe("Mixture-of-Experts notebook", () => {
  test("loads with no console error, no request off its origin, formulas and charts", async () => {
    const {page, consoleErrors, offOrigin} = await openPage(site, "/moe");
    await settle(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(offOrigin, []);
    const text = await mainText(page);
    assert.doesNotMatch(text, BAD_TEXT);
    assert.match(text, /混合专家/);
    assert.match(text, /on the main thread [^\n]*top-k selection in WebAssembly SIMD\)/, "the SIMD kernel loads on the page");
    assert.equal(await page.locator(".katex-error").count(), 0);
    assert.ok((await page.locator(".formula").count()) >= 6, "capacity, aux loss and four calculator formulas");
    assert.equal(await histogramRows(page), 8, "one histogram row per expert");
    assert.ok((await page.locator('figure[data-chart="moe-active-ratio"]').count()) === 1);
    for (const id of ["d0-23", "d4-31"]) assert.ok(text.includes(id), `claim ${id} is placed on the chart`);
    await page.context().close();
  });

  test("moving controls changes the histogram, the routing table and the URL", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe");
    await settle(page);
    assert.equal(await page.locator('figure[data-chart="moe-expert-load"] details table').count(), 0, "the table is built only when opened");
    assert.equal(await histogramRows(page), 8);
    await setNumber(page, "experts", 16);
    assert.equal(await page.locator('figure[data-chart="moe-expert-load"] details[open] table tbody tr').count(), 16, "an opened table stays open, with the new rows, when a control changes");
    assert.match(page.url(), /experts=16/);
    const slotColumns = () => page.locator("table.moe-routing thead th").count();
    const before = await slotColumns();
    await setNumber(page, "topk", 3);
    assert.equal(await slotColumns(), before + 1, "one more gate column");
    assert.match(page.url(), /topk=3/);
    const capacity = await page.locator(".formula[data-formula=moeCapacity]").getAttribute("data-value");
    await setNumber(page, "cf", 3);
    assert.notEqual(await page.locator(".formula[data-formula=moeCapacity]").getAttribute("data-value"), capacity, "capacity follows c_f");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("the other source's batch is routed ahead, so the first switch of source reuses it", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe");
    await settle(page);
    await page.waitForTimeout(500); // idle moments after the first paint
    await page.locator('form[data-param="source"] label', {hasText: /synthetic/}).click();
    await settle(page);
    assert.match(await page.locator("p.moe-status").first().innerText(), /Routed 2,048 tokens .* on the main thread .*the batch's logits and probabilities reused/);
    assert.match(await mainText(page), /A synthetic batch of 2,048 tokens/);
    await page.locator('form[data-param="source"] label', {hasText: /sentence/}).click();
    await settle(page);
    assert.match(await page.locator("p.moe-status").first().innerText(), /reused/, "and the sentence's batch was kept while the synthetic one ran");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("each gate's bar in the routing table is as long as its gate, on one scale for every column", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe?temp=0.3");
    await settle(page);
    const rows = await page.locator("table.moe-routing tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1, 3).map((td) => ({
      gate: Number(/· ([\d.]+)/.exec(td.textContent ?? "")?.[1]),
      bar: Number(/(\d+(?:\.\d+)?)px/.exec(getComputedStyle(td).boxShadow.replace(/rgba?\([^)]*\)/, ""))?.[1])
    }))));
    const cells = rows.flat().filter((c) => c.gate >= 0.1);
    assert.ok(cells.length >= 10, `${cells.length} gates of at least 0.1`);
    // One scale (px per unit of gate, least squares); the bar is drawn to 1% of a gate (moe-charts.ts),
    // the text shows 3 decimals, offsets snap to 1/64 px: each bar within 0.008 of its gate on that scale.
    const pxPerGate = cells.reduce((a, c) => a + c.bar * c.gate, 0) / cells.reduce((a, c) => a + c.gate * c.gate, 0);
    assert.ok(pxPerGate > 50, `a full gate is ${pxPerGate} px`);
    for (const c of cells) assert.ok(Math.abs(c.bar - pxPerGate * c.gate) <= pxPerGate * 0.008, `gate ${c.gate}: bar ${c.bar} px, expected ${pxPerGate * c.gate} px`);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a model's expert preset fills the calculator in one update and writes it to the URL", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe");
    await settle(page);
    // Every calculator result the page shows on the way: a half-applied preset must never be drawn.
    await page.evaluate(`window.__calcShown = [document.querySelector(".moe-calc-result").textContent];
      new MutationObserver(() => {
        const text = document.querySelector(".moe-calc-result")?.textContent;
        if (text !== window.__calcShown.at(-1)) window.__calcShown.push(text);
      }).observe(document.getElementById("observablehq-main"), {subtree: true, childList: true, characterData: true});`);
    await page.locator(".moe-presets").getByRole("button", {name: "DeepSeek-V3"}).click();
    await settle(page);
    const shown = (await page.evaluate("window.__calcShown")) as string[];
    assert.equal(shown.length, 2, `the default design's result, then DeepSeek-V3's, with nothing between:\n${shown.join("\n")}`);
    const q = new URL(page.url()).searchParams;
    assert.deepEqual(["d", "ffn", "routed", "cshared", "ck", "layers"].map((k) => Number(q.get(k))), [7168, 2048, 256, 1, 8, 58]);
    // 58 MoE layers × 3 matrices × 7168 × 2048, times 257 experts held (656.5B) and 8 routed + 1 shared used (22.99B).
    assert.match(shown[1], /experts hold 656B parameters .* each token uses 23B of them/);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a URL with parameters restores the view", async () => {
    const {page} = await openPage(site, "/moe?experts=4&topk=3&sentence=hello+big+world&cf=2&seed=7&d=2048&routed=64&ck=4&layers=10&gated=0");
    await settle(page);
    assert.equal(await page.locator('form[data-param="sentence"] input').inputValue(), "hello big world");
    assert.equal(Number(await page.locator('form[data-param="seed"] input[type=number]').inputValue()), 7);
    assert.equal(await histogramRows(page), 4);
    assert.equal(await page.locator("table.moe-routing tbody tr").count(), 3, "three tokens");
    assert.equal(await page.locator('form[data-param="gated"] input').isChecked(), false);
    // 10 · 64 · 2 · 2048 · 14336 expert parameters, 10 · 4 · … active
    assert.equal(Number(await page.locator(".formula[data-formula=moeTotalExpertParams]").getAttribute("data-value")), 10 * 64 * 2 * 2048 * 14336);
    assert.equal(Number(await page.locator(".formula[data-formula=moeActiveExpertParams]").getAttribute("data-value")), 10 * 4 * 2 * 2048 * 14336);
    await page.context().close();
  });

  test("garbage parameters show the notice, never NaN, and inject nothing", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe?experts=abc&topk=-3&tokens=1e308&cf=NaN&sentence=%3Cscript%3E&temp=-1&ck=999&routed=2");
    await settle(page);
    assert.deepEqual(consoleErrors, []);
    const notice = page.locator(".url-notice:not([hidden])").first();
    assert.ok(await notice.isVisible());
    assert.ok((await notice.locator("li").count()) >= 5);
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    assert.equal(await page.locator("#observablehq-main script").count(), 0, "no script element in the content");
    assert.ok(!(await page.locator('form[data-param="sentence"] input').inputValue()).includes("<"));
    assert.match(await mainText(page), /Calculator: top-k = 32 is more than the 2 routed experts/);
    await page.context().close();
  });

  test("a 100,000-token synthetic batch is routed in the worker with a visible computing state", async () => {
    const context = await site.browser.newContext({viewport: {width: 1200, height: 900}});
    await context.addInitScript(() => {
      (window as unknown as {sawComputing: boolean}).sawComputing = false;
      new MutationObserver(() => {
        if (document.body?.textContent?.includes("computing…")) (window as unknown as {sawComputing: boolean}).sawComputing = true;
      }).observe(document, {subtree: true, childList: true, characterData: true});
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const start = Date.now();
    await page.goto(`${site.origin}/moe?source=synthetic&tokens=100000&experts=64&topk=2`);
    await page.getByText(/Routed 100,000 tokens to 64 experts \(top-2\) in a Web Worker/).waitFor({timeout: 20000});
    const elapsed = Date.now() - start;
    assert.ok(await page.evaluate(() => (window as unknown as {sawComputing: boolean}).sawComputing), "computing… was shown");
    await settle(page);
    assert.equal(await histogramRows(page), 64);
    const summary = await page.locator('figure[data-chart="moe-expert-load"] .chart-summary').innerText();
    assert.match(summary, /^200K assignments over 64 experts/);
    assert.match(await mainText(page), /Routed 100,000 tokens[^\n]*logits \d+ ms, probabilities \d+ ms, routing and dispatch \d+ ms, top-k selection in WebAssembly SIMD\)/);
    // A top-k change re-routes the same batch: the worker reuses its logits and probabilities.
    await setNumber(page, "topk", 3);
    await page.getByText(/Routed 100,000 tokens to 64 experts \(top-3\) in a Web Worker in \d+ ms \(the batch's logits and probabilities reused/).waitFor({timeout: 20000});
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    assert.deepEqual(errors, []);
    console.log(`100,000 × 64 routed in the worker; page ready after ${elapsed} ms`);
    await context.close();
  });

  test("the balancing stepper lowers the max/mean load", async () => {
    const {page, consoleErrors} = await openPage(site, "/moe?source=synthetic&tokens=2048&experts=16&skew=1&steps=15");
    await settle(page);
    await page.getByRole("button", {name: "Run 15 balancing steps"}).click();
    const result = page.locator('[data-balance="max-over-mean"]');
    await result.waitFor({timeout: 15000});
    const [first, last] = (await result.innerText()).split("→").map((s) => Number(s.trim()));
    assert.ok(Number.isFinite(first) && Number.isFinite(last));
    assert.ok(last < first, `max/mean ${first} → ${last}`);
    await settle(page);
    assert.equal(await tableRows(page, "moe-balancing-steps"), 16, "steps 0–15");
    assert.equal(await page.locator('figure[data-chart="moe-expert-load-balanced"]').count(), 1);
    await page.locator('form[data-param="method"] label', {hasText: "aux-loss"}).click();
    await settle(page);
    await page.getByRole("button", {name: "Run 15 balancing steps"}).click();
    await page.locator('figure[data-chart="moe-balancing-steps"] figcaption', {hasText: "aux-loss gradient steps"}).waitFor({timeout: 15000});
    const [a, b] = (await result.innerText()).split("→").map((s) => Number(s.trim()));
    assert.ok(b < a, `aux loss steps: max/mean ${a} → ${b}`);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
});
