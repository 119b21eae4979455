/**
 * npm run bench [-- --check] [--samples N] [--no-build] [--pages /a,/b]
 * Builds the site (timed, from a clean cache), serves it, drives headless Chromium, and
 * measures: input-to-paint latency per control (p50/p95), bytes per page (raw and gzip, by
 * kind), largest contentful paint, and the heavy kernels next to a plain read of the same
 * data. Prints a table, writes bench/results.json (full runs only, not with --pages), and with --check exits 1 when a budget
 * in bench/budgets.json is exceeded.
 */
import {execSync} from "node:child_process";
import {readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem, platform, release} from "node:os";
import {gzipSync} from "node:zlib";
import type {Page} from "playwright-core";
import config from "../observablehq.config.js";
import {launchBrowser} from "../tests/browser/harness.js";
import {serveStatic} from "../scripts/serve.js";
import {benchKernels, REROUTE_KERNEL, ROUTING_KERNEL} from "./kernels.js";
import {SET_CONTROL} from "./set-control.js";

const args = process.argv.slice(2);
const check = args.includes("--check");
const noBuild = args.includes("--no-build");
const samples = Number(args[args.indexOf("--samples") + 1]) || 50;
const pagesArg = args.includes("--pages") ? args[args.indexOf("--pages") + 1].split(",") : null;
const budgets = JSON.parse(readFileSync("bench/budgets.json", "utf8"));

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), null, {timeout: 30000});
  await page.waitForTimeout(200);
}

/**
 * In the page: set a control and time how long the update takes to reach the screen.
 * The runtime applies a change in the next animation frame, so a discrete input waits up to
 * one frame (`wait`); a slider drag delivers its input at the start of a frame, so what decides
 * whether the chart keeps up is `work`: from the start of the frame that applies the change to
 * the end of that frame's style, layout and paint (a message posted from a later rAF callback
 * runs only after the frame has rendered). Frames that go on changing the DOM (async cells,
 * workers) extend `work` until a frame passes with no change.
 */
const MEASURE = `window.__measureInput = (param, index) => new Promise((resolve) => {
  const main = document.getElementById("observablehq-main");
  let mutated = false;
  const observer = new MutationObserver(() => { mutated = true; });
  observer.observe(main, {subtree: true, childList: true, characterData: true, attributes: true});
  const t0 = performance.now();
  window.__setControl(param, index);
  let frameStart = null, lastPainted = null;
  const afterPaint = (callback) => { const channel = new MessageChannel(); channel.port1.onmessage = callback; channel.port2.postMessage(0); };
  const tick = () => {
    if (frameStart === null) frameStart = performance.now();
    // Checked after the frame has rendered: the runtime's own rAF callback may run after this one.
    afterPaint(() => {
      const now = performance.now();
      const changed = mutated;
      mutated = false;
      if (changed) lastPainted = now;
      if ((!changed && lastPainted !== null) || now - t0 > 3000) {
        observer.disconnect();
        resolve(lastPainted === null ? null : {wait: frameStart - t0, work: lastPainted - frameStart});
      } else requestAnimationFrame(tick);
    });
  };
  requestAnimationFrame(tick);
});`;

interface ControlResult {
  page: string;
  control: string;
  samples: number;
  /** Frame start to painted (ms): the work a change costs. */
  p50: number;
  p95: number;
  /** Input event to the frame that applies it (ms): the runtime's wait for an animation frame. */
  waitP50: number;
}

interface Timing {
  wait: number;
  work: number;
}

async function controlLatencies(page: Page, path: string): Promise<ControlResult[]> {
  await page.addScriptTag({content: SET_CONTROL + "\n" + MEASURE});
  const controls = await page.$$eval("form[data-param]", (forms) =>
    forms.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => (f as HTMLElement).dataset.param!)
  );
  const out: ControlResult[] = [];
  for (const param of controls) {
    // Measure with the control on screen, as a reader would use it.
    await page.$eval(`form[data-param="${param}"]`, (f) => f.scrollIntoView({block: "center"}));
    await settle(page);
    const timings: Timing[] = [];
    for (let i = 1; i <= samples; i++) {
      const t = await page.evaluate(([p, n]) => (window as unknown as {__measureInput(p: string, n: number): Promise<Timing | null>}).__measureInput(p as string, n as number), [param, i] as const);
      if (t !== null) timings.push(t);
    }
    await settle(page);
    const work = timings.map((t) => t.work);
    if (timings.length) out.push({page: path, control: param, samples: timings.length, p50: percentile(work, 50), p95: percentile(work, 95), waitP50: percentile(timings.map((t) => t.wait), 50)});
  }
  return out;
}

interface PageBytes {
  page: string;
  raw: Record<string, number>;
  gzip: Record<string, number>;
  lcpMs: number;
}

function kindOf(url: string): string {
  const path = new URL(url).pathname;
  if (/\.js$/.test(path)) return "js";
  if (/\.css$/.test(path)) return "css";
  if (/\.(woff2?|ttf)$/.test(path)) return "fonts";
  if (/\.(json|csv)$/.test(path)) return "data";
  return "html";
}

