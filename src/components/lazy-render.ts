/**
 * Builds a re-run cell's costly output (a Plot chart, a KaTeX formula, a heatmap table) only when
 * the reader can see it. Each output has a stable key (its chart id, formula or TeX block key, or
 * heatmap key); one IntersectionObserver remembers which keys were near the viewport (within
 * half a screen) last time they were shown. When a control change re-runs a cell, an output whose key was near the viewport is
 * built at once, in the same frame; one that was off screen gets an empty placeholder of its
 * last height and is built when it scrolls near the viewport. A key seen for the first time
 * (page load) is built at once, so the first paint is complete. Outputs that keep their
 * element across changes (heatmaps, charts, formulas and kept TeX blocks) get new content with
 * rebuildWhenVisible().
 *
 * Printing, exports and `<html data-render-all>` (set by the browser tests, which read whole
 * pages) build everything that is pending.
 */

/** Keys near the viewport, by the state of the latest element shown for each key. */
const nearViewport = new Set<string>();
/** The latest element for each key; entries from older elements are ignored. */
const latest = new Map<string, Element>();
/** Last rendered height per key (px), for the placeholder. */
const heights = new Map<string, number>();
/** Builders of containers not yet filled. */
const pending = new WeakMap<Element, () => Node>();

let observer: IntersectionObserver | null = null;

function renderAll(): boolean {
  return typeof document === "undefined" || typeof IntersectionObserver === "undefined" || document.documentElement.hasAttribute("data-render-all");
}

function fill(element: Element): void {
  const build = pending.get(element);
  if (!build) return;
  pending.delete(element);
  (element as HTMLElement).style.minHeight = "";
  element.replaceChildren(build());
}

function watch(): IntersectionObserver {
  if (observer) return observer;
  observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const key = (entry.target as HTMLElement).dataset.lazyKey!;
        // A container taken off the page (a cell showing another output in its place) keeps the
        // nearness it had there, so it is built at once when shown there again.
        if (latest.get(key) !== entry.target || !entry.target.isConnected) continue;
        if (entry.boundingClientRect.height > 0 && !pending.has(entry.target)) heights.set(key, entry.boundingClientRect.height);
        if (entry.isIntersecting) {
          nearViewport.add(key);
          fill(entry.target);
        } else nearViewport.delete(key);
      }
    },
    {rootMargin: "50% 0px"}
  );
  addEventListener("beforeprint", () => renderPending());
  return observer;
}

/**
 * A `<div class=className>` whose content `build()` makes now if `key` was near the viewport
 * (or is new), else when it comes near.
 */
export function renderWhenVisible(key: string, build: () => Node, className: string): HTMLElement {
  const container = document.createElement("div");
  container.className = className;
  if (renderAll()) {
    container.append(build());
    return container;
  }
  const io = watch();
  container.dataset.lazyKey = key;
  const previous = latest.get(key);
  if (previous) io.unobserve(previous);
  if (!previous || nearViewport.has(key)) container.append(build());
  else {
    pending.set(container, build);
    const height = heights.get(key);
    if (height) container.style.minHeight = `${height}px`;
  }
  latest.set(key, container);
  io.observe(container);
  return container;
}

/**
 * Gives a container made by renderWhenVisible a new `build`: run now if the container is near
 * the viewport, else kept for when it comes near — the old content is cleared (leaving its
 * last height) the first time, and a container already waiting only swaps its builder, so an
 * output off screen costs no DOM change per control change and the page keeps its elements.
 */
export function rebuildWhenVisible(container: HTMLElement, build: () => Node): void {
  const key = container.dataset.lazyKey;
  if (renderAll() || key === undefined || nearViewport.has(key)) {
    pending.set(container, build);
    fill(container);
    return;
  }
  if (!pending.has(container)) {
    const height = heights.get(key);
    if (height) container.style.minHeight = `${height}px`;
    container.replaceChildren();
  }
  pending.set(container, build);
}

/** Whether an output with this key would be built at once now (near the viewport, or everything is drawn). */
export function isNearViewport(key: string): boolean {
  return renderAll() || nearViewport.has(key);
}

/** Build every pending output inside `root` (the whole document by default): for printing and exports. */
export function renderPending(root: ParentNode = document): void {
  for (const element of root.querySelectorAll("[data-lazy-key]")) fill(element);
}
