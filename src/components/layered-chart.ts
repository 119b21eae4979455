/**
 * A chart in two layers: a base that depends on few settings (a loss surface per fit), built
 * once per `key` and kept, and an overlay redrawn on every change (the chosen budget). Both
 * are Plot SVGs with the same width, height, margins and scales; the overlay has no axes and a
 * transparent background and lies exactly over the base. Exports merge the two
 * (chart-export.ts).
 */
import {whenIdle} from "./idle.js";

export interface ChartLayers {
  /** Legend shown above the chart (part of the base: built once per key). */
  legend?: () => Element;
  base: () => Element;
}

interface KeptLayers {
  legend?: Element;
  base: Element;
}

const cache = new Map<string, KeptLayers>();
/** Bases kept (one per fit and width is plenty). */
const CACHE_LIMIT = 12;

function keptLayers(key: string, makeLayers: () => ChartLayers): KeptLayers {
  let kept = cache.get(key);
  if (!kept) {
    const layers = makeLayers();
    kept = {legend: layers.legend?.(), base: layers.base()};
    // When it was built (ms since page load): tests check that a warmed base was built ahead.
    kept.base.setAttribute("data-built-at", String(Math.round(performance.now())));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, kept);
  }
  return kept;
}

/** Marks `overlay` as the top layer: laid exactly over the base (style.css), hidden from screen readers (the figure's label describes the chart). */
export function asOverlay<T extends Element>(overlay: T): T {
  overlay.classList.add("chart-overlay");
  overlay.setAttribute("aria-hidden", "true");
  return overlay;
}

/** `base` with `overlay` on top, in a `.chart-layers` box. */
export function stackLayers(base: Element, overlay: Element): HTMLElement {
  const stack = document.createElement("div");
  stack.className = "chart-layers";
  stack.append(base, asOverlay(overlay));
  return stack;
}

/** The base of `key` (made by `makeLayers` only when not kept) with `overlay` on top. */
export function layeredChart(key: string, makeLayers: () => ChartLayers, overlay: Element): HTMLElement {
  const kept = keptLayers(key, makeLayers);
  const chart = document.createElement("div");
  if (kept.legend) chart.append(kept.legend);
  chart.append(stackLayers(kept.base, overlay));
  return chart;
}

/**
 * Build the base of `key` in an idle moment, so that a later layeredChart(key, …) only swaps it
 * in (a reader trying the other fits). Nothing happens when it is already kept.
 */
export function warmLayeredChart(key: string, makeLayers: () => ChartLayers): void {
  if (cache.has(key)) return;
  whenIdle(() => keptLayers(key, makeLayers), 2000);
}
