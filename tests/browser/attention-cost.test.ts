import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {BAD_TEXT, mainText, openPage, settle, useSite} from "./harness.js";

const getSite = useSite();

const figureSummary = (page: import("playwright-core").Page, id: string) => page.locator(`figure[data-chart="${id}"] .chart-summary`).innerText();

describe("attention-cost notebook", () => {
  test("a URL restores model, length, batch, dtype and GPU, and the numbers follow", async () => {
    const {page, consoleErrors, offOrigin} = await openPage(getSite(), "/attention-cost?model=Llama%202%207B&seq=4096&batch=1&dtype=bf16&gpu=H100%20SXM");
    await settle(page);
    assert.equal(await page.locator('form[data-param="model"] select').inputValue().then((v) => page.locator(`form[data-param="model"] option[value="${v}"]`).innerText()), "Llama 2 7B");
    // Llama 2 7B caches 2·32·32·128·2 B = 524,288 B per token; 4,096 tokens → 2.15 GB.
    const kv = await figureSummary(page, "kv-cache");
    assert.match(kv, /caches 524 kB per token \(bf16\); at 4\.1K tokens × 1 that is 2\.15 GB/);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(offOrigin, []);
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    await page.context().close();
  });

  test("moving the sequence length changes the charts and the URL", async () => {
    const {page} = await openPage(getSite(), "/attention-cost?model=Llama%203%208B&seq=8192");
    await settle(page);
    const before = await figureSummary(page, "attention-share");
    const seq = page.locator('form[data-param="seq"] input[type=number]');
    await seq.fill("131072");
    await seq.dispatchEvent("input");
    await settle(page);
    assert.notEqual(await figureSummary(page, "attention-share"), before);
    assert.match(page.url(), /seq=131072/);
    assert.match(await figureSummary(page, "kv-cache"), /at 131K tokens/);
    await page.context().close();
  });

  test("a model too big for the GPU says so; a batch raises decode intensity", async () => {
    const {page} = await openPage(getSite(), "/attention-cost?model=Llama%203%2070B&gpu=A100%2080GB%20SXM&dtype=bf16&batch=1");
    await settle(page);
    assert.match(await figureSummary(page, "kv-cache"), /weights alone exceed the A100 80GB SXM's 80 GB/);
    const intensity = async () => Number((await figureSummary(page, "roofline")).match(/decode at ([\d.]+) FLOPs\/byte/)![1]);
    const single = await intensity();
    const batch = page.locator('form[data-param="batch"] input[type=number]');
    await batch.fill("64");
    await batch.dispatchEvent("input");
    await settle(page);
    assert.ok((await intensity()) > 10 * single);
    await page.context().close();
  });

  test("garbage parameters show a message and never NaN", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention-cost?model=%3Cscript%3E&seq=abc&batch=-4&dtype=fp64&gpu=&window=1e308&page=NaN");
    await settle(page);
    const notice = await page.locator(".url-notice").innerText();
    for (const label of ["Model", "Sequence length", "Batch", "Number format", "Local window", "Page size"]) assert.match(notice, new RegExp(label));
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    assert.equal(await page.locator("#observablehq-main script").count(), 0);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("a hand-set model is used when Custom is chosen", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention-cost?model=Custom%20(set%20below)&cd=1024&cl=4&ch=8&ckv=3&chd=64&seq=1024");
    await settle(page);
    assert.match(await page.locator(".url-notice").innerText(), /KV heads must divide the 8 query heads; using 2/);
    // 2 · 4 layers · 2 KV heads · 64 · 2 bytes = 2,048 bytes per token.
    assert.match(await figureSummary(page, "kv-cache"), /caches 2\.05 kB per token/);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
});
