import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {mainText, openPage, openSite, readFreshLoad, setNumber, settle, type Site} from "./harness.js";
import {FITS, computeOptimal} from "../../src/lib/scaling.js";

const BAD_TEXT = /\b(NaN|undefined|Infinity)\b/;
const GARBAGE = "?fit=nope&flops=abc&mfu=-1&gpus=1e308&model=%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E&n=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E";

let site: Site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

const optimalN = async (page: import("playwright-core").Page) => Number(await page.locator("[data-optimal-n]").getAttribute("data-optimal-n"));

/** Move the FLOP-budget slider to 1e25: the optimal N shown and the URL must follow. */
async function moveComputeSlider(page: import("playwright-core").Page, consoleErrors: string[]) {
  const before = await optimalN(page);
  const readout = await page.locator("[data-optimal-n]").innerText();
  await page.locator('form[data-param="flops"] input[type=range]').evaluate((el: HTMLInputElement) => {
    el.value = String(Math.log(1e25));
    el.dispatchEvent(new Event("input", {bubbles: true}));
  });
  await settle(page);
  const after = await optimalN(page);
  assert.ok(after > before * 3, `${before} → ${after}`);
  assert.notEqual(await page.locator("[data-optimal-n]").innerText(), readout);
  const flops = Number(new URL(page.url()).searchParams.get("flops"));
  assert.ok(Math.abs(flops / 1e25 - 1) < 1e-6, page.url());
  assert.ok(Math.abs(after / computeOptimal(flops, FITS.hoffmann2022).n - 1) < 1e-9);
  assert.deepEqual(consoleErrors, []);
}

