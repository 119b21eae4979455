/**
 * Pages that keep unchanged outputs (memo-output.ts) must never show a stale one: after each
 * control changes, the page must read exactly like a fresh load of its new URL — every text,
 * chart summary, chart label and the text inside each chart. A dependency missing from a
 * memoOutput or dependsOn list shows up here as a difference.
 */
import {describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {SET_CONTROL} from "../../bench/set-control.js";
import {openPage, readFreshLoad, setNumber, settle, useSite} from "./harness.js";

const getSite = useSite();
/** The pages whose cells use memoOutput or chartFigure's dependsOn. */
const PAGES = ["/training", "/moe", "/attention-cost", "/attention", "/scaling"];

/** Everything a reader can read on the page, charts included. */
async function snapshot(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.getElementById("observablehq-main")!;
    const charts = [...main.querySelectorAll("figure.chart")].map((figure) => {
      const body = figure.querySelector(".chart-body");
      return `${body?.getAttribute("aria-label")}\n${[...figure.querySelectorAll(".chart-body svg")].map((svg) => svg.textContent).join(" | ")}`;
    });
    // How the MoE router ran (its timings, whether it reused the last batch's logits) depends on
    // what ran before, not on the settings: left out.
    // Formulas and display TeX as markup: one whose numbers were rewritten in place must equal a fresh typeset.
    const formulas = [...main.querySelectorAll(".formula, .tex-block")].map((formula) => formula.innerHTML);
    let text = main.innerText;
    for (const status of main.querySelectorAll<HTMLElement>("p.moe-status")) text = text.replace(status.innerText, "(router status)");
    return [text, ...charts, ...formulas].join("\n----\n");
  });
}

function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  const i = la.findIndex((line, k) => line !== lb[k]);
  return i < 0 ? "(lengths differ)" : `line ${i}: changed view "${la[i]}" vs fresh load "${lb[i]}"`;
}

