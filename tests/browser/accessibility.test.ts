/**
 * Accessibility of every page: axe-core finds no serious or critical violation; every control
 * is reachable with Tab and operable from the keyboard; every chart has a text alternative;
 * prefers-reduced-motion is honoured.
 */
import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";
import config from "../../observablehq.config.js";
import {openPage, settle, useSite} from "./harness.js";

const getSite = useSite();
const PAGES = ["/", ...config.pages.map((p) => p.path)];
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

describe("axe-core: no serious or critical violations", () => {
  for (const path of PAGES) {
    test(path, async () => {
      const {page} = await openPage(getSite(), path);
      await settle(page);
      await page.addScriptTag({path: AXE});
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as {axe: {run(ctx: Document, o: object): Promise<{violations: {id: string; impact: string; nodes: {target: string[]}[]}[]}>}}).axe;
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0].target.join(" ")}`);
      });
      assert.deepEqual(violations, []);
      await page.context().close();
    });
  }
});

describe("keyboard and text alternatives", () => {
  for (const path of PAGES.filter((p) => p !== "/")) {
    test(`${path}: every control reachable with Tab; every chart described`, async () => {
      const {page} = await openPage(getSite(), path);
      await settle(page);
      // Open collapsed sections so their controls count too.
      await page.$$eval("#observablehq-main details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const expected = await page.$$eval("form[data-param]", (forms) => [...new Set(forms.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => (f as HTMLElement).dataset.param!))]);
      const reached = new Set<string>();
      await page.locator("body").focus();
      for (let i = 0; i < 700 && reached.size < expected.length; i++) {
        await page.keyboard.press("Tab");
        const param = await page.evaluate(() => (document.activeElement?.closest("form[data-param]") as HTMLElement | null)?.dataset.param ?? null);
        if (param) reached.add(param);
      }
      assert.deepEqual([...expected].filter((p) => !reached.has(p)), [], "controls never reached by Tab");
      const charts = await page.$$eval("figure.chart", (fs) => fs.map((f) => ({
        id: (f as HTMLElement).dataset.chart,
        label: f.querySelector("[role=img]")?.getAttribute("aria-label") ?? "",
        summary: f.querySelector(".chart-summary")?.textContent ?? ""
      })));
      for (const c of charts) {
        assert.ok(c.label.length > 20, `${c.id} has an accessible name`);
        assert.ok(c.summary.length > 20, `${c.id} has a summary`);
      }
      await page.context().close();
    });
  }

  test("a slider is operable with the arrow keys and updates the URL", async () => {
    const {page} = await openPage(getSite(), "/attention-cost?seq=8192");
    await settle(page);
    const slider = page.locator('form[data-param="global"] input[type=range]');
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await settle(page);
    assert.match(page.url(), /global=66\b/);
    await page.context().close();
  });

  test("prefers-reduced-motion: presenter steps jump instead of scrolling smoothly", async () => {
    const positions = async (reduce: boolean) => {
      const {page} = await openPage(getSite(), "/attention?present=1");
      await page.emulateMedia({reducedMotion: reduce ? "reduce" : "no-preference"});
      await settle(page);
      await page.locator("body").click({position: {x: 5, y: 5}});
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      const soon = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(window.scrollY))));
      await page.waitForTimeout(1500);
      const settled = await page.evaluate(() => window.scrollY);
      await page.context().close();
      return {soon, settled};
    };
    const reduced = await positions(true);
    assert.ok(reduced.settled > 0);
    assert.equal(reduced.soon, reduced.settled, "with reduced motion the step lands at once");
    const smooth = await positions(false);
    assert.ok(smooth.soon < smooth.settled, "without it, the step animates");
  });
});