describe("scaling-law and training notebooks", () => {
  test("/scaling builds the other fits' loss surfaces while idle, so a fit change swaps in a kept surface", async () => {
    const {page, consoleErrors} = await openPage(site, "/scaling?fit=hoffmann2022");
    const surface = page.locator('figure[data-chart="loss-surface"] [data-built-at]');
    const loadedBuild = Number(await surface.getAttribute("data-built-at"));
    await page.waitForTimeout(2500); // idle builds run within their 2 s deadline
    const beforeSwitch = await page.evaluate(() => performance.now());
    await page.locator('form[data-param="fit"] select').selectOption({label: FITS.kaplan2020.label});
    await settle(page);
    assert.match(await page.locator('figure[data-chart="loss-surface"]').innerText(), /Kaplan/);
    const kaplanBuild = Number(await surface.getAttribute("data-built-at"));
    assert.ok(kaplanBuild !== loadedBuild && kaplanBuild < beforeSwitch, `Kaplan surface built at ${kaplanBuild} ms, fit changed at ${beforeSwitch} ms`);
    assert.match(await surface.evaluate((svg) => svg.textContent ?? ""), /non-embedding/);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("/scaling builds the other fits' claim cards while idle, for the values held now, and they read like a fresh load", async () => {
    const {page, consoleErrors} = await openPage(site, "/scaling?fit=hoffmann2022");
    await page.waitForTimeout(2500); // the build-ahead of the four other fits runs in idle moments
    // A held value changes: the cards built ahead for the old value are stale, and are built again.
    await setNumber(page, "n", 3e10);
    await page.waitForTimeout(2500);
    const beforeSwitch = await page.evaluate(() => performance.now());
    await page.locator('form[data-param="fit"] select').selectOption({label: FITS.kaplan2020.label});
    await settle(page);
    const cards = page.locator("ol.claim-list");
    assert.match(await cards.innerText(), /Kaplan et al\. 2020/);
    const builtAt = Number(await cards.getAttribute("data-built-at"));
    assert.ok(builtAt < beforeSwitch, `Kaplan's cards built at ${builtAt} ms, fit changed at ${beforeSwitch} ms`);
    assert.equal(new URL(page.url()).searchParams.get("n"), "30000000000");
    assert.equal(await cards.innerText(), await readFreshLoad(site, page, (p) => p.locator("ol.claim-list").innerText()));
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  for (const path of ["/scaling", "/training"]) {
    test(`${path} loads with charts, formulas, no console error and no off-origin request (and /scaling follows its compute slider)`, async () => {
      const {page, consoleErrors, offOrigin} = await openPage(site, path);
      await settle(page);
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(offOrigin, []);
      assert.doesNotMatch(await mainText(page), BAD_TEXT);
      assert.ok((await page.locator("figure.chart").count()) >= 4, "charts present");
      assert.equal(await page.locator("figure.chart svg[role=img], figure.chart[role=img], figure.chart > [role=img]").count() > 0, true);
      assert.equal(await page.locator(".katex-error").count(), 0, "formulas render");
      assert.ok((await page.locator(".formula").count()) >= 2);
      assert.equal(await page.locator(".url-notice").isVisible(), false);
      if (path === "/scaling") await moveComputeSlider(page, consoleErrors);
      await page.context().close();
    });
  }

  test("a URL with parameters restores the scaling view", async () => {
    const {page, consoleErrors} = await openPage(site, "/scaling?fit=besiroglu2024&flops=1e25&n=1e11&d=1e13");
    await settle(page);
    assert.equal((await page.locator('form[data-param="fit"] select option:checked').innerText()).trim(), FITS.besiroglu2024.label);
    assert.ok(Math.abs((await optimalN(page)) / computeOptimal(1e25, FITS.besiroglu2024).n - 1) < 1e-9);
    assert.equal(Number(await page.locator('form[data-param="n"] input[type=number]').inputValue()), 1e11);
    assert.match(await page.locator("#law-d0-16").innerText(), /fixed N = 100B/);
    assert.equal(await page.locator(".url-notice").isVisible(), false);
    // The surface is a cached base with the chosen budget drawn over it; the export merges both.
    const exported = await page.evaluate(() => (window as unknown as {llmMathExport: {svg(id: string): {svg: string}}}).llmMathExport.svg("loss-surface").svg);
    assert.match(exported, /<image[^>]*>.*optimum for C = 1\.00e25/s, "surface and overlay in one SVG, the overlay after the raster");
    const layers = await page.locator('figure[data-chart="loss-surface"] .chart-layers > svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.x, r.y, r.width, r.height].map(Math.round).join(",")));
    assert.equal(layers.length, 2);
    assert.equal(layers[0], layers[1], "the overlay lies exactly over the base");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a URL with parameters restores the training view; a preset fills N and D in one update and writes them to the URL", async () => {
    const {page, consoleErrors} = await openPage(site, "/training?model=DeepSeek-V3&gpus=2048&gpu=H100+SXM&mfu=0.3");
    await settle(page);
    const num = (key: string) => page.locator(`form[data-param="${key}"] input[type=number]`).inputValue().then(Number);
    assert.equal(await num("n"), 37e9, "active parameters from the preset");
    assert.equal(await num("total"), 671e9);
    assert.equal(await num("gpus"), 2048);
    assert.equal(await num("mfu"), 0.3);
    assert.equal(await num("watts"), 700, "the H100's TDP");
    const hours = Number(await page.locator("[data-gpu-hours]").getAttribute("data-gpu-hours"));
    assert.ok(Math.abs(hours / ((6 * 37e9 * 14.8e12) / (989.5e12 * 0.3 * 3600)) - 1) < 1e-9);

    // Every GPU-hours readout the page shows on the way: a preset must not draw a half-applied state.
    await page.evaluate(`window.__hoursShown = [document.querySelector("[data-gpu-hours]").getAttribute("data-gpu-hours")];
      new MutationObserver(() => {
        const v = document.querySelector("[data-gpu-hours]")?.getAttribute("data-gpu-hours");
        if (v !== window.__hoursShown.at(-1)) window.__hoursShown.push(v);
      }).observe(document.getElementById("observablehq-main"), {subtree: true, childList: true, attributes: true});`);
    await page.locator('form[data-param="model"] select').selectOption("Llama 3 8B");
    await settle(page);
    const shown = (await page.evaluate("window.__hoursShown")) as string[];
    assert.equal(shown.length, 2, `the DeepSeek-V3 readout, then Llama 3 8B's, with no partial preset between: ${shown}`);
    assert.ok(Math.abs(Number(shown[1]) / ((6 * 8e9 * 15e12) / (989.5e12 * 0.3 * 3600)) - 1) < 1e-9, shown[1]);
    assert.equal(await num("n"), 8e9);
    assert.equal(await num("d"), 15e12);
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get("model"), "Llama 3 8B");
    assert.equal(Number(q.get("n")), 8e9);
    assert.equal(Number(q.get("d")), 15e12);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  for (const path of ["/scaling", "/training"]) {
    test(`${path}: garbage parameters show the notice, never NaN, and inject nothing`, async () => {
      const {page, consoleErrors, offOrigin} = await openPage(site, path + GARBAGE);
      await settle(page);
      const notice = page.locator(".url-notice");
      assert.ok(await notice.isVisible(), "a visible message lists the adjusted values");
      const text = await notice.innerText();
      if (path === "/scaling") {
        assert.match(text, /Fit: /);
        assert.match(text, /FLOP budget C: .*not a number/);
      } else {
        assert.match(text, /MFU: .*clamped to 0\.01/);
        assert.match(text, /GPUs: .*clamped to 1e6/);
        assert.match(text, /Preset model/);
      }
      assert.doesNotMatch(await mainText(page), BAD_TEXT);
      assert.equal(await page.evaluate(() => (window as unknown as {pwned?: number}).pwned), undefined);
      assert.equal(await page.locator("#observablehq-main script, #observablehq-main img[src=x]").count(), 0);
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(offOrigin, []);
      await page.context().close();
    });
  }
});
