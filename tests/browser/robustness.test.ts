/**
 * Robustness of every page: each control set to its minimum, maximum and random values,
 * and every URL parameter set to garbage. Nothing may log a console error, render NaN /
 * Infinity / undefined, or inject markup; rejected URL values must show a message.
 */
import {describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import config from "../../observablehq.config.js";
import {BAD_TEXT, mainText, openPage, settle, useSite} from "./harness.js";

const getSite = useSite();
const PAGES = config.pages.map((p) => p.path).filter((p) => p !== "/workshop");
const GARBAGE = ["-1", "1e308", "NaN", "<script>window.pwned=1</script>", "%00%FF"];

/** A small deterministic generator so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

async function params(page: Page): Promise<string[]> {
  return page.$$eval("form[data-param]", (forms) => [...new Set(forms.map((f) => (f as HTMLElement).dataset.param!))]);
}

/** Free-text parameters: their value is the reader's own words (a word "NaN" is shown as typed). */
async function textParams(page: Page): Promise<string[]> {
  return page.$$eval("form[data-param]", (forms) => forms.filter((f) => f.querySelector("input[type=text], input:not([type])")).map((f) => (f as HTMLElement).dataset.param!));
}

async function checkClean(page: Page, errors: string[], where: string): Promise<void> {
  await settle(page);
  assert.deepEqual(errors, [], `${where}: console errors`);
  assert.doesNotMatch(await mainText(page), BAD_TEXT, `${where}: bad text`);
  assert.equal(await page.evaluate(() => (window as unknown as {pwned?: number}).pwned), undefined, `${where}: script ran`);
  assert.equal(await page.locator("#observablehq-main script, #observablehq-main img[src=x]").count(), 0, `${where}: markup injected`);
}

describe("every control at its limits and at random values", () => {
  for (const path of PAGES) {
    test(path, async () => {
      const {page, consoleErrors} = await openPage(getSite(), path);
      await settle(page);
      const next = random(path.length * 7919);
      const names = await params(page);
      assert.ok(names.length > 0, `${path} has controls`);
      for (const name of names) {
        const form = page.locator(`form[data-param="${name}"]`).first();
        if (!(await form.isVisible())) continue; // e.g. inside a closed <details>
        const number = form.locator("input[type=number]");
        const select = form.locator("select");
        const radios = form.locator("input[type=radio]");
        const checkbox = form.locator("input[type=checkbox]");
        const text = form.locator("input[type=text], input:not([type])");
        if (await number.count()) {
          const min = Number(await number.getAttribute("min"));
          const max = Number(await number.getAttribute("max"));
          for (const v of [min, max, min + (max - min) * next(), min + (max - min) * next() ** 3]) {
            await number.fill(String(Number(v.toPrecision(6))));
            await number.dispatchEvent("input");
            await checkClean(page, consoleErrors, `${path} ${name}=${v}`);
          }
        } else if (await select.count()) {
          const options = await select.locator("option").count();
          for (const i of [0, options - 1, Math.floor(next() * options)]) {
            await select.selectOption({index: i});
            await checkClean(page, consoleErrors, `${path} ${name}[${i}]`);
          }
        } else if (await radios.count()) {
          const n = await radios.count();
          for (const i of [0, n - 1, Math.floor(next() * n)]) {
            await radios.nth(i).check();
            await checkClean(page, consoleErrors, `${path} ${name}[${i}]`);
          }
        } else if (await checkbox.count()) {
          for (let i = 0; i < 2; i++) {
            await checkbox.first().click();
            await checkClean(page, consoleErrors, `${path} ${name} toggled`);
          }
        } else if (await text.count()) {
          for (const v of ["", "<img src=x onerror=window.pwned=1>", "注意力 ∞ ？ ".repeat(3) + String(next())]) {
            await text.first().fill(v);
            await text.first().dispatchEvent("input");
            await checkClean(page, consoleErrors, `${path} ${name}=${JSON.stringify(v)}`);
          }
        }
      }
      await page.context().close();
    });
  }
});

describe("every URL parameter set to garbage", () => {
  for (const path of PAGES) {
    test(path, async () => {
      const probe = await openPage(getSite(), path);
      await settle(probe.page);
      const names = await params(probe.page);
      const texts = await textParams(probe.page);
      await probe.page.context().close();
      for (const garbage of GARBAGE) {
        const value = (n: string) => (texts.includes(n) && garbage === "NaN" ? "" : garbage.startsWith("%") ? garbage : encodeURIComponent(garbage));
        const query = names.map((n) => `${encodeURIComponent(n)}=${value(n)}`).join("&");
        const {page, consoleErrors, offOrigin} = await openPage(getSite(), `${path}?${query}`);
        await checkClean(page, consoleErrors, `${path} all=${garbage}`);
        assert.deepEqual(offOrigin, []);
        assert.ok(await page.locator(".url-notice").first().isVisible(), `${path} all=${garbage}: a visible message`);
        await page.context().close();
      }
    });
  }
});
