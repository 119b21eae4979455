import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {openPage, readFreshLoad, setNumber, settle, useSite} from "./harness.js";
import {FITS} from "../../src/lib/scaling.js";

const getSite = useSite();

describe("charts and formulas off screen are drawn when they come into view", () => {
  test("a control change draws what is on screen now and the rest on scrolling", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/training", {width: 1200, height: 900}, {lazy: true});
    await settle(page);
    const activations = page.locator('figure[data-chart="activations"]');
    assert.equal(await activations.locator("svg[viewBox]").count(), 1, "every chart is drawn on page load");
    await page.locator('form[data-param="hidden"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300); // the intersection observer reports which charts are near the viewport
    const summaryBefore = await activations.locator(".chart-summary").innerText();

    await setNumber(page, "hidden", 6144);
    // The compute formula sits next to the model controls: typeset in the same update.
    assert.match(await page.locator('.formula[data-formula="trainingCompute"]').innerText(), /=/);
    assert.equal(await page.locator('.formula[data-formula="trainingCompute"] .katex').count(), 1);
    // The activation chart is far below: its summary and label are current, its drawing waits.
    const summaryAfter = await activations.locator(".chart-summary").innerText();
    assert.notEqual(summaryAfter, summaryBefore);
    assert.equal(await activations.locator("svg[viewBox]").count(), 0, "an off-screen chart is not redrawn");
    assert.equal(await activations.locator("[role=img]").getAttribute("aria-label"), `${await activations.locator("figcaption").innerText()}. ${summaryAfter}`);

    await activations.scrollIntoViewIfNeeded();
    await activations.locator("svg[viewBox]").waitFor({timeout: 5000});
    assert.equal(await activations.locator("[role=img] svg[viewBox]").count(), 1, "drawn once in view");

    // Exports draw a pending chart first. (The width does not change the energy chart, which is
    // then kept as drawn; the training tokens do.)
    await page.locator('form[data-param="d"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await setNumber(page, "d", 3e12);
    const energy = page.locator('figure[data-chart="energy-comparison"]');
    assert.equal(await energy.locator("svg[viewBox]").count(), 0);
    const svg = await page.evaluate(() => (window as unknown as {llmMathExport: {svg(id: string): {svg: string}}}).llmMathExport.svg("energy-comparison").svg);
    assert.match(svg, /^<svg[^>]*>.*<svg/s, "the export wraps the chart's own SVG");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a layered chart off screen does not draw its new overlay until it comes near, then draws what a fresh load draws", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention-cost?window=4096", {width: 1200, height: 900}, {lazy: true});
    await settle(page);
    const figure = page.locator('figure.chart[data-chart="variant-flops"]');
    assert.equal(await figure.locator("svg.chart-overlay").count(), 1, "drawn with its overlay on page load");
    await page.locator('form[data-param="page"]').scrollIntoViewIfNeeded(); // far below the chart
    await page.waitForTimeout(300);
    await page.evaluate(`(() => { const s = document.querySelector('form[data-param="window"] input[type=number]'); s.value = "1024"; s.dispatchEvent(new Event("input", {bubbles: true})); })()`);
    await settle(page);
    assert.match(await figure.locator(".chart-summary").innerText(), /w = 1024/, "its summary is current");
    assert.equal(await figure.locator("svg").count(), 0, "its drawing waits");
    await figure.scrollIntoViewIfNeeded();
    await figure.locator("svg.chart-overlay").waitFor({timeout: 5000});
    const paths = (p: import("playwright-core").Page) => p.locator('figure.chart[data-chart="variant-flops"] .chart-layers').evaluate((layers) => [...layers.querySelectorAll("path")].map((path) => path.getAttribute("d")));
    assert.deepEqual(await paths(page), await readFreshLoad(getSite(), "/attention-cost?window=1024", paths), "base and overlay as a fresh load draws them");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a heatmap off screen keeps its figure, waits with no table, and is built as a fresh load builds it on scrolling", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention?seed=1", {width: 1200, height: 900}, {lazy: true});
    await settle(page);
    const output = page.locator('figure.heatmap[aria-label^="Output of head"]');
    assert.equal(await output.locator("table").count(), 1, "every heatmap is built on page load");
    await output.evaluate((figure) => ((figure as unknown as {kept: boolean}).kept = true));
    await page.waitForTimeout(300); // the intersection observer reports what is near the viewport
    const mutations = await page.evaluate(`new Promise((resolve) => {
      const figure = document.querySelector('figure.heatmap[aria-label^="Output of head"]');
      let count = 0;
      new MutationObserver((list) => { count += list.length; }).observe(figure, {subtree: true, childList: true, characterData: true});
      const seed = document.querySelector('form[data-param="seed"] input[type=number]');
      const next = (n) => { seed.value = String(n); seed.dispatchEvent(new Event("input", {bubbles: true})); };
      next(2);
      setTimeout(() => { const afterFirst = count; next(3); setTimeout(() => resolve([afterFirst, count]), 400); }, 400);
    })`);
    assert.equal(await output.evaluate((figure) => (figure as unknown as {kept?: boolean}).kept), true, "the same figure");
    assert.equal(await output.locator("table").count(), 0, "its table waits for the reader");
    const [afterFirst, afterSecond] = mutations as [number, number];
    assert.ok(afterFirst > 0 && afterSecond === afterFirst, `cleared once, then untouched (${afterFirst}, ${afterSecond} mutation records)`);
    await output.scrollIntoViewIfNeeded();
    await output.locator("table").waitFor({timeout: 5000});
    const fresh = await readFreshLoad(getSite(), "/attention?seed=3", (p) => p.locator('figure.heatmap[aria-label^="Output of head"] table').innerHTML());
    assert.equal(await output.locator("table").innerHTML(), fresh, "built for seed 3");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a kept TeX block off screen waits untypeset and is typeset as a fresh load typesets it on scrolling", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/moe?seed=1", {width: 1200, height: 900}, {lazy: true});
    await settle(page);
    const TERMS = '.formula[data-formula="moeAuxLoss"] + .tex-kept';
    const terms = page.locator(TERMS);
    assert.equal(await terms.locator(".katex").count(), 1, "typeset on page load");
    await terms.evaluate((block) => ((block as unknown as {kept: boolean}).kept = true));
    await page.locator('form[data-param="seed"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300); // the intersection observer reports what is near the viewport
    await setNumber(page, "seed", 2);
    assert.equal(await terms.evaluate((block) => (block as unknown as {kept?: boolean}).kept), true, "the same element");
    assert.equal(await terms.locator(".katex").count(), 0, "the new batch's terms wait for the reader");
    await terms.scrollIntoViewIfNeeded();
    await terms.locator(".katex").waitFor({timeout: 5000});
    assert.match(page.url(), /seed=2/);
    assert.equal(await terms.innerHTML(), await readFreshLoad(getSite(), page, (p) => p.locator(TERMS).innerHTML()), "typeset for seed 2");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a formula taken off the page and shown again where it was is typeset in the frame that shows it", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/scaling?fit=hoffmann2022", {width: 1200, height: 900}, {lazy: true});
    await settle(page);
    await page.locator('form[data-param="fit"]').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300); // the intersection observer reports what is near the viewport
    // Returns whether the chosen fit's loss formula is typeset when the frame that applies the change has run.
    const typesetInFrame = (fit: string, formula: string) => page.evaluate(`new Promise((resolve) => {
      const select = document.querySelector('form[data-param="fit"] select');
      select.selectedIndex = [...select.options].findIndex((o) => o.textContent === ${JSON.stringify(FITS[fit as keyof typeof FITS].label)});
      select.dispatchEvent(new Event("input", {bubbles: true}));
      requestAnimationFrame(() => { const channel = new MessageChannel(); channel.port1.onmessage = () => resolve(document.querySelector('.formula[data-formula=${JSON.stringify(formula)}] .katex') !== null); channel.port2.postMessage(0); });
    })`);
    assert.equal(await typesetInFrame("kaplan2020", "kaplanLoss"), true, "Kaplan's formula in place of Hoffmann's");
    await settle(page);
    // Another Chinchilla-form fit: the kept Chinchilla formula comes back with other numbers.
    assert.equal(await typesetInFrame("besiroglu2024", "chinchillaLoss"), true, "the Chinchilla form, back with Besiroglu's numbers");
    await settle(page);
    const formula = '.formula[data-formula="chinchillaLoss"]';
    assert.equal(await page.locator(formula).innerHTML(), await readFreshLoad(getSite(), page, (p) => p.locator(formula).innerHTML(), {lazy: true}), "Besiroglu's numbers, as a fresh load typesets them");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
});
