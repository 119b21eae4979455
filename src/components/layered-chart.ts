/**
 * A chart in two layers: a base that depends on few settings (a loss surface per fit), built
 * once per `key` and kept, and an overlay redrawn on every change (the chosen budget). Both
 * are Plot SVGs with the same width, height, margins and scales; the overlay has no axes and a
 * transparent background and lies exactly over the base. Exports merge the two
 * (chart-export.ts).
 */

export interface ChartLayers {
  /** Legend shown above the chart (part of the base: built once per key). */
  legend?: () => Element;
  base: () => Element;
}

const cache = new Map<string, {legend?: Element; base: Element}>();
/** Bases kept (one per fit and width is plenty). */
const CACHE_LIMIT = 12;

export function layeredChart(key: string, layers: ChartLayers, overlay: Element): HTMLElement {
  let kept = cache.get(key);
  if (!kept) {
    kept = {legend: layers.legend?.(), base: layers.base()};
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, kept);
  }
  overlay.classList.add("chart-overlay");
  const stack = document.createElement("div");
  stack.className = "chart-layers";
  stack.append(kept.base, overlay);
  const chart = document.createElement("div");
  if (kept.legend) chart.append(kept.legend);
  chart.append(stack);
  return chart;
}
