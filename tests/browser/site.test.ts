import {describe, test} from "node:test";
import assert from "node:assert/strict";
import config from "../../observablehq.config.js";
import {formatNumber} from "../../src/lib/format.js";
import {BAD_TEXT, mainText, openPage, settle, useSite} from "./harness.js";

const PAGES = ["/", ...config.pages.map((p) => p.path)];

const getSite = useSite();
/** A heatmap title's full-precision value ("−0.531234") as a cell shows it, to 2 decimals. */
const formatTwo = (shown: string) => formatNumber(Number(shown.replace("−", "-")), 2);

describe("every page", () => {
  for (const path of PAGES) {
    test(`${path} loads with no console error and no request off its origin`, async () => {
      const {page, consoleErrors, offOrigin} = await openPage(getSite(), path);
      await settle(page);
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(offOrigin, []);
      assert.doesNotMatch(await mainText(page), BAD_TEXT);
      await page.context().close();
    });
  }
});

describe("attention notebook", () => {
  test("formulas render with KaTeX and fonts come from the site", async () => {
    const {page} = await openPage(getSite(), "/attention");
    await settle(page);
    assert.ok((await page.locator(".katex").count()) > 5, "KaTeX output present");
    assert.equal(await page.locator(".katex-error").count(), 0, "no KaTeX parse errors");
    const fontsOk = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.includes("KaTeX") && f.status === "loaded");
    });
    assert.ok(fontsOk, "a KaTeX font loaded from the site");
    await page.context().close();
  });

  test("the URL is written after the change has painted, and a copied link already holds the new value", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention");
    await settle(page);
    type Copied = {__copied: string};
    await page.evaluate(`window.__copied = ""; Object.defineProperty(navigator, "clipboard", {value: {writeText: async (text) => { window.__copied = text; }}});`);
    const setSeed = (value: string, clickLink: boolean) => page.evaluate(async ([v, click]) => {
      const seed = document.querySelector<HTMLInputElement>('form[data-param="seed"] input[type=number]')!;
      seed.value = v as string;
      seed.dispatchEvent(new Event("input", {bubbles: true}));
      await Promise.resolve(); // past the input task's microtasks
      const search = location.search;
      if (click) [...document.querySelectorAll<HTMLButtonElement>("figure.chart .chart-tools button")].find((b) => b.textContent === "Link")!.click();
      return search;
    }, [value, clickLink] as const);
    assert.doesNotMatch(await setSeed("4343", false), /seed=4343/, "not written in the input's own task");
    await settle(page);
    assert.match(await page.evaluate(() => location.search), /seed=4343/, "written once the frame has painted");
    await setSeed("4444", true);
    await page.waitForFunction(() => (window as unknown as Copied).__copied !== "");
    assert.match(await page.evaluate(() => (window as unknown as Copied).__copied), /seed=4444/, "the copied link has the value set just before the click");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("moving a control changes the chart and the URL", async () => {
    const {page} = await openPage(getSite(), "/attention");
    await settle(page);
    const heads = () => page.locator("figure.heatmap caption strong", {hasText: /^Head \d+ weights$/}).count();
    assert.equal(await heads(), 2);
    await page.locator('form[data-param="heads"] label', {hasText: /^4$/}).click();
    await settle(page);
    assert.equal(await heads(), 4);
    assert.match(page.url(), /heads=4/);

    // A cell's full-precision title is given when it is pointed at (heatmap.ts).
    const cell = page.locator("figure.heatmap").first().locator("td").first();
    const firstCell = async () => {
      await cell.hover();
      return cell.getAttribute("title");
    };
    const before = await firstCell();
    assert.match(before ?? "", /^1 the, x1: −?\d\.\d+$/);
    await page.locator('form[data-param="seed"] input[type=number]').fill("777");
    await page.locator('form[data-param="seed"] input[type=number]').dispatchEvent("input");
    await settle(page);
    assert.equal(await cell.getAttribute("title"), null, "the old value's title is not left on the cell");
    assert.notEqual(await firstCell(), before, "a new seed gives new embeddings");
    assert.match(page.url(), /seed=777/);

    assert.equal(await page.getByText("−∞").count(), 0, "no masked scores without the causal mask");
    await page.locator('form[data-param="causal"] input[type=checkbox]').check();
    await settle(page);
    assert.ok((await page.getByText("−∞").count()) > 0, "the causal mask hides the future");
    await page.context().close();
  });

  test("a URL with parameters restores the view", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention?tokens=one+two+three&d=16&heads=4&causal=1&temp=2&seed=42&head=3&query=2");
    await settle(page);
    assert.equal(await page.locator('form[data-param="tokens"] input').inputValue(), "one two three");
    assert.equal(await page.locator('form[data-param="heads"] input:checked').count(), 1);
    assert.equal(await page.locator("figure.heatmap caption strong", {hasText: /^Head \d+ weights$/}).count(), 4);
    assert.equal(await page.locator('form[data-param="causal"] input').isChecked(), true);
    assert.equal(Number(await page.locator('form[data-param="seed"] input[type=number]').inputValue()), 42);
    assert.ok(await page.getByText("Scores S, head 3").isVisible());
    const x = page.locator("figure.heatmap").first();
    assert.equal(await x.locator("tbody tr").count(), 3, "three tokens → three rows");
    assert.equal(await x.locator("tbody tr").first().locator("td").count(), 16, "d_model = 16 columns");
    const rowShadow = (i: number) => x.locator("tbody tr").nth(i).locator("td").first().evaluate((el) => getComputedStyle(el).boxShadow);
    assert.match(await rowShadow(1), /inset/, "the query token's row (query=2) is outlined");
    assert.equal(await rowShadow(0), "none", "other rows are not");
    assert.equal(await page.locator(".url-notice").isVisible(), false);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("garbage parameters show a message, never NaN, and inject nothing", async () => {
    const query = "?tokens=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E&d=abc&heads=-1&temp=NaN&seed=1e308&head=&query=%3Cimg%20src%3Dx%3E";
    const {page, consoleErrors, offOrigin} = await openPage(getSite(), "/attention" + query);
    await settle(page);
    const notice = page.locator(".url-notice");
    assert.ok(await notice.isVisible(), "a visible message lists the adjusted values");
    const text = await notice.innerText();
    assert.match(text, /Model width/);
    assert.match(text, /Temperature/);
    assert.match(text, /Seed: .*clamped to 99999/);
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    assert.equal(await page.evaluate(() => (window as unknown as {pwned?: number}).pwned), undefined);
    assert.equal(await page.locator("#observablehq-main script, #observablehq-main img[src=x]").count(), 0);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(offOrigin, []);
    await page.context().close();
  });

  test("a matrix wider than 16 columns is drawn in colour-only cells whose value is their accessible name", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention?d=32");
    await settle(page);
    const x = page.locator('figure.heatmap[aria-label^="X — token vectors"]');
    assert.equal(await x.locator("table.compact").count(), 1);
    assert.match(await x.locator("caption").innerText(), /Colour only at more than 16 columns/);
    const cells = x.locator("tbody td");
    assert.equal(await cells.count(), 10 * 32);
    assert.equal(await cells.evaluateAll((tds) => tds.map((td) => td.textContent).join("")), "", "no numbers in the cells");
    const labels = await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute("aria-label")));
    assert.ok(labels.every((label) => /^−?\d\.\d\d$/.test(label ?? "")), `every cell is named by its value: ${labels.slice(0, 4).join(", ")}`);
    // The name is the value the narrow table shows in the cell; pointing gives it at full precision.
    const first = cells.first();
    await first.hover();
    const title = (await first.getAttribute("title")) ?? "";
    assert.match(title, /^1 the, x1: −?\d\.\d+$/);
    assert.equal(formatTwo(title.split(": ")[1]), labels[0]);
    await first.focus();
    await page.keyboard.press("ArrowRight");
    assert.match((await page.evaluate(() => document.activeElement?.getAttribute("title"))) ?? "", /^1 the, x2: /, "arrow keys move between compact cells");
    // At 16 columns the numbers are back in the cells.
    await page.locator('form[data-param="d"] label', {hasText: /^16$/}).click();
    await settle(page);
    assert.equal(await x.locator("table.compact").count(), 0);
    assert.match(await x.locator("tbody td").first().innerText(), /^−?\d\.\d\d$/);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("heatmap cells are reachable and movable by keyboard", async () => {
    const {page} = await openPage(getSite(), "/attention");
    await settle(page);
    const first = page.locator("figure.heatmap").first().locator("td").first();
    await first.focus();
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("title"));
    assert.match(focused ?? "", /^1 the, x2: /);
    await page.context().close();
  });
});

describe("claims audit", () => {
  test("filters live in the URL and narrow the list", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/claims?verdict=inconsistent&topic=attention");
    await settle(page);
    const cards = page.locator(".claim");
    const n = await cards.count();
    assert.ok(n >= 1, "at least the O(n log n) claim");
    for (let i = 0; i < n; i++) assert.match(await cards.nth(i).locator(".verdict").innerText(), /inconsistent/);
    assert.ok(await page.getByText(/n log n/).first().isVisible());
    await page.locator('form[data-param="verdict"] select').selectOption({label: "all"});
    await settle(page);
    assert.ok((await cards.count()) > n);
    assert.match(page.url(), /verdict=all/);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
  test("search finds a claim by its Chinese term", async () => {
    const {page} = await openPage(getSite(), "/claims?q=%E6%98%BE%E5%AD%98");
    await settle(page);
    const ids = await page.locator(".claim code").allInnerTexts();
    assert.ok(ids.includes("d0-14"), ids.join(","));
    await page.context().close();
  });
});
