import {describe, test} from "node:test";
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import type {Page} from "playwright-core";
import {BAD_TEXT, mainText, openPage, settle, useSite} from "./harness.js";
import {FITS, computeOptimal} from "../../src/lib/scaling.js";
import {trainingDays, zeroMemoryPerGpu} from "../../src/lib/training.js";
import {parseParams} from "../../src/lib/params.js";
import {SCALING_PARAMS, resolveScalingSettings} from "../../src/lib/scaling-settings.js";

const getSite = useSite();

/** The pages' own number format for these answers: at most 3 significant figures, en-US grouping. */
const sig3 = (x: number) => x.toLocaleString("en-US", {maximumSignificantDigits: 3});

/** GPU rows exactly as the site's data loader produces them from data/hardware.csv. */
function hardware(): {name: string; bf16FlopsPerSecond: number}[] {
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "src/data/hardware.json.ts"], {encoding: "utf8"}));
}

async function commitGuess(page: Page, id: string, guess: number): Promise<string> {
  const box = page.locator(`[data-exercise="${id}"]`);
  await box.locator("input").fill(String(guess));
  await box.getByRole("button", {name: /Commit guess/}).click();
  return box.locator(".exercise-result").innerText();
}

describe("predict, then reveal: scaling and training exercises", () => {
  test("/scaling reveals the Chinchilla closed-form optimum for the URL's budget, and follows the slider", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/scaling?fit=hoffmann2022&flops=1e24");
    await settle(page);
    assert.equal(await page.locator("section.exercise").count() >= 3, true, "at least three exercises");
    // Hand check (Hoffmann et al. 2022 eq. 4, rounded approach-3 constants): G = (αA/(βB))^(1/(α+β)),
    // N_opt = G·(C/6)^(β/(α+β)) = 1.345 × (1.667e23)^0.4516 ≈ 41.3B at C = 1e24.
    const {alpha, beta, A, B} = FITS.hoffmann2022;
    const g = Math.pow((alpha * A) / (beta * B), 1 / (alpha + beta));
    const closedForm = g * Math.pow(1e24 / 6, beta / (alpha + beta));
    assert.ok(Math.abs(closedForm / computeOptimal(1e24, FITS.hoffmann2022).n - 1) < 1e-12);
    assert.equal(sig3(closedForm / 1e9), "41.3");
    const result = await commitGuess(page, "scaling-optimal-n", 40);
    assert.match(result, /^You guessed 40B; the computed answer is 41\.3B — /);

    // The committed guess survives a change of budget; the answer follows the control.
    await page.locator('form[data-param="flops"] input[type=range]').evaluate((el: HTMLInputElement) => {
      el.value = String(Math.log(1e25));
      el.dispatchEvent(new Event("input", {bubbles: true}));
    });
    await settle(page);
    const flops = Number(new URL(page.url()).searchParams.get("flops"));
    const expected = sig3(computeOptimal(flops, FITS.hoffmann2022).n / 1e9);
    assert.notEqual(expected, "41.3");
    assert.match(await page.locator('[data-exercise="scaling-optimal-n"] .exercise-result').innerText(), new RegExp(`^You guessed 40B; the computed answer is ${expected.replace(".", "\\.")}B`));
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("/training reveals ZeRO-3 memory and wall-clock days for the URL's model and cluster", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/training?model=custom&n=7e10&total=7e10&d=1.4e12&gpu=H100+SXM&gpus=64&mfu=0.5");
    await settle(page);
    assert.equal(await page.locator("section.exercise").count() >= 3, true, "at least three exercises");
    // 16 bytes per parameter × 70B ÷ 64 GPUs = 17.5 GB.
    const zero3 = zeroMemoryPerGpu(7e10, 64, 3) / 1e9;
    assert.equal(zero3, 17.5);
    assert.match(await commitGuess(page, "training-zero3", 35), /^You guessed 35 GB; the computed answer is 17\.5 GB — 2× too high/);
    // 6 × 70B × 1.4T = 5.88e23 FLOPs ÷ (64 × 989.5 TFLOP/s × 0.5) ÷ 86,400 s ≈ 215 days.
    const h100 = hardware().find((x) => x.name === "H100 SXM");
    assert.ok(h100, "H100 SXM in data/hardware.csv");
    const days = trainingDays(6 * 7e10 * 1.4e12, 64, h100.bf16FlopsPerSecond, 0.5);
    assert.equal(sig3(days), "215");
    assert.match(await commitGuess(page, "training-days", 200), /^You guessed 200; the computed answer is 215 — /);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("an exercise a control change does not touch stays as it was, half-typed guess included", async () => {
    const {page, consoleErrors} = await openPage(getSite(), "/attention");
    await settle(page);
    const box = page.locator('[data-exercise="attention-flops"]');
    await box.locator("input").fill("12345");
    await box.evaluate((el) => ((el as unknown as {kept: boolean}).kept = true));
    // The seed changes the numbers, not the sentence's length or d_model the question asks about.
    await page.locator('form[data-param="seed"] input[type=number]').fill("5");
    await page.locator('form[data-param="seed"] input[type=number]').dispatchEvent("input");
    await settle(page);
    assert.equal(await box.evaluate((el) => (el as unknown as {kept?: boolean}).kept), true, "the same exercise element");
    assert.equal(await box.locator("input").inputValue(), "12345", "the typed guess is still there");
    // A new width asks a new question.
    await page.locator('form[data-param="d"] label', {hasText: /^16$/}).click();
    await settle(page);
    assert.match(await box.getAttribute("aria-label") ?? "", /d_model = 16\?/);
    assert.equal(await box.evaluate((el) => (el as unknown as {kept?: boolean}).kept), undefined, "rebuilt for the new question");
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test("/workshop loads cleanly and its answer key has a computed row per exercise", async () => {
    const {page, consoleErrors, offOrigin} = await openPage(getSite(), "/workshop");
    await settle(page);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(offOrigin, []);
    assert.doesNotMatch(await mainText(page), BAD_TEXT);
    const rows = page.locator("h2#answer-keys-default-settings ~ table").first().locator("tbody tr");
    assert.ok((await rows.count()) >= 12, `${await rows.count()} answer rows`);
    // Row 10 is computed at the scaling notebook's defaults, not typed.
    const defaults = resolveScalingSettings(parseParams("", SCALING_PARAMS).values);
    const row10 = await rows.nth(9).innerText();
    assert.match(row10, /^10\b/);
    assert.ok(row10.includes(`${sig3(defaults.optimalN / 1e9)}B parameters`), row10);
    await page.context().close();
  });
});
