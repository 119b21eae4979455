import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {openPage, setNumber, settle, useSite} from "./harness.js";

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
});
