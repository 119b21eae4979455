/**
 * Render charts of the built site to files, without clicking:
 *   npm run export -- <chart-id> [--<param> <value> …] [--size 1920x1080] [--format svg|png|csv] [--out DIR]
 *   npm run export -- --all [--format svg|png] [--size WxH] [--out DIR]
 *   npm run export -- --list
 * Builds dist/ when it is missing, serves it, and drives Debian's Chromium headlessly.
 * PNG files are exactly the requested size; SVG files carry it as width/height (the
 * drawing scales through its viewBox) and include the chart's caption line.
 */
import {execSync} from "node:child_process";
import {existsSync, mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import config from "../observablehq.config.js";
import {launchBrowser} from "../tests/browser/harness.js";
import {serveStatic} from "./serve.js";
import type {Browser, Page} from "playwright-core";

interface Options {
  chart: string | null;
  all: boolean;
  list: boolean;
  params: Record<string, string>;
  width: number;
  height: number;
  format: "svg" | "png" | "csv";
  out: string;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = {chart: null, all: false, list: false, params: {}, width: 1600, height: 900, format: "svg", out: "exports"};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--all") o.all = true;
    else if (a === "--list") o.list = true;
    else if (a.startsWith("--")) {
      const key = a.slice(2);
      const value = argv[++i];
      if (value === undefined) throw new Error(`${a} needs a value`);
      if (key === "size") {
        const m = /^(\d+)x(\d+)$/.exec(value);
        if (!m) throw new Error(`--size must look like 1920x1080`);
        [o.width, o.height] = [Number(m[1]), Number(m[2])];
        if (o.width < 200 || o.height < 150 || o.width > 8000 || o.height > 8000) throw new Error("--size must be between 200x150 and 8000x8000");
      } else if (key === "format") {
        if (!["svg", "png", "csv"].includes(value)) throw new Error("--format must be svg, png or csv");
        o.format = value as Options["format"];
      } else if (key === "out") o.out = value;
      else o.params[key] = value;
    } else if (o.chart === null) o.chart = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!o.all && !o.list && !o.chart) throw new Error("name a chart id, or use --all or --list");
  return o;
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), null, {timeout: 30000});
  await page.waitForTimeout(100);
}

/** Every chart id on every page, by page path. */
async function discover(browser: Browser, origin: string): Promise<Map<string, string>> {
  const where = new Map<string, string>();
  for (const {path} of config.pages) {
    const page = await browser.newPage();
    await page.goto(origin + path, {waitUntil: "networkidle"});
    await settle(page);
    const ids = await page.evaluate(() => (window as unknown as {llmMathExport?: {charts(): string[]}}).llmMathExport?.charts() ?? []);
    for (const id of ids) if (!where.has(id)) where.set(id, path);
    await page.close();
  }
  return where;
}

async function exportChart(browser: Browser, origin: string, path: string, id: string, o: Options): Promise<string> {
  const query = new URLSearchParams({...o.params, embed: id, controls: "0"});
  const context = await browser.newContext({viewport: {width: o.width, height: o.height}, deviceScaleFactor: 1});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${origin}${path}?${query}`, {waitUntil: "networkidle"});
  await settle(page);
  await page.locator(`figure.chart[data-chart="${id}"]`).waitFor({timeout: 15000});
  if (errors.length) throw new Error(`${id}: ${errors.join("; ")}`);
  mkdirSync(o.out, {recursive: true});
  const file = join(o.out, `${id}.${o.format}`);
  if (o.format === "png") {
    await page.screenshot({path: file, clip: {x: 0, y: 0, width: o.width, height: o.height}});
  } else if (o.format === "csv") {
    writeFileSync(file, await page.evaluate((chart) => (window as unknown as {llmMathExport: {csv(id: string): string}}).llmMathExport.csv(chart), id));
  } else {
    const {svg, width, height} = await page.evaluate((chart) => (window as unknown as {llmMathExport: {svg(id: string): {svg: string; width: number; height: number}}}).llmMathExport.svg(chart), id);
    const sized = svg.replace(/^<svg([^>]*?) width="[\d.]+" height="[\d.]+"/, `<svg$1 width="${o.width}" height="${o.height}" preserveAspectRatio="xMidYMid meet"`);
    if (sized === svg) throw new Error(`${id}: unexpected SVG header (${width}×${height})`);
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${sized}\n`);
  }
  await context.close();
  return file;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync("dist/index.html")) execSync("npm run build", {stdio: "inherit"});
  const server = await serveStatic("dist");
  const browser = await launchBrowser();
  try {
    const where = await discover(browser, server.origin);
    if (o.list) {
      for (const [id, path] of where) console.log(`${id}\t${path}`);
      return;
    }
    const targets = o.all ? [...where.keys()] : [o.chart!];
    for (const id of targets) {
      const path = where.get(id);
      if (!path) throw new Error(`no chart "${id}"; try --list`);
      console.log(`${id} → ${await exportChart(browser, server.origin, path, id, o)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1]?.endsWith("export.ts")) {
  main().catch((error) => {
    console.error(`export: ${(error as Error).message}`);
    process.exit(1);
  });
}
