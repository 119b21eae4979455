/** Shared set-up for browser tests: serve dist/, drive Debian's Chromium, record errors and requests. */
import {after, before} from "node:test";
import {chromium, type Browser, type Page} from "playwright-core";
import {existsSync} from "node:fs";
import assert from "node:assert/strict";
import {serveStatic} from "../../scripts/serve.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic"
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run apt-get install -y chromium`);
  return chromium.launch({executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true});
}

export interface Site {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function openSite(): Promise<Site> {
  if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run npm run build first");
  const server = await serveStatic("dist");
  const browser = await launchBrowser();
  return {
    origin: server.origin,
    browser,
    async close() {
      await browser.close();
      await server.close();
    }
  };
}

export interface PageRecord {
  page: Page;
  consoleErrors: string[];
  offOrigin: string[];
}

/** Open `path`, blocking and recording any request that leaves the site's origin. */
export async function openPage(site: Site, path: string, viewport = {width: 1200, height: 900}, {lazy = false}: {lazy?: boolean} = {}): Promise<PageRecord> {
  const context = await site.browser.newContext({viewport});
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const offOrigin: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(site.origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    offOrigin.push(url);
    return route.abort();
  });
  // The site lets the browser skip off-screen blocks (content-visibility: auto), which also leaves
  // them out of innerText, and draws charts and formulas only near the viewport (lazy-render.ts);
  // tests read the whole page, so every block is rendered and everything drawn, unless `lazy`.
  if (!lazy) {
    await page.addInitScript(() => {
      // Init scripts run before <html> exists: mark it as soon as the parser creates it.
      new MutationObserver((_, observer) => {
        if (!document.documentElement) return;
        document.documentElement.setAttribute("data-render-all", "");
        observer.disconnect();
      }).observe(document, {childList: true});
    });
  }
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      const style = document.createElement("style");
      style.textContent = "#observablehq-main > .observablehq--block, .katex-display, figure.heatmap, .claim { content-visibility: visible !important; }";
      document.head.append(style);
    });
  });
  await page.goto(site.origin + path, {waitUntil: "networkidle"});
  return {page, consoleErrors, offOrigin};
}

/**
 * Reads a fresh load of `from` (a path, or a page's current URL) with `read`, checks its console
 * stayed clean, and closes it: what a kept output, updated in place, must equal.
 */
export async function readFreshLoad<T>(site: Site, from: Page | string, read: (page: Page) => Promise<T>, {lazy = false}: {lazy?: boolean} = {}): Promise<T> {
  const path = typeof from === "string" ? from : new URL(from.url()).pathname + new URL(from.url()).search;
  const fresh = await openPage(site, path, undefined, {lazy});
  try {
    await settle(fresh.page);
    const value = await read(fresh.page);
    assert.deepEqual(fresh.consoleErrors, [], `a fresh load of ${path}`);
    return value;
  } finally {
    await fresh.page.context().close();
  }
}

/** Visible text of the main content, for NaN/undefined checks. */
export async function mainText(page: Page): Promise<string> {
  return page.locator("#observablehq-main").innerText();
}

/** Wait until no Observable cell is pending (the runtime marks pending cells) and the URL is written. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), null, {timeout: 10000});
  // Control values reach the URL in an idle callback after the next paint (url-write.ts); one
  // scheduled the same way now runs after it, so page.url() holds them.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestIdleCallback(resolve, {timeout: 300}))));
  await page.waitForTimeout(50);
}

/** Type `value` into the number field of the control `param`, as a reader would, and wait for the page. */
export async function setNumber(page: Page, param: string, value: number): Promise<void> {
  const input = page.locator(`form[data-param="${param}"] input[type=number]`);
  await input.fill(String(value));
  await input.dispatchEvent("input");
  await settle(page);
}

/** Register before/after hooks that serve dist/ and launch Chromium once for a test file; returns the live site. */
export function useSite(): () => Site {
  let site: Site | undefined;
  before(async () => {
    site = await openSite();
  });
  after(async () => {
    await site?.close();
  });
  return () => {
    if (!site) throw new Error("the site is not open yet");
    return site;
  };
}

/** Text that must never be rendered: a sign of a number gone wrong. */
export const BAD_TEXT = /\b(NaN|undefined|Infinity)\b/;
