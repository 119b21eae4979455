import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {BAD_TEXT, mainText, openPage, settle, useSite} from "./harness.js";

const getSite = useSite();

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): {width: number; height: number} {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString("ascii"), "PNG", `${file} is a PNG`);
  return {width: b.readUInt32BE(16), height: b.readUInt32BE(20)};
}

describe("slides and workshops", () => {
  test("an embed shows only its chart, with the parameters from its URL", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention-cost?model=Llama%202%207B&seq=32768&embed=kv-cache&controls=0");
    await settle(page);
    const visibleCharts = await page.locator("figure.chart:visible").count();
    assert.equal(visibleCharts, 1);
    assert.ok(await page.locator('figure.chart[data-chart="kv-cache"]').isVisible());
    assert.equal(await page.locator(".controls:visible").count(), 0, "frozen embed hides controls");
    assert.equal(await page.locator("#observablehq-sidebar").isVisible(), false);
    assert.match(await page.locator('figure.chart[data-chart="kv-cache"] .chart-summary').innerText(), /Llama 2 7B caches 524 kB per token \(bf16\); at 32\.8K tokens/);
    const [svgWidth, figureWidth] = await page.locator('figure.chart[data-chart="kv-cache"]').evaluate((f) => [f.querySelector("svg[viewBox]")!.getBoundingClientRect().width, f.getBoundingClientRect().width]);
    assert.ok(Math.abs(svgWidth - figureWidth) < 2, `the embedded chart fills the frame's width (${svgWidth} of ${figureWidth} px)`);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("an embedded layered chart (the loss surface) fills the frame with its overlay exactly over the base", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/scaling?embed=loss-surface&controls=0");
    await settle(page);
    const figure = page.locator('figure.chart[data-chart="loss-surface"]');
    const boxes = await figure.locator(".chart-layers > svg").evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.x, r.y, r.width, r.height].map(Math.round)));
    const figureWidth = await figure.evaluate((f) => f.getBoundingClientRect().width);
    assert.equal(boxes.length, 2);
    assert.deepEqual(boxes[1], boxes[0], "overlay over base");
    assert.ok(Math.abs(boxes[0][2] - figureWidth) < 2, `the surface fills the frame's width (${boxes[0][2]} of ${figureWidth} px)`);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("an embed with controls keeps them working", async () => {
    const {page} = await openPage(getSite(), "/attention?embed=softmax-saturation");
    await settle(page);
    assert.equal(await page.locator("figure.chart:visible").count(), 1);
    assert.ok((await page.locator(".controls:visible").count()) >= 1);
    await page.context().close();
  });

  test("charts share one copy of Plot's stylesheet, and its rules apply", async () => {
    const {page} = await openPage(getSite(), "/attention-cost");
    await settle(page);
    assert.equal(await page.locator("#observablehq-main style").count(), 0, "no per-chart <style> (each one re-matches the page's styles when added or removed)");
    assert.equal(await page.locator("head style[data-plot-styles]").count(), 1);
    const applied = await page.evaluate(() => {
      const svg = document.querySelector("figure.chart .chart-body svg")!;
      const swatches = document.querySelector(".chart-legend [class$='-swatches-wrap']")!;
      return {maxWidth: getComputedStyle(svg).maxWidth, text: getComputedStyle(svg.querySelector("text")!).whiteSpace, swatches: getComputedStyle(swatches).display};
    });
    assert.deepEqual(applied, {maxWidth: "100%", text: "pre", swatches: "flex"});
    await page.context().close();
  });

  test("the chart toolbar downloads SVG, PNG and CSV with the caption line", async () => {
    const {page} = await openPage(getSite(), "/attention-cost?seq=4096");
    await settle(page);
    const figure = page.locator('figure.chart[data-chart="roofline"]');
    const [svg] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", {name: "SVG"}).click()]);
    const svgText = readFileSync(await svg.path(), "utf8");
    assert.match(svgText, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svgText, /Parameters: seq = 4096/);
    assert.equal(svgText.match(/<style>/g)?.length, 1, "the standalone SVG carries Plot's rules once");
    assert.match(svgText, /white-space: pre/);
    const [png] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", {name: "PNG"}).click()]);
    const size = pngSize(await png.path());
    const box = await figure.locator("svg").last().boundingBox();
    assert.ok(Math.abs(size.width - 2 * box!.width) <= 2, `PNG is 2× the chart width (${size.width} vs ${box!.width})`);
    const [csv] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", {name: "CSV"}).click()]);
    const csvText = readFileSync(await csv.path(), "utf8");
    assert.match(csvText, /^# Roofline of the H100 SXM/);
    assert.match(csvText.split("\n")[1], /^phase,FLOPs,bytes,FLOPs\/byte$/);
    await page.context().close();
  });

  test("predict, then reveal: the page reveals its computed answer and how far off the guess was", async () => {
    const {page} = await openPage(getSite(), "/attention?tokens=a+b+c+d&d=8");
    await settle(page);
    const box = page.locator('[data-exercise="attention-flops"]');
    await box.locator("input").fill("1000");
    await box.getByRole("button", {name: /Commit guess/}).click();
    // 4 tokens, d = 8: 8·4·64 + 4·16·8 = 2048 + 512 = 2560 FLOPs.
    assert.match(await box.locator(".exercise-result").innerText(), /You guessed 1,000; the computed answer is 2,560 — 2\.6× too low/);
    await page.context().close();
  });

  test("presenter mode enlarges type, hides the sidebar and steps sections with the keyboard", async () => {
    const {page} = await openPage(getSite(), "/attention?present=1");
    await settle(page);
    assert.equal(await page.locator("#observablehq-sidebar").isVisible(), false);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), "24px");
    const y0 = await page.evaluate(() => window.scrollY);
    await page.locator("body").click({position: {x: 5, y: 5}});
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(800);
    assert.ok((await page.evaluate(() => window.scrollY)) > y0, "stepped down to a later section");
    await page.getByRole("button", {name: "High contrast"}).click();
    assert.match(page.url(), /contrast=high/);
    await page.context().close();
  });

  test("print media hides controls and toolbars and keeps charts whole", async () => {
    const {page} = await openPage(getSite(), "/attention-cost");
    await settle(page);
    await page.emulateMedia({media: "print"});
    assert.equal(await page.locator(".controls:visible").count(), 0);
    assert.equal(await page.locator(".chart-tools:visible").count(), 0);
    assert.equal(await page.locator(".view-tools:visible").count(), 0);
    assert.equal(await page.locator("figure.chart").first().evaluate((f) => getComputedStyle(f).breakInside), "avoid");
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    await page.context().close();
  });

  test("npm run export renders a PNG and an SVG of the requested size", () => {
    const out = mkdtempSync(join(tmpdir(), "export-"));
    const run = (args: string[]) => execFileSync(process.execPath, ["--import", "tsx", "scripts/export.ts", ...args, "--out", out], {encoding: "utf8"});
    run(["attention-share", "--model", "Mistral 7B", "--seq", "65536", "--format", "png", "--size", "1280x720"]);
    assert.deepEqual(pngSize(join(out, "attention-share.png")), {width: 1280, height: 720});
    run(["attention-share", "--format", "svg", "--size", "1920x1080"]);
    const svg = readFileSync(join(out, "attention-share.svg"), "utf8");
    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*width="1920" height="1080"/);
    assert.match(svg, /Attention's share of the FLOPs per generated token/);
  });
});

describe("exercises on every notebook", () => {
  test("each notebook has at least three predict-then-reveal exercises", async () => {
    for (const path of ["/attention", "/attention-cost", "/moe", "/scaling", "/training", "/claims"]) {
      const {page} = await openPage(getSite(), path);
      await settle(page);
      assert.ok((await page.locator("[data-exercise]").count()) >= 3, path);
      await page.context().close();
    }
  });
});