async function main(): Promise<void> {
  let buildSeconds: number | null = null;
  if (!noBuild) {
    const t0 = performance.now();
    execSync("npm run build", {stdio: "ignore"});
    buildSeconds = (performance.now() - t0) / 1000;
  }
  const server = await serveStatic("dist");
  const browser = await launchBrowser();
  const pages = pagesArg ?? config.pages.map((p) => p.path).filter((p) => p !== "/workshop");
  const bytes: PageBytes[] = [];
  const latencies: ControlResult[] = [];
  try {
    for (const path of pages) {
      const context = await browser.newContext({viewport: {width: 1280, height: 900}});
      const page = await context.newPage();
      const raw: Record<string, number> = {};
      const gzip: Record<string, number> = {};
      const pending: Promise<void>[] = [];
      page.on("response", (response) => {
        if (!response.url().startsWith(server.origin)) return;
        pending.push(response.body().then((body) => {
          const k = kindOf(response.url());
          raw[k] = (raw[k] ?? 0) + body.length;
          gzip[k] = (gzip[k] ?? 0) + gzipSync(body).length;
        }, () => undefined));
      });
      await page.goto(server.origin + path, {waitUntil: "networkidle"});
      await settle(page);
      await Promise.all(pending);
      const lcpMs = await page.evaluate(() => new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve(entries[entries.length - 1].startTime);
        }).observe({type: "largest-contentful-paint", buffered: true});
        setTimeout(() => resolve(-1), 1000);
      }));
      bytes.push({page: path, raw, gzip, lcpMs});
      latencies.push(...(await controlLatencies(page, path)));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const kernels = benchKernels();
  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", {encoding: "utf8"}).trim();
    } catch {
      return "unknown";
    }
  })();
  const machine = {cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${platform()} ${release()}`, node: process.version};
  const results = {date: new Date().toISOString(), commit, machine, samplesPerControl: samples, buildSeconds, pages: bytes, latencies, kernels, budgets};
  // A --pages run measures part of the site; it must not replace the record of a full run.
  if (pagesArg === null) writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
  else console.log("Partial run (--pages): bench/results.json left as it was.");

  const kb = (n: number | undefined) => ((n ?? 0) / 1024).toFixed(1);
  console.log(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.node}; commit ${commit}`);
  if (buildSeconds !== null) console.log(`Cold build: ${buildSeconds.toFixed(1)} s`);
  console.log("\nBytes per page (KB, raw / gzip) and largest contentful paint");
  console.table(bytes.map((b) => ({page: b.page, "JS": `${kb(b.raw.js)} / ${kb(b.gzip.js)}`, "CSS": `${kb(b.raw.css)} / ${kb(b.gzip.css)}`, "fonts": kb(b.raw.fonts), "data": `${kb(b.raw.data)} / ${kb(b.gzip.data)}`, "JS+CSS gzip": kb((b.gzip.js ?? 0) + (b.gzip.css ?? 0)), "LCP ms": Math.round(b.lcpMs)})));
  console.log("\nInput-to-paint per control (ms): work = start of the frame that applies the change to painted; wait = input to that frame");
  console.table(latencies.map((l) => ({page: l.page, control: l.control, n: l.samples, "work p50": l.p50.toFixed(1), "work p95": l.p95.toFixed(1), "wait p50": l.waitP50.toFixed(1)})));
  console.log("\nKernels (median ms) next to a plain read of the same data");
  console.table(kernels.map((k) => ({kernel: k.name, "kernel ms": k.kernelMs.toFixed(3), "read ms": k.readMs.toFixed(3), ratio: k.ratio.toFixed(1)})));

  const failures: string[] = [];
  for (const l of latencies) if (l.p95 > budgets.inputToPaintP95Ms) failures.push(`${l.page} ${l.control}: p95 ${l.p95.toFixed(1)} ms > ${budgets.inputToPaintP95Ms} ms`);
  for (const b of bytes) {
    const total = ((b.gzip.js ?? 0) + (b.gzip.css ?? 0)) / 1024;
    if (total > budgets.pageJsCssGzipKB) failures.push(`${b.page}: JS+CSS ${total.toFixed(0)} KB gzip > ${budgets.pageJsCssGzipKB} KB`);
    if (b.lcpMs > budgets.largestContentfulPaintMs) failures.push(`${b.page}: LCP ${b.lcpMs.toFixed(0)} ms > ${budgets.largestContentfulPaintMs} ms`);
  }
  if (buildSeconds !== null && buildSeconds > budgets.coldBuildSeconds) failures.push(`cold build ${buildSeconds.toFixed(0)} s > ${budgets.coldBuildSeconds} s`);
  const moe = kernels.find((k) => k.name === ROUTING_KERNEL);
  if (moe && moe.ratio > budgets.moeRoutingOverRead) failures.push(`MoE routing is ${moe.ratio.toFixed(1)}× a plain read > ${budgets.moeRoutingOverRead}×`);
  const reroute = kernels.find((k) => k.name === REROUTE_KERNEL);
  if (reroute && reroute.kernelMs > budgets.moeRerouteMs) failures.push(`MoE re-route of 4,096 × 256 takes ${reroute.kernelMs.toFixed(1)} ms > ${budgets.moeRerouteMs} ms`);
  console.log(failures.length ? `\n${failures.length} budget(s) exceeded:\n- ${failures.join("\n- ")}` : "\nAll budgets met.");
  if (check && failures.length) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