describe("kept outputs are never stale", () => {
  test("/training: a price change leaves the GPU-hours formula and the charts in place and updates the cost; an MFU change rewrites the formula's numbers in place", async () => {
    const {page} = await openPage(getSite(), "/training");
    await settle(page);
    const mark = () => page.evaluate(() => {
      for (const el of document.querySelectorAll('.formula[data-formula="trainingGpuHours"], figure.chart[data-chart="zero-stages"]')) (el as unknown as {kept: boolean}).kept = true;
    });
    const kept = () => page.evaluate(() => [...document.querySelectorAll('.formula[data-formula="trainingGpuHours"], figure.chart[data-chart="zero-stages"]')].map((el) => (el as unknown as {kept?: boolean}).kept === true));
    await mark();
    const readout = await page.locator(".training-readout").innerText();
    await page.locator('form[data-param="price"] input[type=number]').fill("3.5");
    await page.locator('form[data-param="price"] input[type=number]').dispatchEvent("input");
    await settle(page);
    assert.deepEqual(await kept(), [true, true], "the same elements, still on the page");
    assert.notEqual(await page.locator(".training-readout").innerText(), readout);
    assert.match(await page.locator(".training-readout").innerText(), /at \$3\.50 per GPU-hour/);
    await page.locator('form[data-param="mfu"] input[type=number]').fill("0.5");
    await page.locator('form[data-param="mfu"] input[type=number]').dispatchEvent("input");
    await settle(page);
    assert.deepEqual(await kept(), [true, true], "an MFU change writes its new numbers into the same formula (retypesetText); the ZeRO chart does not use MFU");
    const formula = page.locator('.formula[data-formula="trainingGpuHours"]');
    assert.match(await formula.locator("annotation").evaluate((a) => a.textContent), /\\cdot\{0\.5\}\\cdot/, "the formula's TeX source holds the new MFU");
    assert.equal(await formula.innerHTML(), await readFreshLoad(getSite(), page, (p) => p.locator('.formula[data-formula="trainingGpuHours"]').innerHTML()), "node for node what a fresh typeset makes");
    await page.context().close();
  });

  test("/training: a ZeRO stage change keeps the chart and redraws only its overlay, over the chosen stage's line", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/training?zero=1");
    await settle(page);
    const figure = page.locator('figure.chart[data-chart="zero-stages"]');
    await figure.evaluate((f) => ((f as unknown as {kept: boolean}).kept = true));
    // The overlay's path must lie exactly on the base's path for the emphasised stage (same scales).
    const overlayOnStage = () => page.evaluate(`(() => {
      const f = document.querySelector('figure.chart[data-chart="zero-stages"]');
      const base = f.querySelector(".chart-layers > svg:not(.chart-overlay)");
      const over = f.querySelector(".chart-layers > svg.chart-overlay path");
      const match = [...base.querySelectorAll("path")].find((p) => p.getAttribute("d") === over.getAttribute("d"));
      return !!match && (match.getAttribute("stroke") ?? match.parentElement.getAttribute("stroke")) === (over.getAttribute("stroke") ?? over.parentElement.getAttribute("stroke"));
    })()`);
    assert.ok(await overlayOnStage(), "stage 1 emphasised, on its own line");
    const overlayBefore = await figure.locator("svg.chart-overlay path").getAttribute("d");
    await page.locator('form[data-param="zero"] label', {hasText: /^3$/}).click();
    await settle(page);
    assert.equal(await figure.evaluate((f) => (f as unknown as {kept?: boolean}).kept), true, "the same figure");
    assert.notEqual(await figure.locator("svg.chart-overlay path").getAttribute("d"), overlayBefore, "a new overlay");
    assert.ok(await overlayOnStage(), "stage 3 emphasised, on its own line");
    assert.equal(await figure.locator("svg.chart-overlay").count(), 1);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("/attention-cost: the window and global tokens redraw only the overlay of the two curves they move; the base and its axes stay", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention-cost?window=4096&global=64");
    await settle(page);
    for (const id of ["variant-flops", "variant-memory"]) {
      await page.locator(`figure.chart[data-chart="${id}"] .chart-layers > svg:not(.chart-overlay)`).evaluate((svg) => ((svg as unknown as {kept: boolean}).kept = true));
    }
    const overlayPath = (id: string) => page.locator(`figure.chart[data-chart="${id}"] svg.chart-overlay path`).first().getAttribute("d");
    const before = await overlayPath("variant-flops");
    await setNumber(page, "window", 1024);
    for (const id of ["variant-flops", "variant-memory"]) {
      const figure = page.locator(`figure.chart[data-chart="${id}"]`);
      assert.equal(await figure.locator(".chart-layers > svg:not(.chart-overlay)").evaluate((svg) => (svg as unknown as {kept?: boolean}).kept), true, `${id}: the same base`);
      assert.equal(await figure.locator("svg.chart-overlay").count(), 1, `${id}: one overlay`);
      assert.equal(await figure.locator("svg.chart-overlay [aria-label=axis], svg.chart-overlay text").count(), 0, `${id}: the overlay draws no axis`);
    }
    assert.notEqual(await overlayPath("variant-flops"), before, "the sliding-window curve moved");
    assert.match(await page.locator('figure.chart[data-chart="variant-flops"] .chart-summary').innerText(), /linear in n past w = 1024/, "the summary follows the window");
    // The tip follows the pointer over the overlay, which lies on the base.
    await page.locator('figure.chart[data-chart="variant-flops"] svg.chart-overlay').scrollIntoViewIfNeeded();
    const box = (await page.locator('figure.chart[data-chart="variant-flops"] svg.chart-overlay').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await page.locator('figure.chart[data-chart="variant-flops"] svg.chart-overlay text', {hasText: /n = /}).first().waitFor({timeout: 5000});
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("/attention: a new seed, width, sentence or head is written into the same heatmap tables, cell for cell what a fresh load builds", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention?seed=1");
    await settle(page);
    const fresh = await openPage(getSite(), "/attention?seed=1");
    const x = page.locator('figure.heatmap[aria-label^="X — token vectors"]');
    const scores = page.locator('figure.heatmap[aria-label^="Scores S, head"]');
    await x.evaluate((figure) => ((figure as unknown as {kept: boolean}).kept = true));
    const tableOf = (locator: typeof x) => locator.evaluate((figure) => [figure.getAttribute("aria-label"), figure.querySelector("table")!.outerHTML]);
    const sameAsFresh = async (label: string) => {
      await settle(page);
      await fresh.page.goto(page.url());
      await settle(fresh.page);
      for (const name of ["X — token vectors", "Scores S, head"]) {
        const mine = await tableOf(page.locator(`figure.heatmap[aria-label^="${name}"]`));
        const theirs = await tableOf(fresh.page.locator(`figure.heatmap[aria-label^="${name}"]`));
        assert.deepEqual(mine, theirs, `${label}: ${name} as a fresh load draws it`);
      }
      assert.equal(await x.evaluate((figure) => (figure as unknown as {kept?: boolean}).kept), true, `${label}: the same figure`);
    };
    const before = await x.locator("tbody").innerText();
    await setNumber(page, "seed", 2);
    assert.notEqual(await x.locator("tbody").innerText(), before, "with the new seed's numbers");
    await sameAsFresh("seed 2");
    await page.addScriptTag({content: SET_CONTROL});
    const set = (param: string, i: number) => page.evaluate(`window.__setControl(${JSON.stringify(param)}, ${i})`);
    await set("d", 1);
    await sameAsFresh("wider: more columns");
    for (let i = 0; i < 3; i++) await set("d", 1); // 16, 24, 32
    await sameAsFresh("32 columns: compact colour cells (heatmap.ts COMPACT_COLUMNS)");
    for (let i = 0; i < 2; i++) await set("d", 1); // wraps round to the narrower widths
    await sameAsFresh("narrower: fewer columns, numbers again");
    const tokens = page.locator('form[data-param="tokens"] input');
    await tokens.fill("a short one");
    await sameAsFresh("fewer tokens: fewer rows and columns");
    await tokens.fill("a much longer sentence than the one before it was");
    await sameAsFresh("more tokens: more rows and columns");
    await scores.evaluate((figure) => ((figure as unknown as {kept: boolean}).kept = true));
    await setNumber(page, "head", 2);
    assert.match((await scores.getAttribute("aria-label"))!, /^Scores S, head 2 /);
    assert.equal(await scores.evaluate((figure) => (figure as unknown as {kept?: boolean}).kept), true, "another head: the same Scores figure, retitled");
    await sameAsFresh("head 2");
    assert.equal(await x.locator('td[tabindex="0"]').count(), 1, "one tab stop after resizing");
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(fresh.consoleErrors, []);
    await fresh.page.context().close();
    await page.context().close();
  });

  test("/scaling: a chart keeps its figure across a change, and its open \"Show the numbers\" table shows the new numbers", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/scaling?flops=1e22");
    await settle(page);
    const figure = page.locator('figure[data-chart="iso-flop"]');
    await figure.locator("details summary").click();
    await figure.locator("details table tbody tr").first().waitFor({state: "attached"});
    await figure.evaluate((f) => ((f as unknown as {kept: boolean}).kept = true));
    const rowsBefore = await figure.locator("details table").innerText();
    await page.addScriptTag({content: SET_CONTROL});
    await page.evaluate(`window.__setControl("fit", 1)`);
    await settle(page);
    assert.equal(await figure.evaluate((f) => (f as unknown as {kept?: boolean}).kept), true, "the same figure");
    assert.equal(await figure.locator("details").evaluate((d) => (d as HTMLDetailsElement).open), true, "the table stays open");
    const rowsAfter = await figure.locator("details table").innerText();
    assert.notEqual(rowsAfter, rowsBefore, "with the new fit's numbers");
    const [freshRows, freshCaption] = await readFreshLoad(getSite(), page, async (p) => {
      const freshFigure = p.locator('figure[data-chart="iso-flop"]');
      await freshFigure.locator("details summary").click();
      await freshFigure.locator("details table tbody tr").first().waitFor({state: "attached"});
      return [await freshFigure.locator("details table").innerText(), await freshFigure.locator("figcaption").innerText()];
    });
    assert.equal(rowsAfter, freshRows, "as a fresh load shows them");
    assert.equal(await figure.locator("figcaption").innerText(), freshCaption);
    assert.equal(await figure.locator(".chart-body svg").count(), 1, "one drawing");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  for (const path of PAGES) {
    test(`${path}: after each control changes, the page reads like a fresh load of its URL`, async () => {
      const {page, consoleErrors} = await openPage(getSite(), path);
      await settle(page);
      await page.addScriptTag({content: SET_CONTROL});
      const params = await page.$$eval("form[data-param]", (forms) => [...new Set(forms.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => (f as HTMLElement).dataset.param!))]);
      assert.ok(params.length >= 4, `${path} has controls`);
      // One second page, reloaded at each new URL (a new browser context per load was twice as slow).
      const fresh = await openPage(getSite(), path);
      for (const param of params) {
        await page.evaluate(([p]) => (window as unknown as {__setControl(p: string, i: number): void}).__setControl(p, 2), [param] as const);
        await settle(page);
        const changed = await snapshot(page);
        await fresh.page.goto(page.url(), {waitUntil: "networkidle"});
        await settle(fresh.page);
        const loaded = await snapshot(fresh.page);
        assert.ok(changed === loaded, `${path} after changing ${param}: ${firstDifference(changed, loaded)}`);
      }
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(fresh.consoleErrors, []);
      await fresh.page.context().close();
      await page.context().close();
    });
  }
});
